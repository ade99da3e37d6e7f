#define _GNU_SOURCE
#include "CBatchIO.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

// Older C libraries' headers lack these (Linux 4.18 and 5.0 added them).
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

/// A UDP GSO send carries at most this many segments (the kernel's UDP_MAX_SEGMENTS is 64 on
/// older kernels) and this many octets (an IPv4 datagram's 65,535 less its headers).
#define CBIO_GSO_MAX_SEGMENTS 64
#define CBIO_GSO_MAX_OCTETS 65000
#define CBIO_CONTROL_SIZE 64

struct cbio_batch {
    int count;
    int slot_size;
    int headroom;
    uint8_t *slab;
    struct mmsghdr *messages;
    struct iovec *vectors;
    struct sockaddr_in *addresses;
    /// Per received datagram: room for its control messages (UDP_GRO) and the segment size found there.
    uint8_t *control;
    int *segment_sizes;
    /// The send queue, and what a send builds from it: one message per run, its vectors, address,
    /// UDP_SEGMENT control message, and how many datagrams and which queue entries it carries.
    int outgoing_capacity;
    cbio_outgoing *outgoing;
    struct mmsghdr *runs;
    struct iovec *run_vectors;
    struct sockaddr_in *run_addresses;
    uint8_t *run_control;
    int *run_first;
    int *run_segments;
};

cbio_batch *cbio_batch_create(int count, int slot_size, int headroom, int outgoing_capacity) {
    if (count <= 0 || slot_size <= 0 || headroom < 0 || headroom >= slot_size || outgoing_capacity <= 0) return NULL;
    cbio_batch *batch = calloc(1, sizeof(cbio_batch));
    if (!batch) return NULL;
    batch->count = count;
    batch->slot_size = slot_size;
    batch->headroom = headroom;
    batch->outgoing_capacity = outgoing_capacity;
    // Slots aligned to 64 octets, so that no two share a cache line.
    if (posix_memalign((void **)&batch->slab, 64, (size_t)count * (size_t)slot_size) != 0) batch->slab = NULL;
    batch->messages = calloc((size_t)count, sizeof(struct mmsghdr));
    batch->vectors = calloc((size_t)count, sizeof(struct iovec));
    batch->addresses = calloc((size_t)count, sizeof(struct sockaddr_in));
    batch->control = calloc((size_t)count, CBIO_CONTROL_SIZE);
    batch->segment_sizes = calloc((size_t)count, sizeof(int));
    size_t runs = (size_t)outgoing_capacity;
    batch->outgoing = calloc(runs, sizeof(cbio_outgoing));
    batch->runs = calloc(runs, sizeof(struct mmsghdr));
    batch->run_vectors = calloc(runs, sizeof(struct iovec));
    batch->run_addresses = calloc(runs, sizeof(struct sockaddr_in));
    batch->run_control = calloc(runs, CMSG_SPACE(sizeof(uint16_t)));
    batch->run_first = calloc(runs, sizeof(int));
    batch->run_segments = calloc(runs, sizeof(int));
    if (!batch->slab || !batch->messages || !batch->vectors || !batch->addresses || !batch->control || !batch->segment_sizes
        || !batch->outgoing || !batch->runs || !batch->run_vectors || !batch->run_addresses || !batch->run_control
        || !batch->run_first || !batch->run_segments) {
        cbio_batch_destroy(batch);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        batch->messages[i].msg_hdr.msg_iov = &batch->vectors[i];
        batch->messages[i].msg_hdr.msg_iovlen = 1;
        batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
    }
    return batch;
}

void cbio_batch_destroy(cbio_batch *batch) {
    if (!batch) return;
    free(batch->slab);
    free(batch->messages);
    free(batch->vectors);
    free(batch->addresses);
    free(batch->control);
    free(batch->segment_sizes);
    free(batch->outgoing);
    free(batch->runs);
    free(batch->run_vectors);
    free(batch->run_addresses);
    free(batch->run_control);
    free(batch->run_first);
    free(batch->run_segments);
    free(batch);
}

