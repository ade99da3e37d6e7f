/// A GTP-U message type (TS 29.281 6.1). Values this codec does not model are kept as they came.
public struct GTPUMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let echoRequest = Self(rawValue: 1)
    public static let echoResponse = Self(rawValue: 2)
    public static let errorIndication = Self(rawValue: 26)
    public static let supportedExtensionHeadersNotification = Self(rawValue: 31)
    public static let tunnelStatus = Self(rawValue: 253)
    public static let endMarker = Self(rawValue: 254)
    /// A G-PDU: the header followed by a user packet (a T-PDU).
    public static let gPDU = Self(rawValue: 255)

    /// The name tshark gives the type (`gtp.message`), so logs and captures read the same.
    public var name: String {
        switch self {
        case .echoRequest: "Echo request"
        case .echoResponse: "Echo response"
        case .errorIndication: "Error indication"
        case .supportedExtensionHeadersNotification: "Supported extension header notification"
        case .tunnelStatus: "Tunnel Status"
        case .endMarker: "End Marker"
        case .gPDU: "T-PDU"
        default: "Unknown (\(rawValue))"
        }
    }

    public var description: String { name }
}
