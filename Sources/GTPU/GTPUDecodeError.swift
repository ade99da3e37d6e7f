import Wire

/// Why a datagram on the GTP-U port was refused.
///
/// The first two cases are not malformed GTP-U at all but another protocol on the same port; a
/// user plane drops them and counts them apart from broken packets.
public enum GTPUDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The version field is not 1 (GTPv0, or GTPv2-C sent to the user-plane port). GTP-U has no
    /// Version Not Supported message: the packet is dropped.
    case unsupportedVersion(UInt8)
    /// The protocol type bit is 0: GTP' (charging data transfer, TS 32.295), not GTP.
    case gtpPrime
    /// A GTPv1-U packet that breaks the format.
    case malformed(CodecError)

    /// The format error, when there is one.
    public var codecError: CodecError? {
        if case .malformed(let error) = self { return error }
        return nil
    }

    public var description: String {
        switch self {
        case .unsupportedVersion(let version): "GTP version \(version) on the GTP-U port"
        case .gtpPrime: "GTP' (PT=0) on the GTP-U port"
        case .malformed(let error): "malformed GTP-U: \(error)"
        }
    }
}
