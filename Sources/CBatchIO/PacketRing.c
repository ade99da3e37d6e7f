#define _GNU_SOURCE
#include "CBatchIO.h"
#include "Checksum.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

// Debian 12's headers predate these.
#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

// Why a ring: a TUN device hands over one packet per read, and before that the kernel has routed
// and forwarded every packet into it (for the interleaved single-datagram downlink, most of the
// machine's time). The ring sees frames as they arrive, before IP; an ingress rule
// (cbio_ring_install_drop_rules) then drops the ones taken, so each is handled once.

struct cbio_ring {
    int fd;
    uint8_t *map;
    size_t map_size;
    uint32_t frame_size;
    uint32_t frame_count;
    /// The next frame to look at, and the first one looked at but not yet given back.
    uint32_t next;
    uint32_t held_from;
    uint32_t held;
    int max_length;
    int pool_count;
    cbio_ring_pool pools[CBIO_RING_MAX_POOLS];
};

#define SELECTION_FILTER_MAX (17 + 6 * CBIO_RING_MAX_POOLS)

/// The selection (see `selected`) as a classic BPF program for the socket; returns its length.
/// Per pool: the pool's own address is refused, an address in the pool accepted, anything else
/// goes on to the next pool. BPF jumps only forward, and conditional ones at most 255
/// instructions, so the far targets are reached through unconditional jumps next to the test.
static int selection_filter(const cbio_ring *ring, struct sock_filter *code) {
    int n = 0;
    const int refuse_nearby = 14;  // the `ja` to the final refusal, right after the header tests
#define TEST(operation, value, if_true, if_false) \
    code[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | (operation) | BPF_K, (value), (uint8_t)((if_true) - n - 1), (uint8_t)((if_false) - n - 1)); n++
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL));
    TEST(BPF_JEQ, ETH_P_IP, n + 1, refuse_nearby);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE));
    TEST(BPF_JEQ, PACKET_HOST, n + 1, refuse_nearby);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)(SKF_NET_OFF + 0));
    TEST(BPF_JEQ, 0x45, n + 1, refuse_nearby);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)(SKF_NET_OFF + 9));
    TEST(BPF_JEQ, 17, n + 2, n + 1);
    TEST(BPF_JEQ, 1, n + 1, refuse_nearby);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)(SKF_NET_OFF + 8));
    TEST(BPF_JGT, 1, n + 1, refuse_nearby);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, (uint32_t)(SKF_NET_OFF + 2));
    TEST(BPF_JGT, (uint32_t)ring->max_length, refuse_nearby, n + 1);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 1);  // over the next
    // After the last pool's test comes the refusal, then the acceptance.
    int pools_start = n + 1, refuse = pools_start + 6 * ring->pool_count, accept = refuse + 1;
    code[n] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, (uint32_t)(refuse - n - 1)); n++;
    for (int index = 0; index < ring->pool_count; index++) {
        const cbio_ring_pool *pool = &ring->pools[index];
        int block = n;
        code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_NET_OFF + 16));
        TEST(BPF_JEQ, pool->local, block + 5, block + 2);
        code[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, pool->mask);
        TEST(BPF_JEQ, pool->network, block + 4, block + 6);
        code[n] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, (uint32_t)(accept - n - 1)); n++;
        code[n] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, (uint32_t)(refuse - n - 1)); n++;
    }
#undef TEST
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);           // refuse
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF);  // accept: the whole frame
    return n;
}

static uint32_t round_up_to_power_of_two(uint32_t value) {
    uint32_t result = 1;
    while (result < value) result <<= 1;
    return result;
}

cbio_ring *cbio_ring_open(const char *interface, int frames, int max_length, const cbio_ring_pool *pools, int pool_count,
                          int *error) {
    *error = 0;
    if (!kernel_describes_udp_segmentation()) {
        *error = -EOPNOTSUPP;
        return NULL;
    }
    unsigned index = if_nametoindex(interface);
    if (index == 0) { *error = -errno; return NULL; }
    if (frames < 8 || max_length < 68 || max_length > 65535 || pool_count < 1 || pool_count > CBIO_RING_MAX_POOLS) {
        *error = -EINVAL;
        return NULL;
    }
    cbio_ring *ring = calloc(1, sizeof(*ring));
    if (!ring) { *error = -ENOMEM; return NULL; }
    ring->fd = -1;
    ring->max_length = max_length;
    ring->pool_count = pool_count;
    memcpy(ring->pools, pools, sizeof(*pools) * (size_t)pool_count);

    // Bound to every protocol, not to IPv4: sockets bound to one protocol see a frame only after
    // the ingress hook, which is where the frames taken are dropped. The filter lets through only
    // what the ring takes, so nothing else is copied or wakes the reader.
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) goto failed;
    ring->fd = fd;
    struct sock_filter code[SELECTION_FILTER_MAX];
    struct sock_fprog program = {.len = (unsigned short)selection_filter(ring, code), .filter = code};
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof(program)) < 0) goto failed;
    int version = TPACKET_V2, one = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof(version)) < 0) goto failed;
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) < 0) goto failed;
    // Without this every uplink packet the kernel sends out of the SGi interface is copied in too.
    if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0) goto failed;

    // Header, address, virtio-net header, the largest link header we expect, the packet.
    uint32_t frame_size = round_up_to_power_of_two((uint32_t)(TPACKET2_HDRLEN + 32 + sizeof(struct virtio_net_hdr) + 32 + max_length));
    uint32_t block_size = frame_size > 65536 ? frame_size : 65536;
    uint32_t frames_per_block = block_size / frame_size;
    uint32_t blocks = ((uint32_t)frames + frames_per_block - 1) / frames_per_block;
    struct tpacket_req request = {
        .tp_block_size = block_size, .tp_block_nr = blocks, .tp_frame_size = frame_size, .tp_frame_nr = blocks * frames_per_block};
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &request, sizeof(request)) < 0) goto failed;
    ring->frame_size = frame_size;
    ring->frame_count = request.tp_frame_nr;
    ring->map_size = (size_t)block_size * blocks;
    void *map = mmap(NULL, ring->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) goto failed;
    ring->map = map;

    struct sockaddr_ll address = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)index};
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0) goto failed;
    return ring;

