// Internet checksums, big-endian field access and the IPv4 forwarding step shared by the TUN,
// packet-ring and packet-socket code (not part of the module's interface).
#ifndef CBATCHIO_CHECKSUM_H
#define CBATCHIO_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <linux/virtio_net.h>

// Debian 12's headers predate UDP segmentation offload in virtio_net_hdr (Linux 6.2 added it to TUN).
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif

/// Linux 6.2 and later describe UDP segmentation in a virtio-net header (TUN devices, packet
/// sockets and their rings); before, the kernel refuses such a frame, or, in a packet ring's
/// receive code, keeps the frame's slot for good and drops everything after it.
static inline int kernel_describes_udp_segmentation(void) {
    struct utsname name;
    int major = 0, minor = 0;
    if (uname(&name) != 0 || sscanf(name.release, "%d.%d", &major, &minor) != 2) return 0;
    return major > 6 || (major == 6 && minor >= 2);
}

/// The one's-complement sum of `length` octets (RFC 1071) as a big-endian 16-bit value, added to
/// `sum` (fold the total). The sum does not care for byte order (RFC 1071 1.2.B), so the octets
/// are added as the host's own 32-bit words, eight octets a step, and the folded result swapped
/// once: several times faster than swapping every word, for the checksums the user plane makes
/// or checks over whole payloads.
static inline uint64_t checksum_add(uint64_t sum, const uint8_t *data, size_t length) {
    uint64_t native = 0;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, data, 8);
        native += (word & 0xFFFFFFFFu) + (word >> 32);
        data += 8;
        length -= 8;
    }
    while (length >= 2) {
        uint16_t word;
        memcpy(&word, data, 2);
        native += word;
        data += 2;
        length -= 2;
    }
    // An odd last octet is the high half of a word padded with zero (in memory order).
    if (length) {
        uint16_t word = 0;
        memcpy(&word, data, 1);
        native += word;
    }
    while (native >> 16) native = (native & 0xFFFF) + (native >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return sum + __builtin_bswap16((uint16_t)native);
#else
    return sum + native;
#endif
}

static inline uint16_t checksum_fold(uint64_t sum) {
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)sum;
}

static inline uint16_t read16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t read32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static inline void write16(uint8_t *p, uint16_t value) { p[0] = (uint8_t)(value >> 8); p[1] = (uint8_t)value; }

/// Completes a checksum the kernel left partial: the field holds the pseudo-header's sum, so the
/// sum from `start` to the end, folded and complemented, is the checksum. 0 when done, -1 when
/// `start` and `offset` do not fall inside the packet.
static inline int complete_checksum(uint8_t *packet, int length, int start, int offset) {
    if (start < 0 || offset < 0 || start + offset + 2 > length) return -1;
    uint16_t value = (uint16_t)~checksum_fold(checksum_add(0, packet + start, (size_t)(length - start)));
    write16(packet + start + offset, value ? value : 0xFFFF);  // as the kernel does: 0 means "none" to UDP
    return 0;
}

/// What forwarding does to an IPv4 header (the kernel's ip_decrease_ttl): the TTL down by one,
/// the header checksum up by 0x0100 to match.
static inline void decrease_ttl(uint8_t *ip) {
    uint32_t check = (uint32_t)read16(ip + 10) + 0x0100;
    write16(ip + 10, (uint16_t)(check + (check >= 0xFFFF)));
    ip[8]--;
}

#endif
