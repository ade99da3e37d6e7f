// The SGi packet socket's sending side, as the TUN writer's flush uses it (not part of the
// module's interface; see cbio_sgi_tx in CBatchIO.h).
#ifndef CBATCHIO_TRANSMIT_H
#define CBATCHIO_TRANSMIT_H

#include "CBatchIO.h"
#include <sys/uio.h>

typedef struct {
    /// Packets the link accepted, and of those how many went inside a multi-packet (GSO) frame.
    int packets;
    int coalesced;
} sgi_tx_sent;

/// Starts a batch: the clock for the cache, and at most a few kernel lookups until the next
/// (a destination the cache does not know meanwhile takes the TUN device's way).
void sgi_tx_begin(cbio_sgi_tx *tx);
/// 1 when it takes the packet (its TTL then decremented; the memory must stay until the send),
/// 0 when it must go the kernel's way.
int sgi_tx_offer(cbio_sgi_tx *tx, uint8_t *packet, uint32_t length);
/// The same for a UDP flow's train as one GSO frame: `headers` are the 28 octets of IPv4 and UDP
/// header for the whole (copied; the TTL decremented in the copy), `payloads` its datagrams'
/// payloads, each `segment` octets but the last (the memory must stay until the send).
int sgi_tx_offer_train(cbio_sgi_tx *tx, const uint8_t *headers, uint16_t segment, const struct iovec *payloads, int count);
/// Sends what it took since the last send, in order.
sgi_tx_sent sgi_tx_send(cbio_sgi_tx *tx);

#endif
