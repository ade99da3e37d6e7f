/// Why a protected NAS message was not accepted (TS 24.301 4.4.4, TS 33.401 8.1).
public enum NASSecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The MAC (or a SERVICE REQUEST's short MAC) is not the one the context computes for the
    /// estimated NAS COUNT: a forged or corrupted message, or a context the sender does not share.
    case macMismatch(received: UInt32, computed: UInt32, count: NASCount)
    /// The NAS COUNT was accepted before in this context: a replay.
    case replayed(count: NASCount, lastAccepted: NASCount)
    /// Security header type 5 (control plane CIoT partial ciphering) or a reserved type.
    case unsupportedHeaderType(SecurityHeaderType)
    /// The message is verified but its plain inner message does not decode.
    case undecodable(NASDecodeError)

    public var description: String {
        switch self {
        case .macMismatch(let received, let computed, let count):
            "NAS MAC mismatch at \(count): received \(hex(received)), computed \(hex(computed))"
        case .replayed(let count, let lastAccepted):
            "replayed \(count) (last accepted \(lastAccepted))"
        case .unsupportedHeaderType(let type): "unsupported security header type \(type)"
        case .undecodable(let error): "verified, but the inner message does not decode: \(error)"
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
