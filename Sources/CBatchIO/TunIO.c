#define _GNU_SOURCE
#include "CBatchIO.h"
#include "Checksum.h"
#include "Transmit.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

/// One USO write carries at most this many segments and an IPv4 packet of at most this many octets.
#define TUN_TRAIN_MAX_SEGMENTS 64
#define TUN_TRAIN_MAX_OCTETS 65000
#define IPV4_UDP_HEADERS 28

int cbio_tun_open(const char *name, char *actual) {
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    // With a virtio-net header in front of every packet, a write can be a UDP GSO packet. No
    // offloads are turned on for reads (TUNSETOFFLOAD), so the kernel hands over whole packets.
    request.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
    if (name) strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &request) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    if (actual) memcpy(actual, request.ifr_name, IFNAMSIZ);
    return fd;
}

int cbio_tun_enable_offloads(int fd) {
    // Both USO flags or neither: the kernel turns UDP segmentation offload on only with both.
    if (ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_USO4 | TUN_F_USO6) == 0) return 0;
    // A kernel before 6.2 knows no USO: TCP only.
    if (ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4) == 0) return 0;
    return -errno;
}

int cbio_tun_read(int fd, cbio_batch *batch, int32_t *lengths, uint16_t *segment_sizes, int max) {
    int count = 0;
    int room = cbio_batch_slot_size(batch) - cbio_batch_headroom(batch);
    while (count < max) {
        struct virtio_net_hdr header;
        uint8_t *packet = cbio_batch_slot(batch, count) + cbio_batch_headroom(batch);
        struct iovec parts[2] = {{&header, sizeof(header)}, {packet, (size_t)room}};
        ssize_t length = readv(fd, parts, 2);
        if (length <= 0) break;
        int size = (int)length - (int)sizeof(header);
        uint8_t type = header.gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
        segment_sizes[count] = 0;
        if (size <= 0 || (type != VIRTIO_NET_HDR_GSO_NONE && type != VIRTIO_NET_HDR_GSO_TCPV4 && type != VIRTIO_NET_HDR_GSO_UDP_L4)
            || (type != VIRTIO_NET_HDR_GSO_NONE && header.gso_size == 0)) {
            lengths[count++] = -1;
            continue;
        }
        if (type != VIRTIO_NET_HDR_GSO_NONE) {
            segment_sizes[count] = header.gso_size;  // cbio_segment_ipv4 makes every segment's checksum
        } else if (header.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
            (void)complete_checksum(packet, size, header.csum_start, header.csum_offset);
        }
        lengths[count++] = size;
    }
    return count;
}

int cbio_segment_ipv4(const uint8_t *packet, int length, int segment_size, uint8_t *output, int room, int headroom,
                      uint32_t *offsets, int32_t *lengths, int max) {
    if (length < 20 || (packet[0] >> 4) != 4 || segment_size <= 0) return -1;
    int ip_length = (packet[0] & 0x0F) * 4, protocol = packet[9];
    if (ip_length < 20 || length < ip_length + 8 || (protocol != 6 && protocol != 17)) return -1;
    int transport_length = protocol == 17 ? 8 : (packet[ip_length + 12] >> 4) * 4;
    int headers = ip_length + transport_length;
    if (transport_length < 8 || length < headers) return -1;
    int payload = length - headers;
    int count = payload == 0 ? 1 : (payload + segment_size - 1) / segment_size;
    int stride = (headroom + headers + segment_size + 7) & ~7;
    if (count > max || (long)count * stride > room) return -1;
    uint16_t identification = read16(packet + 4);
    uint32_t sequence = protocol == 6 ? read32(packet + ip_length + 4) : 0;
    uint8_t flags = protocol == 6 ? packet[ip_length + 13] : 0;
    for (int index = 0; index < count; index++) {
        int chunk = payload - index * segment_size < segment_size ? payload - index * segment_size : segment_size;
        uint8_t *segment = output + (size_t)index * (size_t)stride + headroom;
        memcpy(segment, packet, (size_t)headers);
        memcpy(segment + headers, packet + headers + (size_t)index * (size_t)segment_size, (size_t)chunk);
        int total = headers + chunk;
        write16(segment + 2, (uint16_t)total);
        write16(segment + 4, (uint16_t)(identification + index));
        write16(segment + 10, 0);
        write16(segment + 10, (uint16_t)~checksum_fold(checksum_add(0, segment, (size_t)ip_length)));
        uint8_t *transport = segment + ip_length;
        int checksum_at = protocol == 6 ? 16 : 6;
        if (protocol == 6) {
            uint32_t number = sequence + (uint32_t)(index * segment_size);
            transport[4] = (uint8_t)(number >> 24); transport[5] = (uint8_t)(number >> 16);
            transport[6] = (uint8_t)(number >> 8); transport[7] = (uint8_t)number;
            // As the kernel cuts a TSO packet: FIN and PSH only on the last segment, CWR only on the first.
            transport[13] = flags & (uint8_t)(index < count - 1 ? ~0x09 : 0xFF) & (uint8_t)(index > 0 ? ~0x80 : 0xFF);
        } else {
            write16(transport + 4, (uint16_t)(8 + chunk));
        }
        write16(transport + checksum_at, 0);
        uint64_t sum = checksum_add(0, segment + 12, 8) + (uint64_t)protocol + (uint64_t)(total - ip_length);
        uint16_t value = (uint16_t)~checksum_fold(checksum_add(sum, transport, (size_t)(total - ip_length)));
        write16(transport + checksum_at, protocol == 17 && value == 0 ? 0xFFFF : value);
        offsets[index] = (uint32_t)((size_t)index * (size_t)stride + headroom);
        lengths[index] = total;
    }
    return count;
}

