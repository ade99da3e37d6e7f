#ifndef CBATCHIO_H
#define CBATCHIO_H

#include <stdint.h>

/// Batched datagram I/O for the user plane: recvmmsg/sendmmsg over one preallocated slab of
/// packet slots (the Swift Glibc module does not expose struct mmsghdr, which needs _GNU_SOURCE),
/// UDP GRO on receive and UDP GSO on send, and a TUN device opener (struct ifreq and its ioctl are
/// awkward from Swift).
///
/// A batch is `count` slots of `slot_size` octets. A received datagram lands at `headroom` octets
/// into its slot, so that a header can be put in front of it without moving it. With UDP GRO on the
/// socket, one received datagram may be several the peer sent, coalesced by the kernel: all of
/// `segment_size` octets but the last, which may be shorter (slots must then hold 65,535 octets).
///
/// Datagrams to send are queued as (start, length, destination) anywhere in memory (usually in the
/// batch's slots) and sent together: consecutive ones to the same destination, of the same length
/// (the last of a run may be shorter), go as one UDP GSO send when the socket allows it.
typedef struct cbio_batch cbio_batch;

/// One queued datagram: `length` octets at `start`, to `address`:`port` (network byte order).
typedef struct {
    uint8_t *start;
    uint32_t length;
    uint32_t address;
    uint16_t port;
    uint16_t reserved;
} cbio_outgoing;

/// `outgoing_capacity` datagrams can be queued before a send.
cbio_batch *cbio_batch_create(int count, int slot_size, int headroom, int outgoing_capacity);
void cbio_batch_destroy(cbio_batch *batch);
uint8_t *cbio_batch_slot(cbio_batch *batch, int index);

/// After a receive: the datagram's length, its GRO segment size (0: it is one datagram) and its
/// source (network byte order).
int cbio_batch_received_length(const cbio_batch *batch, int index);
int cbio_batch_segment_size(const cbio_batch *batch, int index);
uint32_t cbio_batch_source_address(const cbio_batch *batch, int index);
uint16_t cbio_batch_source_port(const cbio_batch *batch, int index);

/// The queue of datagrams to send (`cbio_batch_outgoing_capacity` entries), filled by the caller.
cbio_outgoing *cbio_batch_outgoing(cbio_batch *batch);
int cbio_batch_outgoing_capacity(const cbio_batch *batch);

/// Turns UDP GRO on for a socket (the kernel hands over runs of same-sized datagrams from one
/// peer as one); 0, or -errno when the kernel refuses.
int cbio_enable_udp_gro(int fd);
/// Whether the kernel takes UDP_SEGMENT on this socket; 1, or 0 when it does not know it.
int cbio_udp_gso_supported(int fd);

/// Receives up to `max` datagrams (at least one, waiting for it unless the socket is non-blocking);
/// returns how many, or -errno.
int cbio_receive(int fd, cbio_batch *batch, int max);

/// What a send did: datagrams the kernel took (each GSO segment counted), and how many GSO sends
/// it refused and were sent again one datagram at a time.
typedef struct {
    int sent;
    int segmentation_refused;
} cbio_send_result;

/// Sends the first `count` queued datagrams, as GSO runs when `segment` is set, retrying the rest
/// after a partial send. A datagram the kernel refuses (no route, too long) is dropped and the
/// others go on; a refused GSO send is split and sent datagram by datagram.
cbio_send_result cbio_send_queued(int fd, cbio_batch *batch, int count, int segment);

/// Opens /dev/net/tun as a layer-3 TUN device without packet information (IFF_TUN | IFF_NO_PI)
/// named `name` ("" lets the kernel choose); the name it got is written to `actual` (IFNAMSIZ
/// octets). Returns the descriptor or -errno.
int cbio_tun_open(const char *name, char *actual);

/// Sets the interface `name` up (SIOCSIFFLAGS). 0 or -errno.
int cbio_link_up(const char *name);

/// Puts `address`/`prefix_length` (host byte order) on the interface `name`, replacing the same
/// address if it is there (rtnetlink RTM_NEWADDR, NLM_F_REPLACE); the kernel adds the prefix's
/// route. 0 or -errno.
int cbio_ipv4_address_replace(const char *name, uint32_t address, uint8_t prefix_length);

/// Puts a route to `destination`/`prefix_length` (host byte order) in routing table `table`: via
/// `gateway` (0: directly) out of `device`, or, when `unreachable`, an unreachable route (the
/// kernel answers ICMP net unreachable). Replaces the same route. 0 or -errno.
int cbio_ipv4_route_replace(uint32_t destination, uint8_t prefix_length, uint32_t gateway, const char *device, uint32_t table,
                            int unreachable);

/// Adds the policy rule "from `source`/`prefix_length` lookup `table`" at `priority`; a rule that
/// is already there is success. 0 or -errno.
int cbio_ipv4_source_rule_add(uint32_t source, uint8_t prefix_length, uint32_t table, uint32_t priority);

/// Deletes the interface `name` (rtnetlink RTM_DELLINK). 0 or -errno.
int cbio_link_delete(const char *name);

/// Sets a socket's receive and send buffers, forcing past the sysctl limits when privileged.
void cbio_set_buffers(int fd, int bytes);

/// Calls `body(context)` on a new thread that first joins the network namespace at `path`
/// (/var/run/netns/NAME), and waits for it: sockets and TUN devices made there stay in that
/// namespace for their whole life, and no other thread ever changes namespace. 0 or -errno.
int cbio_run_in_network_namespace(const char *path, void (*body)(void *), void *context);

/// Names the calling thread (15 characters at most), as `top -H` and `perf` show it.
void cbio_set_thread_name(const char *name);

#endif
