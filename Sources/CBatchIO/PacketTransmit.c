#define _GNU_SOURCE
#include "CBatchIO.h"
#include "Checksum.h"
#include "Transmit.h"

#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

// The uplink's way out past the kernel's per-packet forwarding: what the kernel would forward out
// of the SGi interface after a TUN write (route lookup from the TUN device, TTL, neighbour) is
// done here for plain packets, and the frames go to the interface's driver in one sendmmsg.
// The route and the next hop's MAC come from the kernel itself (RTM_GETROUTE as if the packet had
// come in on the TUN device, RTM_GETNEIGH), cached per destination for a second; what the cache
// cannot answer yet goes through the TUN device, which makes the kernel resolve it.

#define TX_CACHE_SIZE 1024
#define TX_MESSAGES 256
#define TX_PARTS 4096
/// A train of datagrams this short is copied into one piece before the send: the kernel's
/// per-iovec cost (a user copy each, checks and all) is most of what small ones cost it.
#define TX_COPY_SEGMENTS_UP_TO 256
#define TX_STAGING (256 * 1024)
#define TX_LOOKUPS_PER_FLUSH 4
#define TX_ANSWER_FOR_NS 1000000000LL
/// A neighbour being resolved is asked about again soon: the TUN write that went instead has the
/// kernel resolving it, which on a LAN takes about a millisecond. One the kernel gave up on
/// (FAILED), or one it cannot be asked to confirm, less often.
#define TX_RESOLVING_FOR_NS 2000000LL
#define TX_UNUSABLE_FOR_NS 100000000LL
#define LINK_HEADER 14

typedef struct {
    uint32_t destination;
    /// The smaller of the route's MTU and the interface's: longer packets are the kernel's.
    uint32_t mtu;
    uint8_t mac[6];
    uint8_t known, usable;
    int64_t expires;
} next_hop;

/// What goes in front of a frame's payloads: the virtio-net header (GSO for a train) and the
/// Ethernet header, followed for a train by its IPv4 and UDP headers.
typedef struct {
    struct virtio_net_hdr vnet;
    uint8_t head[LINK_HEADER + 28];
} frame_head;

struct cbio_sgi_tx {
    int fd, netlink;
    int ifindex, via_ifindex, mtu;
    /// The interface's name, for the MTU ioctl on `fd` (which asks in the socket's namespace,
    /// whichever the calling thread is in).
    char name[IFNAMSIZ];
    /// Whether the kernel takes a UDP GSO frame on a packet socket (Linux 6.2 on); before,
    /// trains go into the TUN device, which then cuts them or refuses them as before.
    int trains;
    uint8_t own_mac[6];
    uint32_t sequence;
    int64_t now;
    int lookups_left;
    /// Frames and iovecs taken since the last send; packets each frame stands for.
    int count, parts_used;
    uint16_t packets[TX_MESSAGES];
    /// What a send made because the batch was full during an offer, for the next send to report.
    sgi_tx_sent early;
    /// Small trains' payloads, copied together (see TX_COPY_SEGMENTS_UP_TO), until the send.
    size_t staging_used;
    uint8_t staging[TX_STAGING];
    /// Netlink answers (one at a time), aligned for the headers read from it.
    union { struct nlmsghdr header; char bytes[8192]; } answer;
    next_hop cache[TX_CACHE_SIZE];
    frame_head heads[TX_MESSAGES];
    struct iovec parts[TX_PARTS];
    struct mmsghdr messages[TX_MESSAGES];
    struct sockaddr_ll link;
};

static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/// The interface's MTU now (an `ip link set mtu` since the open counts), or the last one read.
static int interface_mtu(cbio_sgi_tx *tx) {
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    memcpy(request.ifr_name, tx->name, IFNAMSIZ);
    if (ioctl(tx->fd, SIOCGIFMTU, &request) == 0) tx->mtu = request.ifr_mtu;
    return tx->mtu;
}

