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
int cbio_batch_slot_size(const cbio_batch *batch);
int cbio_batch_headroom(const cbio_batch *batch);

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
/// and with a virtio-net header in front of every packet (IFF_VNET_HDR), named `name` ("" lets the
/// kernel choose); the name it got is written to `actual` (IFNAMSIZ octets). Returns the
/// descriptor or -errno.
int cbio_tun_open(const char *name, char *actual);

/// Sets the transmit queue length of the interface `name` (SIOCSIFTXQLEN): for a TUN device, the
/// packets the kernel holds for the reader. 0 or -errno.
int cbio_link_set_queue_length(const char *name, int length);

/// Lets the kernel hand over TCP (TSO) and UDP (USO) packets whole, as one read for a whole
/// segmentation run, with checksums partial: for readers that cut them up (cbio_segment_ipv4).
/// 0 or -errno.
int cbio_tun_enable_offloads(int fd);

/// Reads up to `max` packets from a non-blocking TUN descriptor into the batch's slots (each at
/// the slot's headroom) until none is waiting; their lengths go to `lengths`, and to
/// `segment_sizes` 0 for a whole packet or, for an IPv4 TCP or UDP packet that stands for several
/// (offloads on), the size of their payloads. A length of -1 marks a packet that could not be
/// taken (another kind of segmentation). A checksum the kernel left partial on a whole packet is
/// completed. Returns how many were read.
int cbio_tun_read(int fd, cbio_batch *batch, int32_t *lengths, uint16_t *segment_sizes, int max);

/// Cuts an IPv4 TCP or UDP packet that stands for several (from a TUN read with offloads on) into
/// them, as the kernel's segmentation would: each at `output + offsets[i]`, with `headroom` free
/// octets in front of it, its own lengths, Identification (counting up), TCP sequence number and
/// flags (FIN and PSH on the last only, CWR on the first only) and checksums. Returns how many, or
/// -1 when it is not such a packet or they do not fit in `room` octets or `max` segments.
int cbio_segment_ipv4(const uint8_t *packet, int length, int segment_size, uint8_t *output, int room, int headroom,
                      uint32_t *offsets, int32_t *lengths, int max);

/// The uplink's way past the kernel's forwarding: frames for the SGi interface, sent with one
/// sendmmsg on a packet socket, for the packets the kernel would forward out of it unchanged but
/// for the TTL (plain IPv4 within the route's MTU, a TTL above 1, a unicast route from the TUN
/// device out of that interface, a next hop in the neighbour table). Route and next hop come from
/// the kernel (as for a packet in from the TUN device), kept per destination for a second, the
/// neighbour marked in use each time (NTF_USE) so the kernel keeps confirming it.
typedef struct cbio_sgi_tx cbio_sgi_tx;

/// Opens it on `interface` (Ethernet) for packets coming from the TUN device `via`; NULL with
/// -errno in `error`. Needs CAP_NET_RAW (and CAP_NET_ADMIN to mark neighbours in use: without,
/// a stale neighbour's packets go through the TUN device, whose kernel path checks it).
cbio_sgi_tx *cbio_sgi_tx_open(const char *interface, const char *via, int *error);
void cbio_sgi_tx_close(cbio_sgi_tx *tx);

/// Packets queued for a TUN device (not copied: they must stay put until the flush) and written
/// together. Consecutive UDP datagrams of one flow — between one pair of hosts, same ports and
/// header fields, the same payload size but the last — go to the kernel as one UDP GSO packet of
/// up to 64 segments, which it routes, filters and forwards once and cuts into the original
/// datagrams on the way out (their checksums verified here first; a datagram whose checksum is
/// wrong goes alone, as it came). Everything else goes one packet per write. Packets between one
/// pair of hosts keep their order; trains of different pairs may pass each other.
typedef struct cbio_tun_queue cbio_tun_queue;

typedef struct {
    /// Packets the kernel took, and of those how many went inside a multi-packet write.
    int written;
    int coalesced;
    /// Writes into the TUN device.
    int writes;
    /// UDP GSO writes the kernel refused (a kernel before 6.2): those packets went one by one, as all do after.
    int segmentation_refused;
    /// Of `written` (and of `coalesced`), those sent out of the SGi interface by the `cbio_sgi_tx` instead.
    int transmitted;
} cbio_tun_flush_result;

