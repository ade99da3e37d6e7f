#define _GNU_SOURCE
#include "CBatchIO.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

// The PGW's SGi device is set up with these few rtnetlink requests instead of running iproute2:
// the NF images hold only the NF's binary, and a pod has no `ip`.

struct netlink_request {
    struct nlmsghdr header;
    union {
        struct ifaddrmsg address;
        struct ifinfomsg link;
        struct rtmsg route;
        struct fib_rule_hdr rule;
    } body;
    char attributes[64];
};

static void add_attribute(struct netlink_request *request, unsigned short type, const void *data, unsigned short length) {
    struct rtattr *attribute = (struct rtattr *)((char *)request + NLMSG_ALIGN(request->header.nlmsg_len));
    attribute->rta_type = type;
    attribute->rta_len = RTA_LENGTH(length);
    memcpy(RTA_DATA(attribute), data, length);
    request->header.nlmsg_len = NLMSG_ALIGN(request->header.nlmsg_len) + RTA_ALIGN(attribute->rta_len);
}

/// Sends one request and reads the kernel's acknowledgement: 0 or -errno.
static int transact(struct netlink_request *request) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return -errno;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    request->header.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    request->header.nlmsg_seq = 1;
    int result = 0;
    if (sendto(fd, request, request->header.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
        result = -errno;
    } else {
        char answer[512];
        ssize_t received = recv(fd, answer, sizeof(answer), 0);
        if (received < 0) {
            result = -errno;
        } else {
            struct nlmsghdr *header = (struct nlmsghdr *)answer;
            if (!NLMSG_OK(header, (unsigned)received) || header->nlmsg_type != NLMSG_ERROR) {
                result = -EPROTO;
            } else {
                result = ((struct nlmsgerr *)NLMSG_DATA(header))->error;  // 0 is the acknowledgement
            }
        }
    }
    close(fd);
    return result;
}

/// A zeroed request of `type` whose body is `body_size` octets; 0, or -errno when `name` is no
/// interface (NULL: no interface wanted).
static int start_request(struct netlink_request *request, const char *name, unsigned short type, size_t body_size, unsigned *index) {
    *index = name ? if_nametoindex(name) : 0;
    if (name && *index == 0) return -errno;
    memset(request, 0, sizeof(*request));
    request->header.nlmsg_len = NLMSG_LENGTH(body_size);
    request->header.nlmsg_type = type;
    return 0;
}

/// An AF_INET datagram socket for the SIOC*IF* ioctls, with `request` zeroed and naming `name`:
/// the descriptor, or -errno.
static int interface_request(const char *name, struct ifreq *request) {
    memset(request, 0, sizeof(*request));
    strncpy(request->ifr_name, name, IFNAMSIZ - 1);
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    return fd < 0 ? -errno : fd;
}

int cbio_link_up(const char *name) {
    struct ifreq request;
    int fd = interface_request(name, &request);
    if (fd < 0) return fd;
    int result = 0;
    if (ioctl(fd, SIOCGIFFLAGS, &request) < 0) {
        result = -errno;
    } else {
        request.ifr_flags |= IFF_UP;
        if (ioctl(fd, SIOCSIFFLAGS, &request) < 0) result = -errno;
    }
    close(fd);
    return result;
}

int cbio_link_set_queue_length(const char *name, int length) {
    struct ifreq request;
    int fd = interface_request(name, &request);
    if (fd < 0) return fd;
    request.ifr_qlen = length;
    int result = ioctl(fd, SIOCSIFTXQLEN, &request) < 0 ? -errno : 0;
    close(fd);
    return result;
}

int cbio_link_mtu(const char *name) {
    struct ifreq request;
    int fd = interface_request(name, &request);
    if (fd < 0) return fd;
    int result = ioctl(fd, SIOCGIFMTU, &request) < 0 ? -errno : request.ifr_mtu;
    close(fd);
    return result;
}

int cbio_ipv4_address_replace(const char *name, uint32_t address, uint8_t prefix_length) {
    struct netlink_request request;
    unsigned index;
    int started = start_request(&request, name, RTM_NEWADDR, sizeof(struct ifaddrmsg), &index);
    if (started < 0) return started;
    request.header.nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    request.body.address.ifa_family = AF_INET;
    request.body.address.ifa_prefixlen = prefix_length;
    request.body.address.ifa_scope = RT_SCOPE_UNIVERSE;
    request.body.address.ifa_index = index;
    uint32_t network_order = htonl(address);
    add_attribute(&request, IFA_LOCAL, &network_order, sizeof(network_order));
    add_attribute(&request, IFA_ADDRESS, &network_order, sizeof(network_order));
    return transact(&request);
}

int cbio_link_delete(const char *name) {
    struct netlink_request request;
    unsigned index;
    int started = start_request(&request, name, RTM_DELLINK, sizeof(struct ifinfomsg), &index);
    if (started < 0) return started;
    request.body.link.ifi_family = AF_UNSPEC;
    request.body.link.ifi_index = (int)index;
    return transact(&request);
}

int cbio_ipv4_route_replace(uint32_t destination, uint8_t prefix_length, uint32_t gateway, const char *device, uint32_t table,
                            int unreachable) {
    struct netlink_request request;
    unsigned index;
    int started = start_request(&request, unreachable ? NULL : device, RTM_NEWROUTE, sizeof(struct rtmsg), &index);
    if (started < 0) return started;
    request.header.nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    request.body.route.rtm_family = AF_INET;
    request.body.route.rtm_dst_len = prefix_length;
    request.body.route.rtm_table = RT_TABLE_UNSPEC;  // the table goes in RTA_TABLE (it may exceed 255)
    request.body.route.rtm_protocol = RTPROT_STATIC;
    request.body.route.rtm_scope = (unreachable || gateway) ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    request.body.route.rtm_type = unreachable ? RTN_UNREACHABLE : RTN_UNICAST;
    uint32_t network_order = htonl(destination);
    if (prefix_length > 0) add_attribute(&request, RTA_DST, &network_order, sizeof(network_order));
    if (gateway && !unreachable) {
        uint32_t next_hop = htonl(gateway);
        add_attribute(&request, RTA_GATEWAY, &next_hop, sizeof(next_hop));
    }
    if (!unreachable) add_attribute(&request, RTA_OIF, &index, sizeof(index));
    add_attribute(&request, RTA_TABLE, &table, sizeof(table));
    return transact(&request);
}

int cbio_ipv4_source_rule_add(uint32_t source, uint8_t prefix_length, uint32_t table, uint32_t priority) {
    struct netlink_request request;
    unsigned index;
    start_request(&request, NULL, RTM_NEWRULE, sizeof(struct fib_rule_hdr), &index);
    request.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    request.body.rule.family = AF_INET;
    request.body.rule.src_len = prefix_length;
    request.body.rule.action = FR_ACT_TO_TBL;
    uint32_t network_order = htonl(source);
    add_attribute(&request, FRA_SRC, &network_order, sizeof(network_order));
    add_attribute(&request, FRA_TABLE, &table, sizeof(table));
    add_attribute(&request, FRA_PRIORITY, &priority, sizeof(priority));
    int result = transact(&request);
    return result == -EEXIST ? 0 : result;  // a restarted PGW finds its rule in the pod's namespace
}