int cbio_batch_slot_size(const cbio_batch *batch) { return batch->slot_size; }
int cbio_batch_headroom(const cbio_batch *batch) { return batch->headroom; }

uint8_t *cbio_batch_slot(cbio_batch *batch, int index) { return batch->slab + (size_t)index * (size_t)batch->slot_size; }

int cbio_batch_received_length(const cbio_batch *batch, int index) { return (int)batch->messages[index].msg_len; }
int cbio_batch_segment_size(const cbio_batch *batch, int index) { return batch->segment_sizes[index]; }
uint32_t cbio_batch_source_address(const cbio_batch *batch, int index) { return batch->addresses[index].sin_addr.s_addr; }
uint16_t cbio_batch_source_port(const cbio_batch *batch, int index) { return batch->addresses[index].sin_port; }

cbio_outgoing *cbio_batch_outgoing(cbio_batch *batch) { return batch->outgoing; }
int cbio_batch_outgoing_capacity(const cbio_batch *batch) { return batch->outgoing_capacity; }

int cbio_enable_udp_gro(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof(on)) < 0 ? -errno : 0;
}

int cbio_udp_gso_supported(int fd) {
    int size = 0;
    socklen_t length = sizeof(size);
    return getsockopt(fd, SOL_UDP, UDP_SEGMENT, &size, &length) == 0;
}

int cbio_receive(int fd, cbio_batch *batch, int max) {
    if (max > batch->count) max = batch->count;
    for (int i = 0; i < max; i++) {
        batch->vectors[i].iov_base = cbio_batch_slot(batch, i) + batch->headroom;
        batch->vectors[i].iov_len = (size_t)(batch->slot_size - batch->headroom);
        batch->messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
        batch->messages[i].msg_hdr.msg_control = batch->control + (size_t)i * CBIO_CONTROL_SIZE;
        batch->messages[i].msg_hdr.msg_controllen = CBIO_CONTROL_SIZE;
        batch->messages[i].msg_hdr.msg_flags = 0;
    }
    // Wait for the first datagram, then take whatever else is already queued.
    int received = recvmmsg(fd, batch->messages, (unsigned int)max, MSG_WAITFORONE, NULL);
    if (received < 0) return -errno;
    for (int i = 0; i < received; i++) {
        int segment_size = 0;
        struct msghdr *header = &batch->messages[i].msg_hdr;
        for (struct cmsghdr *control = CMSG_FIRSTHDR(header); control; control = CMSG_NXTHDR(header, control)) {
            if (control->cmsg_level == SOL_UDP && control->cmsg_type == UDP_GRO) {
                int value;
                memcpy(&value, CMSG_DATA(control), sizeof(value));
                // A "coalesced" datagram no longer than one segment is just one datagram.
                if (value > 0 && (unsigned int)value < batch->messages[i].msg_len) segment_size = value;
            }
        }
        batch->segment_sizes[i] = segment_size;
    }
    return received;
}