cbio_sgi_tx *cbio_sgi_tx_open(const char *interface, const char *via, int *error) {
    cbio_sgi_tx *tx = calloc(1, sizeof(cbio_sgi_tx));
    if (!tx) { *error = -ENOMEM; return NULL; }
    tx->fd = tx->netlink = -1;
    tx->ifindex = (int)if_nametoindex(interface);
    tx->via_ifindex = (int)if_nametoindex(via);
    if (tx->ifindex == 0 || tx->via_ifindex == 0) { *error = -ENODEV; goto fail; }
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, interface, IFNAMSIZ - 1);
    memcpy(tx->name, request.ifr_name, IFNAMSIZ);
    // Protocol 0: a socket that only sends, so no frame is ever copied to it.
    tx->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (tx->fd < 0) { *error = -errno; goto fail; }
    if (ioctl(tx->fd, SIOCGIFHWADDR, &request) < 0) { *error = -errno; goto fail; }
    if (request.ifr_hwaddr.sa_family != ARPHRD_ETHER) { *error = -EPFNOSUPPORT; goto fail; }
    memcpy(tx->own_mac, request.ifr_hwaddr.sa_data, 6);
    if (interface_mtu(tx) == 0) { *error = -errno; goto fail; }
    tx->trains = kernel_describes_udp_segmentation();
    tx->link = (struct sockaddr_ll){.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = tx->ifindex};
    struct sockaddr_ll bound = {.sll_family = AF_PACKET, .sll_protocol = 0, .sll_ifindex = tx->ifindex};
    if (bind(tx->fd, (struct sockaddr *)&bound, sizeof(bound)) < 0) { *error = -errno; goto fail; }
    // Each frame starts with a virtio-net header: a train goes as one UDP GSO frame.
    int on = 1;
    if (setsockopt(tx->fd, SOL_PACKET, PACKET_VNET_HDR, &on, sizeof(on)) < 0) { *error = -errno; goto fail; }
    int bytes = 4 << 20;
    if (setsockopt(tx->fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) < 0)
        setsockopt(tx->fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
    tx->netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (tx->netlink < 0) { *error = -errno; goto fail; }
    // A lookup on the forwarding thread must never hang it.
    struct timeval timeout = {.tv_sec = 0, .tv_usec = 100000};
    setsockopt(tx->netlink, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    if (bind(tx->netlink, (struct sockaddr *)&local, sizeof(local)) < 0) { *error = -errno; goto fail; }
    return tx;
fail:
    cbio_sgi_tx_close(tx);
    return NULL;
}

void cbio_sgi_tx_close(cbio_sgi_tx *tx) {
    if (!tx) return;
    if (tx->fd >= 0) close(tx->fd);
    if (tx->netlink >= 0) close(tx->netlink);
    free(tx);
}

/// Sends `request` and reads the answer with the same sequence number into `tx->answer`: its
/// length, or -errno (the kernel's error for the request included).
static int ask(cbio_sgi_tx *tx, struct nlmsghdr *request) {
    request->nlmsg_flags = NLM_F_REQUEST | (request->nlmsg_flags & ~NLM_F_REQUEST);
    request->nlmsg_seq = ++tx->sequence;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(tx->netlink, request, request->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) return -errno;
    for (;;) {
        ssize_t received = recv(tx->netlink, tx->answer.bytes, sizeof(tx->answer.bytes), MSG_TRUNC);
        if (received < 0) return -errno;
        struct nlmsghdr *header = &tx->answer.header;
        // A late answer to an earlier, timed-out request (skipped, even when too long to keep).
        if (received <= (ssize_t)sizeof(tx->answer.bytes) && NLMSG_OK(header, (unsigned)received)
            && header->nlmsg_seq != tx->sequence) continue;
        if (received > (ssize_t)sizeof(tx->answer.bytes) || !NLMSG_OK(header, (unsigned)received)) return -EPROTO;
        if (header->nlmsg_type == NLMSG_ERROR) {
            int result = ((struct nlmsgerr *)NLMSG_DATA(header))->error;
            return result < 0 ? result : 0;
        }
        return (int)received;
    }
}

/// `ask`, for an answer of type `expected`: the answer's header, or NULL (an error, another type).
static struct nlmsghdr *query(cbio_sgi_tx *tx, struct nlmsghdr *request, uint16_t expected) {
    if (ask(tx, request) <= 0) return NULL;
    return tx->answer.header.nlmsg_type == expected ? &tx->answer.header : NULL;
}

static void add_attribute(struct nlmsghdr *message, unsigned short type, const void *data, unsigned short length) {
    struct rtattr *attribute = (struct rtattr *)((char *)message + NLMSG_ALIGN(message->nlmsg_len));
    attribute->rta_type = type;
    attribute->rta_len = RTA_LENGTH(length);
    memcpy(RTA_DATA(attribute), data, length);
    message->nlmsg_len = NLMSG_ALIGN(message->nlmsg_len) + RTA_ALIGN(attribute->rta_len);
}

/// The kernel's forwarding decision for a packet from `source` to `destination` arriving on the
/// TUN device: 1 with the next hop and the route's MTU (0: none) when it leaves through the SGi
/// interface as plain unicast to an IPv4 next hop, 0 when it does anything else (local, another
/// interface, unreachable, forwarding off, an IPv6 gateway).
static int route_out(cbio_sgi_tx *tx, uint32_t source, uint32_t destination, uint32_t *next_hop_address, uint32_t *mtu) {
    struct { struct nlmsghdr header; struct rtmsg route; char attributes[64]; } request;
    memset(&request, 0, sizeof(request));
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
    request.header.nlmsg_type = RTM_GETROUTE;
    request.route = (struct rtmsg){.rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_src_len = 32};
    uint32_t wire_destination = htonl(destination), wire_source = htonl(source);
    add_attribute(&request.header, RTA_DST, &wire_destination, 4);
    add_attribute(&request.header, RTA_SRC, &wire_source, 4);
    add_attribute(&request.header, RTA_IIF, &tx->via_ifindex, 4);
    struct nlmsghdr *header = query(tx, &request.header, RTM_NEWROUTE);
    if (!header) return 0;
    struct rtmsg *route = NLMSG_DATA(header);
    if (route->rtm_type != RTN_UNICAST) return 0;
    int oif = 0;
    uint32_t gateway = 0;
    *mtu = 0;
    int remaining = (int)RTM_PAYLOAD(header);
    for (struct rtattr *attribute = RTM_RTA(route); RTA_OK(attribute, remaining); attribute = RTA_NEXT(attribute, remaining)) {
        if (attribute->rta_type == RTA_OIF && RTA_PAYLOAD(attribute) >= 4) memcpy(&oif, RTA_DATA(attribute), 4);
        if (attribute->rta_type == RTA_VIA) return 0;  // RFC 5549: the next hop's MAC is an IPv6 neighbour's
        if (attribute->rta_type == RTA_GATEWAY && RTA_PAYLOAD(attribute) >= 4) {
            memcpy(&gateway, RTA_DATA(attribute), 4);
            gateway = ntohl(gateway);
        }
        if (attribute->rta_type == RTA_METRICS) {
            int left = (int)RTA_PAYLOAD(attribute);
            for (struct rtattr *metric = RTA_DATA(attribute); RTA_OK(metric, left); metric = RTA_NEXT(metric, left)) {
                if (metric->rta_type == RTAX_MTU && RTA_PAYLOAD(metric) >= 4) memcpy(mtu, RTA_DATA(metric), 4);
            }
        }
    }
    if (oif != tx->ifindex) return 0;
    *next_hop_address = gateway ? gateway : destination;
    return 1;
}

/// The neighbour table's MAC for `address` on the SGi interface: 1 when the kernel would send to
/// it now (reachable, or stale and being checked), 0 when it is unresolved, failed or absent.
/// `state` is the entry's (NUD_NONE when there is none).
static int neighbour(cbio_sgi_tx *tx, uint32_t address, uint8_t *mac, uint16_t *state) {
    struct { struct nlmsghdr header; struct ndmsg neighbour; char attributes[32]; } request;
    memset(&request, 0, sizeof(request));
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg));
    request.header.nlmsg_type = RTM_GETNEIGH;
    request.neighbour = (struct ndmsg){.ndm_family = AF_INET, .ndm_ifindex = tx->ifindex};
    uint32_t wire = htonl(address);
    add_attribute(&request.header, NDA_DST, &wire, 4);
    *state = NUD_NONE;
    struct nlmsghdr *header = query(tx, &request.header, RTM_NEWNEIGH);
    if (!header) return 0;
    struct ndmsg *entry = NLMSG_DATA(header);
    // The kernel puts in a link address only for an entry it would send to (NUD_VALID: reachable,
    // stale, delay, probe, permanent, noarp), never for an incomplete or failed one.
    *state = entry->ndm_state;
    int remaining = (int)(header->nlmsg_len - NLMSG_LENGTH(sizeof(struct ndmsg)));
    for (struct rtattr *attribute = (struct rtattr *)((char *)entry + NLMSG_ALIGN(sizeof(struct ndmsg)));
         RTA_OK(attribute, remaining); attribute = RTA_NEXT(attribute, remaining)) {
        if (attribute->rta_type == NDA_LLADDR && RTA_PAYLOAD(attribute) == 6) {
            memcpy(mac, RTA_DATA(attribute), 6);
            return 1;
        }
    }
    return 0;
}

