import CUsrsctp
import Synchronization

/// Routes usrsctp upcalls (called on usrsctp's own threads) to the Swift object behind a socket.
///
/// The argument usrsctp hands back is not a pointer to that object but a registration number: an
/// upcall that races with the socket's close finds no registration and returns, where an object
/// pointer could already be freed.
enum UsrsctpUpcalls {
    struct Registration: Sendable {
        let handle: ClosableHandle
        let target: any SocketEventTarget
    }

    private static let registrations = Mutex<[UInt: Registration]>([:])
    private static let nextID = Atomic<UInt>(1)

    /// Registers `target` for the socket in `handle` and installs the upcall.
    static func install(handle: ClosableHandle, target: any SocketEventTarget) -> UInt {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        registrations.withLock { $0[id] = Registration(handle: handle, target: target) }
        _ = handle.with { raw in
            usrsctp_set_upcall(OpaquePointer(bitPattern: raw), { _, argument, _ in
                UsrsctpUpcalls.deliver(UInt(bitPattern: argument))
            }, UnsafeMutableRawPointer(bitPattern: id))
        }
        return id
    }

    /// Called after the socket is closed; later upcalls for `id` do nothing.
    static func remove(_ id: UInt) {
        _ = registrations.withLock { $0.removeValue(forKey: id) }
    }

    private static func deliver(_ id: UInt) {
        guard let registration = registrations.withLock({ $0[id] }) else { return }
        let events = registration.handle.with { usrsctp_get_events(OpaquePointer(bitPattern: $0)) } ?? 0
        let readable = events & Int32(SCTP_EVENT_READ | SCTP_EVENT_ERROR) != 0
        let writable = events & Int32(SCTP_EVENT_WRITE) != 0
        if readable || writable {
            registration.target.socketEvents(readable: readable, writable: writable)
        }
    }
}