failed:
    *error = -errno;
    cbio_ring_close(ring);
    return NULL;
}

void cbio_ring_close(cbio_ring *ring) {
    if (!ring) return;
    if (ring->map) munmap(ring->map, ring->map_size);
    if (ring->fd >= 0) close(ring->fd);
    free(ring);
}

int cbio_ring_descriptor(const cbio_ring *ring) { return ring->fd; }

/// The same test as the ingress rule's (cbio_ring_install_drop_rules), on the packet as it came.
static int selected(const cbio_ring *ring, const uint8_t *ip, int captured) {
    if (captured < 20 || ip[0] != 0x45 || (ip[9] != 17 && ip[9] != 1) || ip[8] <= 1) return 0;
    if (read16(ip + 2) > ring->max_length) return 0;
    uint32_t destination = read32(ip + 16);
    for (int index = 0; index < ring->pool_count; index++) {
        const cbio_ring_pool *pool = &ring->pools[index];
        if ((destination & pool->mask) == pool->network && destination != pool->local) return 1;
    }
    return 0;
}

/// Checks and prepares a selected packet (its IP header at `ip`, `captured` octets from there in
/// the frame) for forwarding; its length, or -1 when it is malformed, -2 when it stands for
/// packets of a kind of segmentation this cannot cut.
static int prepare(const struct tpacket2_hdr *header, const uint8_t *frame, uint8_t *ip, int captured, uint16_t *segment_size) {
    int length = read16(ip + 2);
    *segment_size = 0;
    if (header->tp_snaplen != header->tp_len || length < 20 || length > captured) return -1;
    if (checksum_fold(checksum_add(0, ip, 20)) != 0xFFFF) return -1;
    struct virtio_net_hdr vnet;
    memcpy(&vnet, frame + header->tp_mac - sizeof(vnet), sizeof(vnet));
    uint8_t type = vnet.gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
    if (type == VIRTIO_NET_HDR_GSO_UDP_L4 && vnet.gso_size > 0) {
        *segment_size = vnet.gso_size;  // cbio_segment_ipv4 makes every segment's checksums
    } else if (type != VIRTIO_NET_HDR_GSO_NONE) {
        return -2;  // a UDP tunnel's TCP segmentation (VXLAN, Geneve): nothing here cuts those
    } else if (vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        // csum_start counts from the link header.
        int start = (int)vnet.csum_start - (int)(header->tp_net - header->tp_mac);
        if (complete_checksum(ip, length, start, vnet.csum_offset) < 0) return -1;
    }
    decrease_ttl(ip);
    return length;
}

int cbio_ring_take(cbio_ring *ring, uint8_t **packets, int32_t *lengths, uint16_t *segment_sizes, int max) {
    int count = 0;
    int holding = ring->held > 0;
    while (count < max && ring->held < ring->frame_count) {
        uint8_t *frame = ring->map + (size_t)ring->next * ring->frame_size;
        struct tpacket2_hdr *header = (struct tpacket2_hdr *)frame;
        if (!(__atomic_load_n(&header->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) break;
        if (ring->held == 0) ring->held_from = ring->next;
        ring->held++;
        ring->next = ring->next + 1 == ring->frame_count ? 0 : ring->next + 1;
        const struct sockaddr_ll *address = (const struct sockaddr_ll *)(frame + TPACKET_ALIGN(sizeof(struct tpacket2_hdr)));
        uint8_t *ip = frame + header->tp_net;
        int captured = (int)header->tp_snaplen - (int)(header->tp_net - header->tp_mac);
        if (address->sll_pkttype != PACKET_HOST || address->sll_protocol != htons(ETH_P_IP) || !selected(ring, ip, captured)) continue;
        packets[count] = ip;
        lengths[count] = prepare(header, frame, ip, captured, &segment_sizes[count]);
        count++;
    }
    // Frames passed over go back at once when nothing points into the ring: the caller releases
    // only after handing something out.
    if (count == 0 && !holding) cbio_ring_release(ring);
    return count;
}

void cbio_ring_release(cbio_ring *ring) {
    uint32_t index = ring->held_from;
    for (uint32_t done = 0; done < ring->held; done++) {
        struct tpacket2_hdr *header = (struct tpacket2_hdr *)(ring->map + (size_t)index * ring->frame_size);
        __atomic_store_n(&header->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        index = index + 1 == ring->frame_count ? 0 : index + 1;
    }
    ring->held = 0;
}

uint32_t cbio_ring_full_drops(cbio_ring *ring) {
    struct tpacket_stats statistics;
    socklen_t length = sizeof(statistics);
    if (getsockopt(ring->fd, SOL_PACKET, PACKET_STATISTICS, &statistics, &length) < 0) return 0;
    return statistics.tp_drops;
}
