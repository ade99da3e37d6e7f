import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One thread per process that poll()s every kernel SCTP socket and tells its owner when it can be
/// read or written: the kernel's counterpart of usrsctp's upcalls.
///
/// poll() is level-triggered, so an owner that cannot take more input turns its read interest off
/// (else the thread would spin), and write interest is one-shot: armed by a waiting sender,
/// disarmed here when it fires.
final class KernelPoller: Sendable {
    static let shared = KernelPoller()

    private struct Registration {
        var target: any SocketEventTarget
        var read = true
        var write = false
    }

    private let registrations = Mutex<[Int32: Registration]>([:])
    private let wakeRead: Int32
    private let wakeWrite: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        for end in ends where end >= 0 {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        startThread { [self] in run() }
    }

    func register(_ fd: Int32, target: any SocketEventTarget) {
        registrations.withLock { $0[fd] = Registration(target: target) }
        wake()
    }

    func unregister(_ fd: Int32) {
        _ = registrations.withLock { $0.removeValue(forKey: fd) }
        wake()
    }

    func setRead(_ fd: Int32, _ wanted: Bool) {
        let changed = registrations.withLock { registrations in
            guard var registration = registrations[fd], registration.read != wanted else { return false }
            registration.read = wanted
            registrations[fd] = registration
            return true
        }
        if changed { wake() }
    }

    func armWrite(_ fd: Int32) {
        let changed = registrations.withLock { registrations in
            guard var registration = registrations[fd], !registration.write else { return false }
            registration.write = true
            registrations[fd] = registration
            return true
        }
        if changed { wake() }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already means "wake up"
    }

    private func run() {
        var descriptors: [pollfd] = []
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            let watched = registrations.withLock { registrations in
                registrations.compactMap { fd, registration -> pollfd? in
                    var events: Int16 = 0
                    if registration.read { events |= Int16(POLLIN) }
                    if registration.write { events |= Int16(POLLOUT) }
                    return events == 0 ? nil : pollfd(fd: fd, events: events, revents: 0)
                }
            }
            descriptors.append(contentsOf: watched)
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 { continue }  // EINTR
            if descriptors[0].revents != 0 {
                while read(wakeRead, &drain, drain.count) > 0 {}
            }
            for descriptor in descriptors.dropFirst() where descriptor.revents != 0 {
                let readable = descriptor.revents & Int16(POLLIN | POLLERR | POLLHUP) != 0
                let writable = descriptor.revents & Int16(POLLOUT) != 0
                let target = registrations.withLock { registrations -> (any SocketEventTarget)? in
                    guard var registration = registrations[descriptor.fd] else { return nil }
                    if writable {
                        registration.write = false
                        registrations[descriptor.fd] = registration
                    }
                    return registration.target
                }
                target?.socketEvents(readable: readable, writable: writable)
            }
        }
    }
}

/// Starts a detached thread (the poller's; no Foundation in this module).
func startThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let argument = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, nil, { argument in
        Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, argument)
    if status == 0 {
        pthread_detach(thread)
    } else {
        Unmanaged<Box>.fromOpaque(argument).release()
    }
}
