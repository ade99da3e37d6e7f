import NIOCore
import Wire

/// A typed role of an IE in a message: its key (type + instance) and how to read and write its
/// value. `message[GTPv2Field.fteid(1)]` reads the F-TEID with instance 1, for example.
public struct GTPv2Field<Value>: Sendable {
    public let key: GTPv2IEKey
    let extract: @Sendable (GTPv2IEValue) -> Value?
    let embed: @Sendable (Value) -> GTPv2IEValue

    init(_ type: GTPv2IEType, _ instance: UInt8, extract: @escaping @Sendable (GTPv2IEValue) -> Value?,
         embed: @escaping @Sendable (Value) -> GTPv2IEValue) {
        key = GTPv2IEKey(type, instance: instance)
        self.extract = extract
        self.embed = embed
    }
}

/// Something holding an ordered IE list: a message or a grouped IE.
public protocol GTPv2IEContainer {
    var list: GTPv2IEList { get set }
}

extension GTPv2Message: GTPv2IEContainer {}

extension GTPv2IEContainer {
    /// The value of the first IE in this role; nil when absent or not decodable.
    public subscript<Value>(_ field: GTPv2Field<Value>) -> Value? {
        get { list.first(field.key).flatMap { field.extract($0.value) } }
        set { list.set(newValue.map(field.embed), for: field.key) }
    }

    /// Every Bearer Context in this role (they may repeat).
    public subscript(bearerContexts instance: UInt8) -> [BearerContext] {
        get {
            list.all(GTPv2IEKey(.bearerContext, instance: instance)).compactMap { ie in
                if case .bearerContext(let context) = ie.value { context } else { nil }
            }
        }
        set { list.replaceAll(GTPv2IEKey(.bearerContext, instance: instance), with: newValue.map { .bearerContext($0) }) }
    }
}

/// A Bearer Context grouped IE (TS 29.274 8.28): its members depend on the message.
///
/// A decoded message checks the framing of its Bearer Contexts and the members its type requires;
/// the members are indexed when the Bearer Context is read.
public struct BearerContext: GTPv2IEContainer, Hashable, Sendable {
    public var list: GTPv2IEList

    public init(ies: [GTPv2IE] = []) { list = GTPv2IEList(ies) }
    init(list: GTPv2IEList) { self.list = list }

    public var ies: [GTPv2IE] {
        get { list.ies }
        set { list.ies = newValue }
    }

    public func first(_ key: GTPv2IEKey) -> GTPv2IE? { list.first(key) }

    public var ebi: UInt8? {
        get { self[.ebi()] }
        set { self[.ebi()] = newValue }
    }
    public var cause: GTPv2Cause? {
        get { self[.cause()] }
        set { self[.cause()] = newValue }
    }
    public var bearerQoS: BearerQoS? {
        get { self[.bearerQoS()] }
        set { self[.bearerQoS()] = newValue }
    }
    public var tft: TrafficFlowTemplate? {
        get { self[.bearerTFT()] }
        set { self[.bearerTFT()] = newValue }
    }
    public var chargingID: UInt32? {
        get { self[.chargingID()] }
        set { self[.chargingID()] = newValue }
    }
    public func fteid(_ instance: UInt8) -> FTEID? { self[.fteid(instance)] }
    public mutating func setFTEID(_ fteid: FTEID?, instance: UInt8) { self[.fteid(instance)] = fteid }
}

extension GTPv2Field {
    private static func make(_ type: GTPv2IEType, _ instance: UInt8,
                             _ extract: @escaping @Sendable (GTPv2IEValue) -> Value?,
                             _ embed: @escaping @Sendable (Value) -> GTPv2IEValue) -> Self {
        Self(type, instance, extract: extract, embed: embed)
    }
}

