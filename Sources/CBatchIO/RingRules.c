#define _GNU_SOURCE
#include "CBatchIO.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

// The ingress rules that drop what the SGi ring took, written as nf_tables netlink messages (a
// pod has no `nft`). `nft list table netdev vcore_pgw_sgi` shows them, with their counters.

#define TABLE_NAME "vcore_pgw_sgi"
#define CHAIN_NAME "taken_by_pgw"

typedef struct {
    uint8_t *data;
    size_t length, capacity;
    uint32_t messages;
    int overflow;
} message_buffer;

static void *reserve(message_buffer *buffer, size_t length) {
    size_t aligned = NLMSG_ALIGN(length);
    if (buffer->length + aligned > buffer->capacity) {
        buffer->overflow = 1;
        return NULL;
    }
    void *at = buffer->data + buffer->length;
    memset(at, 0, aligned);
    buffer->length += aligned;
    return at;
}

/// Starts a message; returns its offset, to end it with `end_message`.
static size_t begin_message(message_buffer *buffer, uint16_t type, uint16_t flags, uint8_t family, uint16_t resource) {
    size_t start = buffer->length;
    struct nlmsghdr *header = reserve(buffer, sizeof(struct nlmsghdr));
    struct nfgenmsg *generic = reserve(buffer, sizeof(struct nfgenmsg));
    if (!header || !generic) return start;
    header->nlmsg_type = type;
    header->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
    header->nlmsg_seq = ++buffer->messages;
    generic->nfgen_family = family;
    generic->version = NFNETLINK_V0;
    generic->res_id = htons(resource);
    return start;
}

static void end_message(message_buffer *buffer, size_t start) {
    if (buffer->overflow) return;
    ((struct nlmsghdr *)(buffer->data + start))->nlmsg_len = (uint32_t)(buffer->length - start);
}

static void put(message_buffer *buffer, uint16_t type, const void *value, size_t length) {
    struct nlattr *attribute = reserve(buffer, NLA_HDRLEN + length);
    if (!attribute) return;
    attribute->nla_type = type;
    attribute->nla_len = (uint16_t)(NLA_HDRLEN + length);
    memcpy((uint8_t *)attribute + NLA_HDRLEN, value, length);
}

static void put_u32(message_buffer *buffer, uint16_t type, uint32_t value) {
    uint32_t big = htonl(value);
    put(buffer, type, &big, sizeof(big));
}

static void put_string(message_buffer *buffer, uint16_t type, const char *value) { put(buffer, type, value, strlen(value) + 1); }

static size_t begin_nested(message_buffer *buffer, uint16_t type) {
    size_t start = buffer->length;
    struct nlattr *attribute = reserve(buffer, NLA_HDRLEN);
    if (attribute) attribute->nla_type = type | NLA_F_NESTED;
    return start;
}

static void end_nested(message_buffer *buffer, size_t start) {
    if (buffer->overflow) return;
    ((struct nlattr *)(buffer->data + start))->nla_len = (uint16_t)(buffer->length - start);
}

static void put_data(message_buffer *buffer, uint16_t type, const void *value, size_t length) {
    size_t nested = begin_nested(buffer, type);
    put(buffer, NFTA_DATA_VALUE, value, length);
    end_nested(buffer, nested);
}

/// Opens one expression of a rule: its name, then its data (closed by `end_expression`).
static void begin_expression(message_buffer *buffer, const char *name, size_t *element, size_t *data) {
    *element = begin_nested(buffer, NFTA_LIST_ELEM);
    put_string(buffer, NFTA_EXPR_NAME, name);
    *data = begin_nested(buffer, NFTA_EXPR_DATA);
}

static void end_expression(message_buffer *buffer, size_t element, size_t data) {
    end_nested(buffer, data);
    end_nested(buffer, element);
}

