/// The type of a GTP-U extension header (TS 29.281 5.2.1, Figure 5.2.1-3). Unknown values are kept.
public struct GTPUExtensionHeaderType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Ends the chain; never the type of a header.
    public static let noMoreExtensionHeaders = Self(rawValue: 0x00)
    public static let serviceClassIndicator = Self(rawValue: 0x20)
    public static let udpPort = Self(rawValue: 0x40)
    public static let ranContainer = Self(rawValue: 0x81)
    public static let longPDCPPDUNumber = Self(rawValue: 0x82)
    public static let xwRANContainer = Self(rawValue: 0x83)
    public static let nrRANContainer = Self(rawValue: 0x84)
    public static let pduSessionContainer = Self(rawValue: 0x85)
    public static let pdcpPDUNumber = Self(rawValue: 0xC0)

    /// What a node must do with a header of this type it does not understand, from the two high
    /// bits of the type (TS 29.281 5.2.1). A receiver that does not support a type whose
    /// comprehension is required answers with a Supported Extension Headers Notification.
    public enum Comprehension: Hashable, Sendable {
        /// 00: forward it, whoever you are.
        case notRequired
        /// 01: not required, and an intermediate node drops the header instead of forwarding it.
        case notRequiredAndNotForwarded
        /// 10: the endpoint receiver must understand it; an intermediate node forwards it.
        case requiredByEndpoint
        /// 11: every node on the path must understand it.
        case requiredByAll
    }

    public var comprehension: Comprehension {
        switch rawValue >> 6 {
        case 0: .notRequired
        case 1: .notRequiredAndNotForwarded
        case 2: .requiredByEndpoint
        default: .requiredByAll
        }
    }

    /// The name tshark gives the type (`gtp.ext_hdr.next`).
    public var name: String {
        switch self {
        case .noMoreExtensionHeaders: "No more extension headers"
        case .serviceClassIndicator: "Service Class Indicator"
        case .udpPort: "UDP Port number"
        case .ranContainer: "RAN container"
        case .longPDCPPDUNumber: "Long PDCP PDU number"
        case .xwRANContainer: "Xw RAN container"
        case .nrRANContainer: "NR RAN container"
        case .pduSessionContainer: "PDU Session container"
        case .pdcpPDUNumber: "PDCP PDU number"
        default: "Unknown (0x\(String(rawValue, radix: 16)))"
        }
    }

    public var description: String { name }
}