extension GTPv2Field where Value == IMSI {
    public static func imsi(_ i: UInt8 = 0) -> Self { .make(.imsi, i, { if case .imsi(let v) = $0 { v } else { nil } }, { .imsi($0) }) }
}
extension GTPv2Field where Value == GTPv2Cause {
    public static func cause(_ i: UInt8 = 0) -> Self { .make(.cause, i, { if case .cause(let v) = $0 { v } else { nil } }, { .cause($0) }) }
}
extension GTPv2Field where Value == UInt8 {
    public static func recovery(_ i: UInt8 = 0) -> Self { .make(.recovery, i, { if case .recovery(let v) = $0 { v } else { nil } }, { .recovery($0) }) }
    public static func ebi(_ i: UInt8 = 0) -> Self { .make(.ebi, i, { if case .ebi(let v) = $0 { v } else { nil } }, { .ebi($0) }) }
    public static func delayValue(_ i: UInt8 = 0) -> Self { .make(.delayValue, i, { if case .delayValue(let v) = $0 { v } else { nil } }, { .delayValue($0) }) }
    public static func pti(_ i: UInt8 = 0) -> Self { .make(.pti, i, { if case .pti(let v) = $0 { v } else { nil } }, { .pti($0) }) }
    public static func apnRestriction(_ i: UInt8 = 0) -> Self { .make(.apnRestriction, i, { if case .apnRestriction(let v) = $0 { v } else { nil } }, { .apnRestriction($0) }) }
    public static func bearerFlags(_ i: UInt8 = 0) -> Self { .make(.bearerFlags, i, { if case .bearerFlags(let v) = $0 { v } else { nil } }, { .bearerFlags($0) }) }
    public static func epcTimer(_ i: UInt8 = 0) -> Self { .make(.epcTimer, i, { if case .epcTimer(let v) = $0 { v } else { nil } }, { .epcTimer($0) }) }
}
extension GTPv2Field where Value == APN {
    public static func apn(_ i: UInt8 = 0) -> Self { .make(.apn, i, { if case .apn(let v) = $0 { v } else { nil } }, { .apn($0) }) }
}
extension GTPv2Field where Value == AMBR {
    public static func ambr(_ i: UInt8 = 0) -> Self { .make(.ambr, i, { if case .ambr(let v) = $0 { v } else { nil } }, { .ambr($0) }) }
}
extension GTPv2Field where Value == IPAddress {
    public static func ipAddress(_ i: UInt8 = 0) -> Self { .make(.ipAddress, i, { if case .ipAddress(let v) = $0 { v } else { nil } }, { .ipAddress($0) }) }
}
extension GTPv2Field where Value == IMEI {
    public static func mei(_ i: UInt8 = 0) -> Self { .make(.mei, i, { if case .mei(let v) = $0 { v } else { nil } }, { .mei($0) }) }
}
extension GTPv2Field where Value == MSISDN {
    public static func msisdn(_ i: UInt8 = 0) -> Self { .make(.msisdn, i, { if case .msisdn(let v) = $0 { v } else { nil } }, { .msisdn($0) }) }
}
extension GTPv2Field where Value == Indication {
    public static func indication(_ i: UInt8 = 0) -> Self { .make(.indication, i, { if case .indication(let v) = $0 { v } else { nil } }, { .indication($0) }) }
}
extension GTPv2Field where Value == ProtocolConfigurationOptions {
    public static func pco(_ i: UInt8 = 0) -> Self { .make(.pco, i, { if case .pco(let v) = $0 { v } else { nil } }, { .pco($0) }) }
}
extension GTPv2Field where Value == PDNAddressAllocation {
    public static func paa(_ i: UInt8 = 0) -> Self { .make(.paa, i, { if case .paa(let v) = $0 { v } else { nil } }, { .paa($0) }) }
}
extension GTPv2Field where Value == BearerQoS {
    public static func bearerQoS(_ i: UInt8 = 0) -> Self { .make(.bearerQoS, i, { if case .bearerQoS(let v) = $0 { v } else { nil } }, { .bearerQoS($0) }) }
}
extension GTPv2Field where Value == RATType {
    public static func ratType(_ i: UInt8 = 0) -> Self { .make(.ratType, i, { if case .ratType(let v) = $0 { v } else { nil } }, { .ratType($0) }) }
}
extension GTPv2Field where Value == PLMN {
    public static func servingNetwork(_ i: UInt8 = 0) -> Self { .make(.servingNetwork, i, { if case .servingNetwork(let v) = $0 { v } else { nil } }, { .servingNetwork($0) }) }
}
extension GTPv2Field where Value == TrafficFlowTemplate {
    public static func bearerTFT(_ i: UInt8 = 0) -> Self { .make(.bearerTFT, i, { if case .bearerTFT(let v) = $0 { v } else { nil } }, { .bearerTFT($0) }) }
}
extension GTPv2Field where Value == UserLocationInformation {
    public static func uli(_ i: UInt8 = 0) -> Self { .make(.uli, i, { if case .uli(let v) = $0 { v } else { nil } }, { .uli($0) }) }
}
extension GTPv2Field where Value == FTEID {
    public static func fteid(_ i: UInt8 = 0) -> Self { .make(.fteid, i, { if case .fteid(let v) = $0 { v } else { nil } }, { .fteid($0) }) }
}
extension GTPv2Field where Value == UInt32 {
    public static func chargingID(_ i: UInt8 = 0) -> Self { .make(.chargingID, i, { if case .chargingID(let v) = $0 { v } else { nil } }, { .chargingID($0) }) }
}
extension GTPv2Field where Value == UInt16 {
    public static func chargingCharacteristics(_ i: UInt8 = 0) -> Self {
        .make(.chargingCharacteristics, i, { if case .chargingCharacteristics(let v) = $0 { v } else { nil } }, { .chargingCharacteristics($0) })
    }
    public static func portNumber(_ i: UInt8 = 0) -> Self { .make(.portNumber, i, { if case .portNumber(let v) = $0 { v } else { nil } }, { .portNumber($0) }) }
}
extension GTPv2Field where Value == PDNType {
    public static func pdnType(_ i: UInt8 = 0) -> Self { .make(.pdnType, i, { if case .pdnType(let v) = $0 { v } else { nil } }, { .pdnType($0) }) }
}
extension GTPv2Field where Value == UETimeZone {
    public static func ueTimeZone(_ i: UInt8 = 0) -> Self { .make(.ueTimeZone, i, { if case .ueTimeZone(let v) = $0 { v } else { nil } }, { .ueTimeZone($0) }) }
}
extension GTPv2Field where Value == SelectionMode {
    public static func selectionMode(_ i: UInt8 = 0) -> Self { .make(.selectionMode, i, { if case .selectionMode(let v) = $0 { v } else { nil } }, { .selectionMode($0) }) }
}
extension GTPv2Field where Value == FQCSID {
    public static func fqCSID(_ i: UInt8 = 0) -> Self { .make(.fqCSID, i, { if case .fqCSID(let v) = $0 { v } else { nil } }, { .fqCSID($0) }) }
}
extension GTPv2Field where Value == NodeType {
    public static func nodeType(_ i: UInt8 = 0) -> Self { .make(.nodeType, i, { if case .nodeType(let v) = $0 { v } else { nil } }, { .nodeType($0) }) }
}
extension GTPv2Field where Value == AllocationRetentionPriority {
    public static func arp(_ i: UInt8 = 0) -> Self { .make(.arp, i, { if case .arp(let v) = $0 { v } else { nil } }, { .arp($0) }) }
}
extension GTPv2Field where Value == PrivateExtension {
    public static func privateExtension(_ i: UInt8 = 0) -> Self {
        .make(.privateExtension, i, { if case .privateExtension(let v) = $0 { v } else { nil } }, { .privateExtension($0) })
    }
}