cbio_tun_queue *cbio_tun_queue_create(int capacity);
void cbio_tun_queue_destroy(cbio_tun_queue *queue);
/// Queues a packet; returns the room left, or -1 (not queued) when the queue is full.
int cbio_tun_queue_add(cbio_tun_queue *queue, const uint8_t *packet, uint32_t length);
int cbio_tun_queue_count(const cbio_tun_queue *queue);
/// Writes every queued packet and empties the queue. With `tx`, each packet or train is offered to
/// it first; what it takes is sent before the next write to the TUN device, so what leaves goes
/// in the order queued.
cbio_tun_flush_result cbio_tun_queue_flush(int fd, cbio_tun_queue *queue, cbio_sgi_tx *tx);

/// Sets the interface `name` up (SIOCSIFFLAGS). 0 or -errno.
int cbio_link_up(const char *name);

/// The MTU of the interface `name` (SIOCGIFMTU), or -errno.
int cbio_link_mtu(const char *name);

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

/// Which IPv4 packets arriving on the SGi interface the PGW takes before IP forwarding: plain
/// IPv4 (version 4, no options), UDP or ICMP, with a TTL above 1, at most `max_length` octets,
/// sent to the host (not broadcast or another host's MAC), to an address in one of the pools but
/// not the pool's own address on the TUN device. TCP and other protocols, longer packets (a
/// data-network host's GSO runs), expiring ones and everything else keep the kernel's path
/// through the TUN device, which sends ICMP errors and keeps a TCP connection's segments on one
/// path, in order.
typedef struct {
    uint32_t network;
    uint32_t mask;
    uint32_t local;
} cbio_ring_pool;

#define CBIO_RING_MAX_POOLS 64

/// A TPACKET_V2 receive ring on the SGi interface (AF_PACKET, IPv4 frames, a virtio-net header in
/// front of each so partial checksums and segmentation come with them; outgoing frames ignored).
/// Frames stay in the ring until `cbio_ring_release`: the packets handed out point into it.
typedef struct cbio_ring cbio_ring;

/// Opens the ring on `interface` with `frames` frames, each large enough for `max_length`
/// octets of IP packet; NULL with -errno in `error` (-EOPNOTSUPP before Linux 6.2, whose ring
/// cannot carry a UDP GSO frame's header and stalls on one).
cbio_ring *cbio_ring_open(const char *interface, int frames, int max_length, const cbio_ring_pool *pools, int pool_count,
                          int *error);
void cbio_ring_close(cbio_ring *ring);
/// The packet socket, readable (poll) when a frame waits.
int cbio_ring_descriptor(const cbio_ring *ring);
/// Takes up to `max` selected packets from the frames the kernel has filled, in order: a pointer
/// to each IP header (with at least 16 free octets in front of it), its length and 0 or the
/// payload size of the datagrams a UDP GSO frame stands for. Each has its TTL decremented (the
/// header checksum updated) and a checksum the sender left partial completed; a selected packet
/// that is malformed (header checksum, lengths, truncated) has length -1, one standing for a kind
/// of segmentation this cannot cut (a UDP tunnel's TCP segments) -2. Frames not selected are passed over: the kernel forwards those. When none is
/// selected, every frame looked at is given back before returning.
int cbio_ring_take(cbio_ring *ring, uint8_t **packets, int32_t *lengths, uint16_t *segment_sizes, int max);
/// Gives every frame looked at since the last release back to the kernel.
void cbio_ring_release(cbio_ring *ring);
/// Frames the kernel dropped because the ring was full, since the last call (PACKET_STATISTICS).
uint32_t cbio_ring_full_drops(cbio_ring *ring);

/// Installs, in the calling thread's network namespace, the netdev-family nftables table
/// `vcore_pgw_sgi` with an ingress chain on `interface` that drops what the ring selects (one rule
/// per pool, counted), replacing the table when it is there: the kernel then does not forward
/// what the PGW took. The ring must be open first. 0 or -errno.
int cbio_ring_install_drop_rules(const char *interface, int max_length, const cbio_ring_pool *pools, int pool_count);
/// Deletes that table if it is there. 0 or -errno.
int cbio_ring_remove_drop_rules(void);

#endif
