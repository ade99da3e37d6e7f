import NIOCore
import Wire

/// Type and instance: what identifies an IE's role inside a message (TS 29.274 6.1.3).
public struct GTPv2IEKey: Hashable, Sendable, CustomStringConvertible {
    public var type: GTPv2IEType
    public var instance: UInt8

    public init(_ type: GTPv2IEType, instance: UInt8 = 0) {
        self.type = type
        self.instance = instance & 0x0F
    }

    public var description: String { instance == 0 ? "\(type)" : "\(type) (instance \(instance))" }
}

/// The typed content of an IE. An IE whose type VCore does not model, or whose content could not
/// be decoded canonically, is `.raw` and is written back byte for byte.
public enum GTPv2IEValue: Hashable, Sendable {
    case imsi(IMSI)
    case cause(GTPv2Cause)
    case recovery(UInt8)
    case apn(APN)
    case ambr(AMBR)
    case ebi(UInt8)
    case ipAddress(IPAddress)
    case mei(IMEI)
    case msisdn(MSISDN)
    case indication(Indication)
    case pco(ProtocolConfigurationOptions)
    case paa(PDNAddressAllocation)
    case bearerQoS(BearerQoS)
    case ratType(RATType)
    case servingNetwork(PLMN)
    case bearerTFT(TrafficFlowTemplate)
    case uli(UserLocationInformation)
    case fteid(FTEID)
    case delayValue(UInt8)
    case bearerContext(BearerContext)
    case chargingID(UInt32)
    case chargingCharacteristics(UInt16)
    case bearerFlags(UInt8)
    case pdnType(PDNType)
    case pti(UInt8)
    case ueTimeZone(UETimeZone)
    case portNumber(UInt16)
    case apnRestriction(UInt8)
    case selectionMode(SelectionMode)
    case fqCSID(FQCSID)
    case nodeType(NodeType)
    case arp(AllocationRetentionPriority)
    case epcTimer(UInt8)
    case privateExtension(PrivateExtension)
    case raw(GTPv2IEType, ByteBuffer)
}

/// One information element: its value, its instance, and the spare bits of the instance octet
/// (called "CR flag" by tshark), kept so that a decoded IE re-encodes exactly.
public struct GTPv2IE: Hashable, Sendable {
    public var value: GTPv2IEValue {
        didSet { type = Self.type(of: value) }
    }
    public var instance: UInt8
    public var spare: UInt8
    /// Stored rather than derived from `value`: lookups by key run on every decoded message.
    public private(set) var type: GTPv2IEType

    public init(_ value: GTPv2IEValue, instance: UInt8 = 0) {
        self.init(value, type: Self.type(of: value), instance: instance & 0x0F, spare: 0)
    }

    init(_ value: GTPv2IEValue, type: GTPv2IEType, instance: UInt8, spare: UInt8) {
        self.value = value
        self.type = type
        self.instance = instance
        self.spare = spare
    }

    public var key: GTPv2IEKey { GTPv2IEKey(type, instance: instance) }

    static func type(of value: GTPv2IEValue) -> GTPv2IEType {
        switch value {
        case .imsi: .imsi
        case .cause: .cause
        case .recovery: .recovery
        case .apn: .apn
        case .ambr: .ambr
        case .ebi: .ebi
        case .ipAddress: .ipAddress
        case .mei: .mei
        case .msisdn: .msisdn
        case .indication: .indication
        case .pco: .pco
        case .paa: .paa
        case .bearerQoS: .bearerQoS
        case .ratType: .ratType
        case .servingNetwork: .servingNetwork
        case .bearerTFT: .bearerTFT
        case .uli: .uli
        case .fteid: .fteid
        case .delayValue: .delayValue
        case .bearerContext: .bearerContext
        case .chargingID: .chargingID
        case .chargingCharacteristics: .chargingCharacteristics
        case .bearerFlags: .bearerFlags
        case .pdnType: .pdnType
        case .pti: .pti
        case .ueTimeZone: .ueTimeZone
        case .portNumber: .portNumber
        case .apnRestriction: .apnRestriction
        case .selectionMode: .selectionMode
        case .fqCSID: .fqCSID
        case .nodeType: .nodeType
        case .arp: .arp
        case .epcTimer: .epcTimer
        case .privateExtension: .privateExtension
        case .raw(let type, _): type
        }
    }

    /// True when a type VCore models arrived in a form it could not decode canonically.
    public var isRawKnownType: Bool {
        if case .raw = value { return GTPv2IE.isModelled(type) }
        return false
    }

    static let modelledTypes: [UInt8] = [1, 2, 3, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 82, 83, 84, 86, 87,
                                         92, 93, 94, 95, 97, 99, 100, 114, 126, 127, 128, 132, 135, 155, 156, 255]

    /// `modelledTypes` as a 256-bit map, checked once per IE of every decoded message.
    private static let modelledMap: (UInt64, UInt64, UInt64, UInt64) = modelledTypes.reduce((0, 0, 0, 0)) { map, type in
        var map = map
        let bit = UInt64(1) << UInt64(type % 64)
        switch type / 64 {
        case 0: map.0 |= bit
        case 1: map.1 |= bit
        case 2: map.2 |= bit
        default: map.3 |= bit
        }
        return map
    }

    static func isModelled(_ type: GTPv2IEType) -> Bool {
        let word: UInt64
        switch type.rawValue / 64 {
        case 0: word = modelledMap.0
        case 1: word = modelledMap.1
        case 2: word = modelledMap.2
        default: word = modelledMap.3
        }
        return word & (UInt64(1) << UInt64(type.rawValue % 64)) != 0
    }
}