/// Tells the kernel the neighbour is in use (NTF_USE), as sending through it would: a stale
/// entry gets confirmed (or fails, and the next lookup finds out), where frames sent past the
/// kernel would otherwise leave it stale for good. 0 or -errno (-EPERM without CAP_NET_ADMIN).
static int mark_used(cbio_sgi_tx *tx, uint32_t address) {
    struct { struct nlmsghdr header; struct ndmsg neighbour; char attributes[32]; } request;
    memset(&request, 0, sizeof(request));
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg));
    request.header.nlmsg_type = RTM_NEWNEIGH;
    request.header.nlmsg_flags = NLM_F_ACK | NLM_F_REPLACE;
    request.neighbour = (struct ndmsg){.ndm_family = AF_INET, .ndm_ifindex = tx->ifindex, .ndm_flags = NTF_USE};
    uint32_t wire = htonl(address);
    add_attribute(&request.header, NDA_DST, &wire, 4);
    return ask(tx, &request.header);
}

static void resolve(cbio_sgi_tx *tx, next_hop *entry, uint32_t source, uint32_t destination) {
    *entry = (next_hop){.destination = destination, .known = 1, .usable = 0, .expires = tx->now + TX_ANSWER_FOR_NS};
    uint32_t hop, route_mtu;
    if (!route_out(tx, source, destination, &hop, &route_mtu)) return;
    uint32_t mtu = (uint32_t)interface_mtu(tx);
    entry->mtu = route_mtu > 0 && route_mtu < mtu ? route_mtu : mtu;
    uint16_t state = 0;
    if (!neighbour(tx, hop, entry->mac, &state)) {
        entry->expires = tx->now + (state == NUD_NONE || (state & NUD_INCOMPLETE) ? TX_RESOLVING_FOR_NS : TX_UNUSABLE_FOR_NS);
        return;
    }
    // A stale entry the kernel cannot be told to check (no CAP_NET_ADMIN) goes the kernel's way,
    // which checks it; the kernel sends to a permanent or NOARP entry without checking.
    if (!(state & (NUD_PERMANENT | NUD_NOARP)) && mark_used(tx, hop) < 0 && (state & NUD_STALE)) {
        entry->expires = tx->now + TX_UNUSABLE_FOR_NS;
        return;
    }
    entry->usable = 1;
}

