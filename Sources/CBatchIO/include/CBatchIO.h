#ifndef CBATCHIO_H
#define CBATCHIO_H

#include <stdint.h>

/// Batched datagram I/O for the user plane: recvmmsg/sendmmsg over one preallocated slab of
/// packet slots (the Swift Glibc module does not expose struct mmsghdr, which needs _GNU_SOURCE),
/// and a TUN device opener (struct ifreq and its ioctl are awkward from Swift).
///
/// A batch is `count` slots of `slot_size` octets. A received datagram lands at `headroom` octets
/// into its slot, so that a header can be put in front of it without moving it; a datagram to send
/// is the slot's octets from `offset` for `length`, to an IPv4 address and port.
typedef struct cbio_batch cbio_batch;

cbio_batch *cbio_batch_create(int count, int slot_size, int headroom);
void cbio_batch_destroy(cbio_batch *batch);
int cbio_batch_count(const cbio_batch *batch);
int cbio_batch_slot_size(const cbio_batch *batch);
int cbio_batch_headroom(const cbio_batch *batch);
uint8_t *cbio_batch_slot(cbio_batch *batch, int index);

/// After a receive: the datagram's length and its source (network byte order).
int cbio_batch_received_length(const cbio_batch *batch, int index);
uint32_t cbio_batch_source_address(const cbio_batch *batch, int index);
uint16_t cbio_batch_source_port(const cbio_batch *batch, int index);

/// Before a send: which octets of slot `index` go where (address and port in network byte order).
void cbio_batch_set_outgoing(cbio_batch *batch, int index, int offset, int length, uint32_t address, uint16_t port);

/// Receives up to `max` datagrams (at least one, waiting for it unless the socket is non-blocking);
/// returns how many, or -errno.
int cbio_receive(int fd, cbio_batch *batch, int max);
/// Sends the first `count` prepared datagrams, retrying the rest after a partial send; returns how
/// many the kernel took, or -errno when none was.
int cbio_send(int fd, cbio_batch *batch, int count);
/// Sends the prepared datagrams at the given slot indices (those kept from a received batch).
int cbio_send_indices(int fd, cbio_batch *batch, const int32_t *indices, int count);

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
