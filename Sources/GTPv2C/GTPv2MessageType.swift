/// A GTPv2-C message type (TS 29.274 table 6.1-1); unknown values are kept.
public struct GTPv2MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let echoRequest = Self(rawValue: 1)
    public static let echoResponse = Self(rawValue: 2)
    public static let versionNotSupportedIndication = Self(rawValue: 3)
    public static let createSessionRequest = Self(rawValue: 32)
    public static let createSessionResponse = Self(rawValue: 33)
    public static let modifyBearerRequest = Self(rawValue: 34)
    public static let modifyBearerResponse = Self(rawValue: 35)
    public static let deleteSessionRequest = Self(rawValue: 36)
    public static let deleteSessionResponse = Self(rawValue: 37)
    public static let modifyBearerCommand = Self(rawValue: 64)
    public static let modifyBearerFailureIndication = Self(rawValue: 65)
    public static let deleteBearerCommand = Self(rawValue: 66)
    public static let deleteBearerFailureIndication = Self(rawValue: 67)
    public static let bearerResourceCommand = Self(rawValue: 68)
    public static let bearerResourceFailureIndication = Self(rawValue: 69)
    public static let downlinkDataNotificationFailureIndication = Self(rawValue: 70)
    public static let createBearerRequest = Self(rawValue: 95)
    public static let createBearerResponse = Self(rawValue: 96)
    public static let updateBearerRequest = Self(rawValue: 97)
    public static let updateBearerResponse = Self(rawValue: 98)
    public static let deleteBearerRequest = Self(rawValue: 99)
    public static let deleteBearerResponse = Self(rawValue: 100)
    public static let deletePDNConnectionSetRequest = Self(rawValue: 101)
    public static let deletePDNConnectionSetResponse = Self(rawValue: 102)
    public static let releaseAccessBearersRequest = Self(rawValue: 170)
    public static let releaseAccessBearersResponse = Self(rawValue: 171)
    public static let downlinkDataNotification = Self(rawValue: 176)
    public static let downlinkDataNotificationAcknowledge = Self(rawValue: 177)
    public static let pgwRestartNotification = Self(rawValue: 179)
    public static let pgwRestartNotificationAcknowledge = Self(rawValue: 180)
    public static let modifyAccessBearersRequest = Self(rawValue: 211)
    public static let modifyAccessBearersResponse = Self(rawValue: 212)

    private static let names: [UInt8: String] = [
        1: "Echo Request", 2: "Echo Response", 3: "Version Not Supported Indication",
        32: "Create Session Request", 33: "Create Session Response",
        34: "Modify Bearer Request", 35: "Modify Bearer Response",
        36: "Delete Session Request", 37: "Delete Session Response",
        64: "Modify Bearer Command", 65: "Modify Bearer Failure Indication",
        66: "Delete Bearer Command", 67: "Delete Bearer Failure Indication",
        68: "Bearer Resource Command", 69: "Bearer Resource Failure Indication",
        70: "Downlink Data Notification Failure Indication",
        95: "Create Bearer Request", 96: "Create Bearer Response",
        97: "Update Bearer Request", 98: "Update Bearer Response",
        99: "Delete Bearer Request", 100: "Delete Bearer Response",
        101: "Delete PDN Connection Set Request", 102: "Delete PDN Connection Set Response",
        170: "Release Access Bearers Request", 171: "Release Access Bearers Response",
        176: "Downlink Data Notification", 177: "Downlink Data Notification Acknowledge",
        179: "PGW Restart Notification", 180: "PGW Restart Notification Acknowledge",
        211: "Modify Access Bearers Request", 212: "Modify Access Bearers Response",
    ]

    /// The name as tshark prints it.
    public var description: String { Self.names[rawValue] ?? "Message Type \(rawValue)" }

    /// Whether a message of this type starts a transaction (TS 29.274 7.6). Responses,
    /// acknowledgements and failure indications answer one.
    public var isTriggering: Bool {
        switch rawValue {
        case 1, 32, 34, 36, 64, 66, 68, 95, 97, 99, 101, 170, 176, 179, 211: true
        default: false
        }
    }

    /// The type of the message that answers this one, for request types.
    public var responseType: GTPv2MessageType? {
        switch self {
        case .modifyBearerCommand: .modifyBearerFailureIndication
        case .deleteBearerCommand: .deleteBearerFailureIndication
        case .bearerResourceCommand: .bearerResourceFailureIndication
        case .downlinkDataNotification: .downlinkDataNotificationAcknowledge
        default: isTriggering ? GTPv2MessageType(rawValue: rawValue + 1) : nil
        }
    }
}
