/// A GTPv2-C information element type (TS 29.274 table 8.1-1); unknown values are kept.
public struct GTPv2IEType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let imsi = Self(rawValue: 1)
    public static let cause = Self(rawValue: 2)
    public static let recovery = Self(rawValue: 3)
    public static let apn = Self(rawValue: 71)
    public static let ambr = Self(rawValue: 72)
    public static let ebi = Self(rawValue: 73)
    public static let ipAddress = Self(rawValue: 74)
    public static let mei = Self(rawValue: 75)
    public static let msisdn = Self(rawValue: 76)
    public static let indication = Self(rawValue: 77)
    public static let pco = Self(rawValue: 78)
    public static let paa = Self(rawValue: 79)
    public static let bearerQoS = Self(rawValue: 80)
    public static let ratType = Self(rawValue: 82)
    public static let servingNetwork = Self(rawValue: 83)
    public static let bearerTFT = Self(rawValue: 84)
    public static let uli = Self(rawValue: 86)
    public static let fteid = Self(rawValue: 87)
    public static let delayValue = Self(rawValue: 92)
    public static let bearerContext = Self(rawValue: 93)
    public static let chargingID = Self(rawValue: 94)
    public static let chargingCharacteristics = Self(rawValue: 95)
    public static let bearerFlags = Self(rawValue: 97)
    public static let pdnType = Self(rawValue: 99)
    public static let pti = Self(rawValue: 100)
    public static let ueTimeZone = Self(rawValue: 114)
    public static let portNumber = Self(rawValue: 126)
    public static let apnRestriction = Self(rawValue: 127)
    public static let selectionMode = Self(rawValue: 128)
    public static let fqCSID = Self(rawValue: 132)
    public static let nodeType = Self(rawValue: 135)
    public static let arp = Self(rawValue: 155)
    public static let epcTimer = Self(rawValue: 156)
    public static let privateExtension = Self(rawValue: 255)

    private static let names: [UInt8: String] = [
        1: "IMSI", 2: "Cause", 3: "Recovery", 71: "APN", 72: "AMBR", 73: "EBI", 74: "IP Address",
        75: "MEI", 76: "MSISDN", 77: "Indication", 78: "PCO", 79: "PAA", 80: "Bearer QoS", 81: "Flow QoS",
        82: "RAT Type", 83: "Serving Network", 84: "Bearer TFT", 85: "TAD", 86: "ULI", 87: "F-TEID",
        92: "Delay Value", 93: "Bearer Context", 94: "Charging ID", 95: "Charging Characteristics",
        97: "Bearer Flags", 99: "PDN Type", 100: "PTI", 114: "UE Time Zone", 126: "Port Number",
        127: "APN Restriction", 128: "Selection Mode", 132: "FQ-CSID", 135: "Node Type", 155: "ARP",
        156: "EPC Timer", 255: "Private Extension",
    ]

    public var description: String { Self.names[rawValue] ?? "IE \(rawValue)" }
}