/// Writes one IP packet (a zeroed virtio-net header in front). 0 or -errno.
static int tun_write(int fd, const uint8_t *packet, uint32_t length) {
    struct virtio_net_hdr header;
    memset(&header, 0, sizeof(header));
    struct iovec parts[2] = {{&header, sizeof(header)}, {(void *)packet, length}};
    return writev(fd, parts, 2) == (ssize_t)(sizeof(header) + length) ? 0 : -errno;
}

/// A run of queued packets written together: one UDP flow between one pair of hosts, each packet
/// `segment` octets of payload but the last, which may be shorter and then ends the train.
typedef struct {
    int32_t first, last;
    uint32_t payload;
    uint16_t count, segment;
    uint8_t closed;
    /// Whether the first packet's checksums were found right: checked only once a second packet
    /// would join, so a lone packet (most of an interleaved batch) costs no checksum pass.
    uint8_t verified;
    uint32_t table_slot;
} tun_train;

struct cbio_tun_queue {
    int capacity;
    int count;
    const uint8_t **packets;
    uint32_t *lengths;
    /// The next packet of the same train, -1 at its end.
    int32_t *next;
    tun_train *trains;
    int train_count;
    /// Open addressing by (source, destination): train index + 1 of the pair's open train, 0 empty.
    uint32_t *table_keys_source, *table_keys_destination;
    int32_t *table;
    uint32_t table_mask;
    /// Set once the kernel refuses a UDP GSO write: from then on every packet goes alone.
    int segmentation_refused;
};

cbio_tun_queue *cbio_tun_queue_create(int capacity) {
    if (capacity <= 0) return NULL;
    cbio_tun_queue *queue = calloc(1, sizeof(cbio_tun_queue));
    if (!queue) return NULL;
    uint32_t table_size = 16;
    while (table_size < (uint32_t)capacity * 2) table_size <<= 1;
    queue->capacity = capacity;
    queue->packets = calloc((size_t)capacity, sizeof(uint8_t *));
    queue->lengths = calloc((size_t)capacity, sizeof(uint32_t));
    queue->next = calloc((size_t)capacity, sizeof(int32_t));
    queue->trains = calloc((size_t)capacity, sizeof(tun_train));
    queue->table_keys_source = calloc(table_size, sizeof(uint32_t));
    queue->table_keys_destination = calloc(table_size, sizeof(uint32_t));
    queue->table = calloc(table_size, sizeof(int32_t));
    queue->table_mask = table_size - 1;
    if (!queue->packets || !queue->lengths || !queue->next || !queue->trains || !queue->table_keys_source
        || !queue->table_keys_destination || !queue->table) {
        cbio_tun_queue_destroy(queue);
        return NULL;
    }
    return queue;
}

void cbio_tun_queue_destroy(cbio_tun_queue *queue) {
    if (!queue) return;
    free(queue->packets);
    free(queue->lengths);
    free(queue->next);
    free(queue->trains);
    free(queue->table_keys_source);
    free(queue->table_keys_destination);
    free(queue->table);
    free(queue);
}

int cbio_tun_queue_add(cbio_tun_queue *queue, const uint8_t *packet, uint32_t length) {
    if (queue->count == queue->capacity) return -1;
    queue->packets[queue->count] = packet;
    queue->lengths[queue->count] = length;
    queue->count += 1;
    return queue->capacity - queue->count;
}

int cbio_tun_queue_count(const cbio_tun_queue *queue) { return queue->count; }