void sgi_tx_begin(cbio_sgi_tx *tx) {
    tx->now = monotonic_ns();
    tx->lookups_left = TX_LOOKUPS_PER_FLUSH;
}

/// The next hop for a packet from `source` to `destination`, or NULL when the kernel's way must
/// take it (not out of the SGi interface, not resolved, or not known yet). An answer past its
/// time is still used while this flush has no lookup left, so a flow does not change ways (and
/// order) for want of one.
static const next_hop *next_hop_for(cbio_sgi_tx *tx, uint32_t source, uint32_t destination) {
    next_hop *entry = &tx->cache[(destination * 0x9E3779B1u) >> 22];
    int ours = entry->known && entry->destination == destination;
    if (!ours || entry->expires <= tx->now) {
        if (tx->lookups_left > 0) {
            tx->lookups_left -= 1;
            resolve(tx, entry, source, destination);
        } else if (!ours) {
            return NULL;
        }
    }
    return entry->usable ? entry : NULL;
}

/// Sends what was taken so far because there is no room for more, for the flush's last send to report.
static void send_early(cbio_sgi_tx *tx) {
    sgi_tx_sent sent = sgi_tx_send(tx);
    tx->early.packets += sent.packets;
    tx->early.coalesced += sent.coalesced;
}

/// Starts a frame to `mac` with `extra` iovecs after the heads, sending first when there is no
/// room: its head, whose iovecs the caller fills from index 1 on.
static frame_head *start_frame(cbio_sgi_tx *tx, const uint8_t *mac, int parts, int packets) {
    if (tx->count == TX_MESSAGES || tx->parts_used + parts > TX_PARTS) send_early(tx);
    frame_head *head = &tx->heads[tx->count];
    memcpy(head->head, mac, 6);
    memcpy(head->head + 6, tx->own_mac, 6);
    head->head[12] = 0x08;
    head->head[13] = 0x00;
    struct iovec *iov = tx->parts + tx->parts_used;
    iov[0] = (struct iovec){&head->vnet, sizeof(head->vnet)};
    tx->messages[tx->count].msg_hdr = (struct msghdr){.msg_name = &tx->link, .msg_namelen = sizeof(tx->link),
                                                      .msg_iov = iov, .msg_iovlen = (size_t)parts};
    tx->packets[tx->count] = (uint16_t)packets;
    tx->parts_used += parts;
    tx->count += 1;
    return head;
}

