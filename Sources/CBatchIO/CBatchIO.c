#define _GNU_SOURCE
#include "CBatchIO.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct cbio_batch {
    int count;
    int slot_size;
    int headroom;
    uint8_t *slab;
    struct mmsghdr *messages;
    struct iovec *vectors;
    struct sockaddr_in *addresses;
    /// For cbio_send_indices: the headers of the kept datagrams, gathered contiguously.
    struct mmsghdr *gathered;
};

cbio_batch *cbio_batch_create(int count, int slot_size, int headroom) {
    if (count <= 0 || slot_size <= 0 || headroom < 0 || headroom >= slot_size) return NULL;
    cbio_batch *batch = calloc(1, sizeof(cbio_batch));
    if (!batch) return NULL;
    batch->count = count;
    batch->slot_size = slot_size;
    batch->headroom = headroom;
    // Slots aligned to 64 octets, so that no two share a cache line.
    if (posix_memalign((void **)&batch->slab, 64, (size_t)count * (size_t)slot_size) != 0) batch->slab = NULL;
    batch->messages = calloc((size_t)count, sizeof(struct mmsghdr));
    batch->gathered = calloc((size_t)count, sizeof(struct mmsghdr));
    batch->vectors = calloc((size_t)count, sizeof(struct iovec));
    batch->addresses = calloc((size_t)count, sizeof(struct sockaddr_in));
    if (!batch->slab || !batch->messages || !batch->gathered || !batch->vectors || !batch->addresses) {
        cbio_batch_destroy(batch);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        batch->messages[i].msg_hdr.msg_iov = &batch->vectors[i];
        batch->messages[i].msg_hdr.msg_iovlen = 1;
        batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
        batch->messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
    }
    return batch;
}

void cbio_batch_destroy(cbio_batch *batch) {
    if (!batch) return;
    free(batch->slab);
    free(batch->messages);
    free(batch->gathered);
    free(batch->vectors);
    free(batch->addresses);
    free(batch);
}

int cbio_batch_count(const cbio_batch *batch) { return batch->count; }
int cbio_batch_slot_size(const cbio_batch *batch) { return batch->slot_size; }
int cbio_batch_headroom(const cbio_batch *batch) { return batch->headroom; }
uint8_t *cbio_batch_slot(cbio_batch *batch, int index) { return batch->slab + (size_t)index * (size_t)batch->slot_size; }

int cbio_batch_received_length(const cbio_batch *batch, int index) { return (int)batch->messages[index].msg_len; }
uint32_t cbio_batch_source_address(const cbio_batch *batch, int index) { return batch->addresses[index].sin_addr.s_addr; }
uint16_t cbio_batch_source_port(const cbio_batch *batch, int index) { return batch->addresses[index].sin_port; }

void cbio_batch_set_outgoing(cbio_batch *batch, int index, int offset, int length, uint32_t address, uint16_t port) {
    batch->vectors[index].iov_base = cbio_batch_slot(batch, index) + offset;
    batch->vectors[index].iov_len = (size_t)length;
    batch->addresses[index].sin_family = AF_INET;
    batch->addresses[index].sin_addr.s_addr = address;
    batch->addresses[index].sin_port = port;
    batch->messages[index].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
}

int cbio_receive(int fd, cbio_batch *batch, int max) {
    if (max > batch->count) max = batch->count;
    for (int i = 0; i < max; i++) {
        batch->vectors[i].iov_base = cbio_batch_slot(batch, i) + batch->headroom;
        batch->vectors[i].iov_len = (size_t)(batch->slot_size - batch->headroom);
        batch->messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
        batch->messages[i].msg_hdr.msg_flags = 0;
    }
    // Wait for the first datagram, then take whatever else is already queued.
    int received = recvmmsg(fd, batch->messages, (unsigned int)max, MSG_WAITFORONE, NULL);
    return received < 0 ? -errno : received;
}

static int send_all(int fd, struct mmsghdr *messages, int count) {
    int sent = 0;
    while (sent < count) {
        int result = sendmmsg(fd, messages + sent, (unsigned int)(count - sent), 0);
        if (result < 0) {
            if (errno == EINTR) continue;
            // A datagram the kernel refuses (no route, message too long) must not stop the others.
            if (errno != EAGAIN && errno != ENOBUFS) { sent += 1; continue; }
            return sent > 0 ? sent : -errno;
        }
        sent += result;
    }
    return sent;
}

int cbio_send(int fd, cbio_batch *batch, int count) {
    if (count > batch->count) count = batch->count;
    return send_all(fd, batch->messages, count);
}

int cbio_send_indices(int fd, cbio_batch *batch, const int32_t *indices, int count) {
    if (count > batch->count) count = batch->count;
    for (int i = 0; i < count; i++) batch->gathered[i] = batch->messages[indices[i]];
    return send_all(fd, batch->gathered, count);
}

int cbio_tun_open(const char *name, char *actual) {
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    if (name) strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &request) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    if (actual) memcpy(actual, request.ifr_name, IFNAMSIZ);
    return fd;
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