/// Whether a packet may travel inside a UDP GSO write and come out of the kernel's segmentation
/// as it went in, by its headers: plain IPv4 (no options, not a fragment), UDP with a checksum.
/// `checksums_hold` must also be true before it does.
static int coalescable(const uint8_t *p, uint32_t length) {
    if (length <= IPV4_UDP_HEADERS || length > TUN_TRAIN_MAX_OCTETS) return 0;
    if (p[0] != 0x45 || p[9] != 17 || read16(p + 2) != length || (read16(p + 6) & 0x3FFF) != 0) return 0;
    return read16(p + 20 + 4) == length - 20 && read16(p + 20 + 6) != 0;
}

/// Both checksums of a coalescable packet right: a packet the kernel would drop must reach the
/// kernel as it is, not be repaired by the segmentation's new checksums.
static int checksums_hold(const uint8_t *p, uint32_t length) {
    if (checksum_fold(checksum_add(0, p, 20)) != 0xFFFF) return 0;
    uint64_t sum = checksum_add(0, p + 12, 8) + 17 + (length - 20);
    return checksum_fold(checksum_add(sum, p + 20, length - 20)) == 0xFFFF;
}

/// Checks the checksums of the train's first packet the first time another would join it; a
/// first packet that fails closes the train and stays alone.
static int first_holds(const cbio_tun_queue *queue, tun_train *train) {
    if (train->verified) return 1;
    if (!checksums_hold(queue->packets[train->first], queue->lengths[train->first])) {
        train->closed = 1;
        return 0;
    }
    train->verified = 1;
    return 1;
}

/// Whether `p` continues the train: the same flow and header fields the segments will copy, a
/// payload no longer than the segment size, and, unless both are atomic datagrams (DF set, whose
/// Identification means nothing, RFC 6864), the Identification the segmentation will give it.
static int continues(const cbio_tun_queue *queue, const tun_train *train, const uint8_t *p, uint32_t length) {
    const uint8_t *first = queue->packets[train->first];
    uint32_t payload = length - IPV4_UDP_HEADERS;
    if (train->closed || train->count >= TUN_TRAIN_MAX_SEGMENTS || payload > train->segment) return 0;
    if (IPV4_UDP_HEADERS + train->payload + payload > TUN_TRAIN_MAX_OCTETS) return 0;
    if (p[1] != first[1] || p[6] != first[6] || p[8] != first[8] || memcmp(p + 20, first + 20, 4) != 0) return 0;
    if (!(p[6] & 0x40) && read16(p + 4) != (uint16_t)(read16(first + 4) + train->count)) return 0;
    return 1;
}

static uint32_t table_slot(cbio_tun_queue *queue, uint32_t source, uint32_t destination) {
    uint32_t slot = (source * 0x9E3779B1u ^ destination * 0x85EBCA77u) & queue->table_mask;
    while (queue->table[slot] != 0
           && (queue->table_keys_source[slot] != source || queue->table_keys_destination[slot] != destination))
        slot = (slot + 1) & queue->table_mask;
    return slot;
}

/// Sorts the queued packets into trains, in the order of each train's first packet. A pair of
/// hosts has at most one open train: a packet that cannot join it (another flow, a non-UDP
/// packet, a bad checksum) closes it, so nothing between two hosts is ever reordered.
static void form_trains(cbio_tun_queue *queue) {
    queue->train_count = 0;
    for (int index = 0; index < queue->count; index++) {
        const uint8_t *p = queue->packets[index];
        uint32_t length = queue->lengths[index];
        queue->next[index] = -1;
        int keyed = length >= 20 && (p[0] >> 4) == 4;
        uint32_t slot = 0;
        tun_train *open = NULL;
        if (keyed) {
            slot = table_slot(queue, read32(p + 12), read32(p + 16));
            if (queue->table[slot] != 0) open = &queue->trains[queue->table[slot] - 1];
        }
        int eligible = !queue->segmentation_refused && keyed && coalescable(p, length);
        int joins = open && eligible && continues(queue, open, p, length) && first_holds(queue, open);
        // Checked here, as it is about to join, or later, if a packet comes to join it.
        if (joins && !checksums_hold(p, length)) eligible = joins = 0;
        if (joins) {
            queue->next[open->last] = index;
            open->last = index;
            open->count += 1;
            open->payload += length - IPV4_UDP_HEADERS;
            if (length - IPV4_UDP_HEADERS < open->segment) open->closed = 1;
            continue;
        }
        if (open) open->closed = 1;
        tun_train *train = &queue->trains[queue->train_count++];
        *train = (tun_train){.first = index, .last = index, .count = 1, .closed = !eligible, .verified = 0, .table_slot = slot,
                             .payload = eligible ? length - IPV4_UDP_HEADERS : 0,
                             .segment = eligible ? (uint16_t)(length - IPV4_UDP_HEADERS) : 0};
        if (keyed) {
            queue->table[slot] = queue->train_count;
            queue->table_keys_source[slot] = read32(p + 12);
            queue->table_keys_destination[slot] = read32(p + 16);
        }
    }
}

