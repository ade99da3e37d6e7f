import CUsrsctp

/// Reads usrsctp's notifications (its own constants and layouts, RFC 6458 section 6.1). Every read
/// is bounds-checked: a short or unknown notification yields nil, never a trap.
enum UsrsctpNotifications {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> SCTPNotification? {
        guard bytes.count >= 8, let base = bytes.baseAddress else { return nil }
        let type = base.loadUnaligned(as: UInt16.self)
        switch Int32(type) {
        case SCTP_ASSOC_CHANGE:
            let stateOffset = MemoryLayout<sctp_assoc_change>.offset(of: \.sac_state)!
            let errorOffset = MemoryLayout<sctp_assoc_change>.offset(of: \.sac_error)!
            let outboundOffset = MemoryLayout<sctp_assoc_change>.offset(of: \.sac_outbound_streams)!
            let inboundOffset = MemoryLayout<sctp_assoc_change>.offset(of: \.sac_inbound_streams)!
            guard bytes.count >= inboundOffset + 2 else { return nil }
            let state = base.loadUnaligned(fromByteOffset: stateOffset, as: UInt16.self)
            let error = base.loadUnaligned(fromByteOffset: errorOffset, as: UInt16.self)
            let outbound = base.loadUnaligned(fromByteOffset: outboundOffset, as: UInt16.self)
            let inbound = base.loadUnaligned(fromByteOffset: inboundOffset, as: UInt16.self)
            switch Int32(state) {
            case SCTP_COMM_UP: return .up(inboundStreams: inbound, outboundStreams: outbound)
            case SCTP_RESTART: return .restarted(inboundStreams: inbound, outboundStreams: outbound)
            case SCTP_COMM_LOST: return .lost(cause: error)
            case SCTP_SHUTDOWN_COMP: return .shutdownComplete
            case SCTP_CANT_STR_ASSOC: return .cannotStart(cause: error)
            default: return nil
            }
        case SCTP_PEER_ADDR_CHANGE:
            let addressOffset = MemoryLayout<sctp_paddr_change>.offset(of: \.spc_aaddr)!
            let stateOffset = MemoryLayout<sctp_paddr_change>.offset(of: \.spc_state)!
            guard bytes.count >= stateOffset + 4,
                  let address = SocketAddresses.peerAddress(in: base + addressOffset) else { return nil }
            let state: SCTPNotification.PeerAddressState
            switch Int32(base.loadUnaligned(fromByteOffset: stateOffset, as: UInt32.self)) {
            case SCTP_ADDR_AVAILABLE: state = .available
            case SCTP_ADDR_UNREACHABLE: state = .unreachable
            case SCTP_ADDR_REMOVED: state = .removed
            case SCTP_ADDR_ADDED: state = .added
            case SCTP_ADDR_MADE_PRIM: state = .madePrimary
            case SCTP_ADDR_CONFIRMED: state = .confirmed
            default: state = .unknown
            }
            return .peerAddressChanged(address: address, state: state)
        case SCTP_REMOTE_ERROR:
            let errorOffset = MemoryLayout<sctp_remote_error>.offset(of: \.sre_error)!
            guard bytes.count >= errorOffset + 2 else { return nil }
            return .remoteError(cause: UInt16(bigEndian: base.loadUnaligned(fromByteOffset: errorOffset, as: UInt16.self)))
        case SCTP_SHUTDOWN_EVENT:
            return .peerShutdown
        default:
            return nil
        }
    }
}