/// Register 1 ← `length` octets of the IP header at `offset`.
static void load_network_header(message_buffer *buffer, uint32_t offset, uint32_t length) {
    size_t element, data;
    begin_expression(buffer, "payload", &element, &data);
    put_u32(buffer, NFTA_PAYLOAD_DREG, NFT_REG_1);
    put_u32(buffer, NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
    put_u32(buffer, NFTA_PAYLOAD_OFFSET, offset);
    put_u32(buffer, NFTA_PAYLOAD_LEN, length);
    end_expression(buffer, element, data);
}

static void load_meta(message_buffer *buffer, uint32_t key) {
    size_t element, data;
    begin_expression(buffer, "meta", &element, &data);
    put_u32(buffer, NFTA_META_DREG, NFT_REG_1);
    put_u32(buffer, NFTA_META_KEY, key);
    end_expression(buffer, element, data);
}

/// Goes on with the rule only when register 1 `operation` `value` (compared as big-endian octets).
static void compare(message_buffer *buffer, uint32_t operation, const void *value, size_t length) {
    size_t element, data;
    begin_expression(buffer, "cmp", &element, &data);
    put_u32(buffer, NFTA_CMP_SREG, NFT_REG_1);
    put_u32(buffer, NFTA_CMP_OP, operation);
    put_data(buffer, NFTA_CMP_DATA, value, length);
    end_expression(buffer, element, data);
}

static void mask_register(message_buffer *buffer, uint32_t mask) {
    uint32_t big = htonl(mask), zero = 0;
    size_t element, data;
    begin_expression(buffer, "bitwise", &element, &data);
    put_u32(buffer, NFTA_BITWISE_SREG, NFT_REG_1);
    put_u32(buffer, NFTA_BITWISE_DREG, NFT_REG_1);
    put_u32(buffer, NFTA_BITWISE_LEN, sizeof(big));
    put_data(buffer, NFTA_BITWISE_MASK, &big, sizeof(big));
    put_data(buffer, NFTA_BITWISE_XOR, &zero, sizeof(zero));
    end_expression(buffer, element, data);
}

static void count_and_drop(message_buffer *buffer) {
    size_t element, data;
    begin_expression(buffer, "counter", &element, &data);
    end_expression(buffer, element, data);
    begin_expression(buffer, "immediate", &element, &data);
    put_u32(buffer, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
    size_t immediate = begin_nested(buffer, NFTA_IMMEDIATE_DATA);
    size_t verdict = begin_nested(buffer, NFTA_DATA_VERDICT);
    put_u32(buffer, NFTA_VERDICT_CODE, NF_DROP);
    end_nested(buffer, verdict);
    end_nested(buffer, immediate);
    end_expression(buffer, element, data);
}

static uint16_t nftables(uint16_t message) { return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | message); }

static void table_message(message_buffer *buffer, uint16_t message, uint16_t flags) {
    size_t start = begin_message(buffer, nftables(message), flags, NFPROTO_NETDEV, 0);
    put_string(buffer, NFTA_TABLE_NAME, TABLE_NAME);
    end_message(buffer, start);
}

static void chain_message(message_buffer *buffer, const char *interface) {
    size_t start = begin_message(buffer, nftables(NFT_MSG_NEWCHAIN), NLM_F_CREATE, NFPROTO_NETDEV, 0);
    put_string(buffer, NFTA_CHAIN_TABLE, TABLE_NAME);
    put_string(buffer, NFTA_CHAIN_NAME, CHAIN_NAME);
    size_t hook = begin_nested(buffer, NFTA_CHAIN_HOOK);
    put_u32(buffer, NFTA_HOOK_HOOKNUM, NF_NETDEV_INGRESS);
    put_u32(buffer, NFTA_HOOK_PRIORITY, 0);
    put_string(buffer, NFTA_HOOK_DEV, interface);
    end_nested(buffer, hook);
    put_u32(buffer, NFTA_CHAIN_POLICY, NF_ACCEPT);
    put_string(buffer, NFTA_CHAIN_TYPE, "filter");
    end_message(buffer, start);
}

/// meta pkttype host, meta protocol ip, ip version 4 and header length 20, ip protocol `protocol`,
/// ip ttl > 1, ip length <= max, ip daddr in the pool and != its address on the TUN device: drop.
static void rule_message(message_buffer *buffer, int max_length, const cbio_ring_pool *pool, uint8_t protocol) {
    size_t start = begin_message(buffer, nftables(NFT_MSG_NEWRULE), NLM_F_CREATE | NLM_F_APPEND, NFPROTO_NETDEV, 0);
    put_string(buffer, NFTA_RULE_TABLE, TABLE_NAME);
    put_string(buffer, NFTA_RULE_CHAIN, CHAIN_NAME);
    size_t expressions = begin_nested(buffer, NFTA_RULE_EXPRESSIONS);
    uint8_t host = 0 /* PACKET_HOST */, version_and_length = 0x45, ttl = 1;
    uint16_t ipv4 = htons(0x0800), length = htons((uint16_t)max_length);
    uint32_t network = htonl(pool->network), local = htonl(pool->local);
    load_meta(buffer, NFT_META_PKTTYPE);
    compare(buffer, NFT_CMP_EQ, &host, 1);
    load_meta(buffer, NFT_META_PROTOCOL);
    compare(buffer, NFT_CMP_EQ, &ipv4, 2);
    load_network_header(buffer, 0, 1);
    compare(buffer, NFT_CMP_EQ, &version_and_length, 1);
    load_network_header(buffer, 9, 1);
    compare(buffer, NFT_CMP_EQ, &protocol, 1);
    load_network_header(buffer, 8, 1);
    compare(buffer, NFT_CMP_GT, &ttl, 1);
    load_network_header(buffer, 2, 2);
    compare(buffer, NFT_CMP_LTE, &length, 2);
    load_network_header(buffer, 16, 4);
    mask_register(buffer, pool->mask);
    compare(buffer, NFT_CMP_EQ, &network, 4);
    load_network_header(buffer, 16, 4);
    compare(buffer, NFT_CMP_NEQ, &local, 4);
    count_and_drop(buffer);
    end_nested(buffer, expressions);
    end_message(buffer, start);
}

/// Sends the batch as one transaction and waits for the kernel's answer to its last message
/// (the only one asking for an acknowledgement; any failure is reported anyway). 0 or -errno.
static int commit(message_buffer *buffer) {
    if (buffer->overflow) return -ENOBUFS;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd < 0) return -errno;
    struct timeval timeout = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    int result = 0;
    uint32_t last = buffer->messages - 1;  // the batch's end carries no sequence of its own to answer
    if (sendto(fd, buffer->data, buffer->length, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
        result = -errno;
    } else {
        uint8_t answer[8192];
        for (int done = 0; !done;) {
            ssize_t received = recv(fd, answer, sizeof(answer), 0);
            if (received < 0) { result = -errno; break; }
            for (struct nlmsghdr *header = (struct nlmsghdr *)answer; NLMSG_OK(header, (unsigned)received);
                 header = NLMSG_NEXT(header, received)) {
                if (header->nlmsg_type != NLMSG_ERROR) continue;
                int error = ((struct nlmsgerr *)NLMSG_DATA(header))->error;
                if (error != 0 && result == 0) result = error;
                if (error != 0 || header->nlmsg_seq == last) done = 1;
            }
        }
    }
    close(fd);
    return result;
}

/// One transaction: the table emptied away, then (with an interface) made again with the chain
/// and two rules per pool.
static int run_batch(const char *interface, int max_length, const cbio_ring_pool *pools, int pool_count) {
    message_buffer buffer = {.capacity = 4096 + (size_t)pool_count * 8192};
    buffer.data = malloc(buffer.capacity);
    if (!buffer.data) return -ENOMEM;
    size_t start = begin_message(&buffer, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
    end_message(&buffer, start);
    // Create-then-delete empties whatever an earlier PGW left, without failing when nothing is there.
    table_message(&buffer, NFT_MSG_NEWTABLE, NLM_F_CREATE);
    table_message(&buffer, NFT_MSG_DELTABLE, interface ? 0 : NLM_F_ACK);
    if (interface) {
        table_message(&buffer, NFT_MSG_NEWTABLE, NLM_F_CREATE);
        chain_message(&buffer, interface);
        // UDP and ICMP, a rule each per pool.
        for (int index = 0; index < pool_count; index++) {
            rule_message(&buffer, max_length, &pools[index], 17);
            rule_message(&buffer, max_length, &pools[index], 1);
        }
        if (!buffer.overflow) {
            // The last rule asks for the acknowledgement.
            size_t offset = 0, last = 0;
            while (offset < buffer.length) {
                last = offset;
                offset += NLMSG_ALIGN(((struct nlmsghdr *)(buffer.data + offset))->nlmsg_len);
            }
            ((struct nlmsghdr *)(buffer.data + last))->nlmsg_flags |= NLM_F_ACK;
        }
    }
    start = begin_message(&buffer, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
    end_message(&buffer, start);
    int result = commit(&buffer);
    free(buffer.data);
    return result;
}

int cbio_ring_install_drop_rules(const char *interface, int max_length, const cbio_ring_pool *pools, int pool_count) {
    if (!interface || pool_count < 1 || pool_count > CBIO_RING_MAX_POOLS || max_length < 68 || max_length > 65535) return -EINVAL;
    return run_batch(interface, max_length, pools, pool_count);
}

int cbio_ring_remove_drop_rules(void) { return run_batch(NULL, 0, NULL, 0); }