/// The headers a train of two or more goes out under as one UDP GSO packet: the first packet's,
/// with the lengths of the whole and, in the UDP checksum, the pseudo-header's sum the
/// segmentation fills each segment's checksum in from.
static void train_headers(const cbio_tun_queue *queue, const tun_train *train, uint8_t headers[IPV4_UDP_HEADERS]) {
    memcpy(headers, queue->packets[train->first], IPV4_UDP_HEADERS);
    uint32_t udp_length = 8 + train->payload;
    write16(headers + 2, (uint16_t)(20 + udp_length));
    write16(headers + 10, 0);
    write16(headers + 10, (uint16_t)~checksum_fold(checksum_add(0, headers, 20)));
    write16(headers + 24, (uint16_t)udp_length);
    write16(headers + 26, checksum_fold(checksum_add(0, headers + 12, 8) + 17 + udp_length));
}

/// Every payload of a train in order (one iovec each, nothing copied) into `parts`: how many.
static int train_payloads(const cbio_tun_queue *queue, const tun_train *train, struct iovec *parts) {
    int count = 0;
    for (int32_t index = train->first; index >= 0; index = queue->next[index]) {
        parts[count++] = (struct iovec){(void *)(queue->packets[index] + IPV4_UDP_HEADERS), queue->lengths[index] - IPV4_UDP_HEADERS};
    }
    return count;
}

/// Writes a train of two or more as one UDP GSO packet into the TUN device.
static int write_train(int fd, const cbio_tun_queue *queue, const tun_train *train) {
    uint8_t headers[IPV4_UDP_HEADERS];
    train_headers(queue, train, headers);
    struct virtio_net_hdr header = {
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .gso_type = VIRTIO_NET_HDR_GSO_UDP_L4, .hdr_len = IPV4_UDP_HEADERS,
        .gso_size = train->segment, .csum_start = 20, .csum_offset = 6};
    struct iovec parts[2 + TUN_TRAIN_MAX_SEGMENTS];
    parts[0] = (struct iovec){&header, sizeof(header)};
    parts[1] = (struct iovec){headers, IPV4_UDP_HEADERS};
    int count = 2 + train_payloads(queue, train, parts + 2);
    size_t total = sizeof(header) + IPV4_UDP_HEADERS + train->payload;
    return writev(fd, parts, count) == (ssize_t)total ? 0 : -errno;
}

/// Offers a train to the SGi packet socket: 1 when it takes it.
static int transmit_train(cbio_sgi_tx *tx, const cbio_tun_queue *queue, const tun_train *train) {
    uint8_t headers[IPV4_UDP_HEADERS];
    train_headers(queue, train, headers);
    struct iovec parts[TUN_TRAIN_MAX_SEGMENTS];
    int count = train_payloads(queue, train, parts);
    return sgi_tx_offer_train(tx, headers, train->segment, parts, count);
}

static void add_sent(cbio_tun_flush_result *result, sgi_tx_sent sent) {
    result->written += sent.packets;
    result->coalesced += sent.coalesced;
    result->transmitted += sent.packets;
}

cbio_tun_flush_result cbio_tun_queue_flush(int fd, cbio_tun_queue *queue, cbio_sgi_tx *tx) {
    cbio_tun_flush_result result = {0, 0, 0, 0, 0};
    form_trains(queue);
    if (tx) sgi_tx_begin(tx);
    for (int position = 0; position < queue->train_count; position++) {
        tun_train *train = &queue->trains[position];
        queue->table[train->table_slot] = 0;
        if (train->count > 1) {
            if (tx && transmit_train(tx, queue, train)) continue;
            if (tx) add_sent(&result, sgi_tx_send(tx));
            int error = write_train(fd, queue, train);
            if (error == 0) {
                result.written += train->count;
                result.coalesced += train->count;
                result.writes += 1;
                continue;
            }
            if (error == -EINVAL) {
                // A kernel without UDP segmentation on TUN (before 6.2): the same packets, one by one.
                queue->segmentation_refused = 1;
                result.segmentation_refused += 1;
            }
        }
        for (int32_t index = train->first; index >= 0; index = queue->next[index]) {
            if (tx && sgi_tx_offer(tx, (uint8_t *)queue->packets[index], queue->lengths[index])) continue;
            if (tx) add_sent(&result, sgi_tx_send(tx));
            result.writes += 1;
            if (tun_write(fd, queue->packets[index], queue->lengths[index]) == 0) result.written += 1;
        }
    }
    if (tx) add_sent(&result, sgi_tx_send(tx));
    queue->count = 0;
    queue->train_count = 0;
    return result;
}
