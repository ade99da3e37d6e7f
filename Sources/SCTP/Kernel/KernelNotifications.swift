import CLibsctp

/// Reads the kernel's notifications (<linux/sctp.h>: its own type numbers, 0-based states and
/// packed address struct). Bounds-checked: a short or unknown notification yields nil.
enum KernelNotifications {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> SCTPNotification? {
        guard bytes.count >= 8, let base = bytes.baseAddress else { return nil }
        let type = UInt32(base.loadUnaligned(as: UInt16.self))
        switch type {
        case SCTP_ASSOC_CHANGE.rawValue:
            let stateOffset = MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_state)!
            let errorOffset = MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_error)!
            let outboundOffset = MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_outbound_streams)!
            let inboundOffset = MemoryLayout<linux_sctp_assoc_change>.offset(of: \.sac_inbound_streams)!
            guard bytes.count >= inboundOffset + 2 else { return nil }
            let state = UInt32(base.loadUnaligned(fromByteOffset: stateOffset, as: UInt16.self))
            let error = base.loadUnaligned(fromByteOffset: errorOffset, as: UInt16.self)
            let outbound = base.loadUnaligned(fromByteOffset: outboundOffset, as: UInt16.self)
            let inbound = base.loadUnaligned(fromByteOffset: inboundOffset, as: UInt16.self)
            switch state {
            case SCTP_COMM_UP.rawValue: return .up(inboundStreams: inbound, outboundStreams: outbound)
            case SCTP_RESTART.rawValue: return .restarted(inboundStreams: inbound, outboundStreams: outbound)
            case SCTP_COMM_LOST.rawValue: return .lost(cause: error)
            case SCTP_SHUTDOWN_COMP.rawValue: return .shutdownComplete
            case SCTP_CANT_STR_ASSOC.rawValue: return .cannotStart(cause: error)
            default: return nil
            }
        case SCTP_PEER_ADDR_CHANGE.rawValue:
            let addressOffset = MemoryLayout<linux_sctp_paddr_change>.offset(of: \.spc_aaddr)!
            let stateOffset = MemoryLayout<linux_sctp_paddr_change>.offset(of: \.spc_state)!
            guard bytes.count >= stateOffset + 4,
                  let address = SocketAddresses.peerAddress(in: base + addressOffset) else { return nil }
            let state: SCTPNotification.PeerAddressState
            switch UInt32(bitPattern: base.loadUnaligned(fromByteOffset: stateOffset, as: Int32.self)) {
            case SCTP_ADDR_AVAILABLE.rawValue: state = .available
            case SCTP_ADDR_UNREACHABLE.rawValue: state = .unreachable
            case SCTP_ADDR_REMOVED.rawValue: state = .removed
            case SCTP_ADDR_ADDED.rawValue: state = .added
            case SCTP_ADDR_MADE_PRIM.rawValue: state = .madePrimary
            case SCTP_ADDR_CONFIRMED.rawValue: state = .confirmed
            default: state = .unknown
            }
            return .peerAddressChanged(address: address, state: state)
        case SCTP_REMOTE_ERROR.rawValue:
            let errorOffset = MemoryLayout<linux_sctp_remote_error>.offset(of: \.sre_error)!
            guard bytes.count >= errorOffset + 2 else { return nil }
            return .remoteError(cause: UInt16(bigEndian: base.loadUnaligned(fromByteOffset: errorOffset, as: UInt16.self)))
        case SCTP_SHUTDOWN_EVENT.rawValue:
            return .peerShutdown
        default:
            return nil
        }
    }
}