int sgi_tx_offer(cbio_sgi_tx *tx, uint8_t *p, uint32_t length) {
    // What the kernel forwards as it is: IPv4 without options, its length, a right header
    // checksum, a TTL to spare, fitting the route. Anything else it must see (ICMP errors, drops).
    if (length < 20 || p[0] != 0x45 || read16(p + 2) != length || p[8] <= 1) return 0;
    if (checksum_fold(checksum_add(0, p, 20)) != 0xFFFF) return 0;
    const next_hop *hop = next_hop_for(tx, read32(p + 12), read32(p + 16));
    if (!hop || length > hop->mtu) return 0;
    frame_head *head = start_frame(tx, hop->mac, 3, 1);
    memset(&head->vnet, 0, sizeof(head->vnet));
    decrease_ttl(p);
    struct iovec *iov = tx->messages[tx->count - 1].msg_hdr.msg_iov;
    iov[1] = (struct iovec){head->head, LINK_HEADER};
    iov[2] = (struct iovec){p, length};
    return 1;
}

int sgi_tx_offer_train(cbio_sgi_tx *tx, const uint8_t *headers, uint16_t segment, const struct iovec *payloads, int count) {
    // The train's packets were checked as they joined it (checksums, no options, no fragment).
    if (!tx->trains || headers[8] <= 1 || count < 1) return 0;
    const next_hop *hop = next_hop_for(tx, read32(headers + 12), read32(headers + 16));
    if (!hop || 28 + (uint32_t)segment > hop->mtu) return 0;
    size_t octets = (size_t)(read16(headers + 24) - 8);
    int copied = segment <= TX_COPY_SEGMENTS_UP_TO;
    if (copied && tx->staging_used + octets > TX_STAGING) send_early(tx);
    frame_head *head = start_frame(tx, hop->mac, copied ? 3 : 2 + count, count);
    memcpy(head->head + LINK_HEADER, headers, 28);
    decrease_ttl(head->head + LINK_HEADER);
    // csum_start counts from the link header on a packet socket.
    head->vnet = (struct virtio_net_hdr){
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .gso_type = VIRTIO_NET_HDR_GSO_UDP_L4, .hdr_len = LINK_HEADER + 28,
        .gso_size = segment, .csum_start = LINK_HEADER + 20, .csum_offset = 6};
    struct iovec *iov = tx->messages[tx->count - 1].msg_hdr.msg_iov;
    iov[1] = (struct iovec){head->head, LINK_HEADER + 28};
    if (copied) {
        uint8_t *into = tx->staging + tx->staging_used;
        for (int i = 0; i < count; i++) {
            memcpy(into, payloads[i].iov_base, payloads[i].iov_len);
            into += payloads[i].iov_len;
        }
        iov[2] = (struct iovec){tx->staging + tx->staging_used, octets};
        tx->staging_used += octets;
    } else {
        memcpy(iov + 2, payloads, (size_t)count * sizeof(struct iovec));
    }
    return 1;
}

sgi_tx_sent sgi_tx_send(cbio_sgi_tx *tx) {
    sgi_tx_sent sent = tx->early;
    tx->early = (sgi_tx_sent){0, 0};
    int done = 0;
    while (done < tx->count) {
        int result = sendmmsg(tx->fd, tx->messages + done, (unsigned int)(tx->count - done), 0);
        if (result < 0) {
            if (errno == EINTR) continue;
            // A kernel that cannot take a UDP GSO frame here after all: trains go into the TUN device from now on.
            if (errno == EINVAL && tx->packets[done] > 1) tx->trains = 0;
            // The link refused the next frame (down, no buffer): it is lost, as a full queue loses it.
            done += 1;
            continue;
        }
        for (int i = done; i < done + result; i++) {
            sent.packets += tx->packets[i];
            if (tx->packets[i] > 1) sent.coalesced += tx->packets[i];
        }
        done += result;
    }
    tx->count = 0;
    tx->parts_used = 0;
    tx->staging_used = 0;
    return sent;
}