/// Groups the queue into messages: a run of datagrams to one destination, all as long as the first
/// but the last (which may be shorter), becomes one message with UDP_SEGMENT set; memory that
/// follows on is joined into one vector. Returns the number of messages.
static int build_runs(cbio_batch *batch, int count, int segment) {
    int messages = 0, vectors = 0, index = 0;
    while (index < count) {
        const cbio_outgoing *first = &batch->outgoing[index];
        int segments = 1;
        size_t octets = first->length;
        struct iovec *vector = &batch->run_vectors[vectors];
        vector->iov_base = first->start;
        vector->iov_len = first->length;
        int vector_count = 1;
        if (segment) {
            while (index + segments < count && segments < CBIO_GSO_MAX_SEGMENTS) {
                const cbio_outgoing *next = &batch->outgoing[index + segments];
                if (next->address != first->address || next->port != first->port || next->length > first->length
                    || next->length == 0 || octets + next->length > CBIO_GSO_MAX_OCTETS) break;
                if ((uint8_t *)vector->iov_base + vector->iov_len == next->start) {
                    vector->iov_len += next->length;
                } else {
                    vector += 1;
                    vector->iov_base = next->start;
                    vector->iov_len = next->length;
                    vector_count += 1;
                }
                octets += next->length;
                segments += 1;
                if (next->length < first->length) break;
            }
        }
        struct msghdr *header = &batch->runs[messages].msg_hdr;
        memset(header, 0, sizeof(*header));
        struct sockaddr_in *address = &batch->run_addresses[messages];
        address->sin_family = AF_INET;
        address->sin_addr.s_addr = first->address;
        address->sin_port = first->port;
        header->msg_name = address;
        header->msg_namelen = sizeof(*address);
        header->msg_iov = &batch->run_vectors[vectors];
        header->msg_iovlen = (size_t)vector_count;
        if (segments > 1) {
            uint8_t *room = batch->run_control + (size_t)messages * CMSG_SPACE(sizeof(uint16_t));
            header->msg_control = room;
            header->msg_controllen = CMSG_SPACE(sizeof(uint16_t));
            struct cmsghdr *control = CMSG_FIRSTHDR(header);
            control->cmsg_level = SOL_UDP;
            control->cmsg_type = UDP_SEGMENT;
            control->cmsg_len = CMSG_LEN(sizeof(uint16_t));
            uint16_t size = (uint16_t)first->length;
            memcpy(CMSG_DATA(control), &size, sizeof(size));
        }
        batch->run_first[messages] = index;
        batch->run_segments[messages] = segments;
        vectors += vector_count;
        messages += 1;
        index += segments;
    }
    return messages;
}

/// Sends a refused GSO run's datagrams one by one; returns how many the kernel took.
static int send_one_by_one(int fd, cbio_batch *batch, int message) {
    int taken = 0;
    struct sockaddr_in *address = &batch->run_addresses[message];
    for (int i = 0; i < batch->run_segments[message]; i++) {
        const cbio_outgoing *datagram = &batch->outgoing[batch->run_first[message] + i];
        ssize_t result;
        do {
            result = sendto(fd, datagram->start, datagram->length, 0, (struct sockaddr *)address, sizeof(*address));
        } while (result < 0 && errno == EINTR);
        if (result >= 0) taken += 1;
    }
    return taken;
}

cbio_send_result cbio_send_queued(int fd, cbio_batch *batch, int count, int segment) {
    cbio_send_result outcome = { 0, 0 };
    if (count > batch->outgoing_capacity) count = batch->outgoing_capacity;
    if (count <= 0) return outcome;
    int messages = build_runs(batch, count, segment);
    int done = 0;
    while (done < messages) {
        int result = sendmmsg(fd, batch->runs + done, (unsigned int)(messages - done), 0);
        if (result < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == ENOBUFS) break;
            // The kernel refused the next message: a GSO run it cannot segment (device, route MTU)
            // goes again one datagram at a time; a single datagram (no route, too long) is dropped.
            if (batch->run_segments[done] > 1) {
                outcome.segmentation_refused += 1;
                outcome.sent += send_one_by_one(fd, batch, done);
            }
            done += 1;
            continue;
        }
        for (int i = 0; i < result; i++) outcome.sent += batch->run_segments[done + i];
        done += result;
    }
    return outcome;
}

void cbio_set_buffers(int fd, int bytes) {
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
}

void cbio_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}

struct namespace_call {
    const char *path;
    void (*body)(void *);
    void *context;
    int result;
};

static void *namespace_thread(void *argument) {
    struct namespace_call *call = argument;
    int fd = open(call->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { call->result = -errno; return NULL; }
    if (setns(fd, CLONE_NEWNET) < 0) { call->result = -errno; close(fd); return NULL; }
    close(fd);
    call->body(call->context);
    call->result = 0;
    return NULL;
}

int cbio_run_in_network_namespace(const char *path, void (*body)(void *), void *context) {
    struct namespace_call call = { path, body, context, 0 };
    pthread_t thread;
    int error = pthread_create(&thread, NULL, namespace_thread, &call);
    if (error != 0) return -error;
    pthread_join(thread, NULL);
    return call.result;
}
