/// The type of a GTPv1 information element (TS 29.281 8.1, TS 29.060 7.7). Unknown values are kept.
public struct GTPUInformationElementType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let recovery = Self(rawValue: 14)
    public static let tunnelEndpointIdentifierDataI = Self(rawValue: 16)
    public static let gtpuPeerAddress = Self(rawValue: 133)
    public static let extensionHeaderTypeList = Self(rawValue: 141)
    public static let privateExtension = Self(rawValue: 255)

    /// Types from 128 up are TLV and carry a 2-octet length (Extension Header Type List excepted,
    /// see `GTPUInformationElement`). Types below 128 are TV: only the type says how long the value
    /// is, so a receiver cannot step over one it does not know.
    public var isTLV: Bool { rawValue >= 128 }

    /// The value length of the TV types GTP-U uses.
    var fixedLength: Int? {
        switch self {
        case .recovery: 1
        case .tunnelEndpointIdentifierDataI: 4
        default: nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .recovery: "Recovery"
        case .tunnelEndpointIdentifierDataI: "Tunnel Endpoint Identifier Data I"
        case .gtpuPeerAddress: "GTP-U Peer Address"
        case .extensionHeaderTypeList: "Extension Header Type List"
        case .privateExtension: "Private Extension"
        default: "IE \(rawValue)"
        }
    }
}
