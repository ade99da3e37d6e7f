import Foundation
import MobileCrypto
import StrictCoding
import Wire

/// Subscribers as the provisioning API and the bulk import read and write them: a JSON object
/// (or a CSV row, whose cells are all text) checked field by field, so that a refusal names the
/// field ("apns[1].qci: 0 is outside 1...254").
extension Subscriber {
    static let fields: Set<String> = ["imsi", "k", "op", "opc", "amf", "sqn", "msisdn", "ambr", "apns", "ims", "allowedRATs",
                                      "roamingAllowed"]

    /// Reads a subscriber from JSON-compatible values; `imsi` may come from the URL instead.
    public init(record: [String: Any], imsi pathIMSI: String? = nil) throws(FieldError) {
        let fields = RecordFields(record, path: "")
        try fields.refuseUnknown(Subscriber.fields)
        let imsi = try fields.string("imsi") ?? pathIMSI
        guard let imsi else { throw FieldError(field: "imsi", problem: "required field missing") }
        guard IMSI(imsi) != nil, imsi.utf8.count >= 14 else {
            throw FieldError(field: "imsi", problem: "\"\(imsi)\" is not an IMSI (14 or 15 digits)")
        }
        if let pathIMSI, pathIMSI != imsi {
            throw FieldError(field: "imsi", problem: "\"\(imsi)\" differs from the IMSI in the path (\(pathIMSI))")
        }
        let k = try fields.key("k")
        guard let k else { throw FieldError(field: "k", problem: "required field missing") }
        let op = try fields.key("op")
        let opc = try fields.key("opc")
        let operatorKey: OperatorKey
        switch (op, opc) {
        case (let op?, nil): operatorKey = .op(op)
        case (nil, let opc?): operatorKey = .opc(opc)
        case (nil, nil): throw FieldError(field: "opc", problem: "one of op and opc is required")
        case (_?, _?): throw FieldError(field: "op", problem: "give op or opc, not both")
        }
        var amf: UInt16 = 0x8000
        if let text = try fields.string("amf") {
            guard text.utf8.count == 4, let value = UInt16(text, radix: 16) else {
                throw FieldError(field: "amf", problem: "\"\(text)\" is not 4 hexadecimal digits")
            }
            amf = value
        }
        let sqn = try fields.unsigned("sqn", 0...SQN.mask) ?? 0
        let msisdn = try fields.string("msisdn")
        if let msisdn, !TBCD.isDecimal(msisdn, count: 1...15) {
            throw FieldError(field: "msisdn", problem: "\"\(msisdn)\" is not an MSISDN (1 to 15 digits)")
        }
        let ambr = try fields.object("ambr").map { fields throws(FieldError) in try BitRates(fields) } ?? .defaultUEAMBR
        var apns = APNConfiguration.defaultProfile
        if let list = try fields.array("apns") {
            apns = []
            for (index, element) in list.enumerated() {
                let path = "apns[\(index)]"
                guard let object = element as? [String: Any] else { throw FieldError(field: path, problem: "wrong type, expected an object") }
                apns.append(try APNConfiguration(RecordFields(object, path: path)))
            }
            try APNConfiguration.checkProfile(apns)
            apns = APNConfiguration.normalised(apns)
        }
        let ims = try fields.object("ims").map { fields throws(FieldError) in try IMSIdentities(fields) }
        var rats: Set<RATType> = [.eutran]
        if let list = try fields.array("allowedRATs") {
            rats = []
            for (index, element) in list.enumerated() {
                guard let text = element as? String, let rat = RATType(rawValue: text) else {
                    throw FieldError(field: "allowedRATs[\(index)]", problem: "\"\(element)\" is not one of "
                                     + RATType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                rats.insert(rat)
            }
        }
        let roaming = try fields.bool("roamingAllowed") ?? false
        self.init(imsi: imsi, k: k, operatorKey: operatorKey, amf: amf, sqn: sqn, msisdn: msisdn, ambr: ambr, apns: apns,
                  ims: ims, allowedRATs: rats, roamingAllowed: roaming)
    }

    /// The JSON form, as the API returns it.
    public var record: [String: Any] {
        var record: [String: Any] = ["imsi": imsi, "k": k.hex, "amf": String(format: "%04x", amf), "sqn": sqn,
                                     "ambr": ambr.record, "apns": apns.map(\.record),
                                     "allowedRATs": allowedRATs.sorted().map(\.rawValue), "roamingAllowed": roamingAllowed]
        switch operatorKey {
        case .op(let op): record["op"] = op.hex
        case .opc(let opc): record["opc"] = opc.hex
        }
        if let msisdn { record["msisdn"] = msisdn }
        if let ims { record["ims"] = ["impi": ims.impi, "impus": ims.impus] }
        return record
    }
}

extension BitRates {
    init(_ fields: RecordFields) throws(FieldError) {
        try fields.refuseUnknown(["uplink", "downlink"])
        guard let uplink = try fields.unsigned("uplink", 0...UInt64(UInt32.max)),
              let downlink = try fields.unsigned("downlink", 0...UInt64(UInt32.max)) else {
            throw FieldError(field: fields.path("uplink"), problem: "uplink and downlink are both required")
        }
        self.init(uplink: UInt32(uplink), downlink: UInt32(downlink))
    }

    var record: [String: Any] { ["uplink": uplink, "downlink": downlink] }
}

extension APNConfiguration {
    init(_ fields: RecordFields) throws(FieldError) {
        try fields.refuseUnknown(["name", "contextId", "pdnType", "qci", "arp", "ambr", "default"])
        guard let name = try fields.string("name") else { throw FieldError(field: fields.path("name"), problem: "required field missing") }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.utf8.count <= 100,
              labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else {
            throw FieldError(field: fields.path("name"), problem: "\"\(name)\" is not an APN (labels of letters, digits, -)")
        }
        let context = try fields.unsigned("contextId", 1...UInt64(UInt32.max))
        var pdnType = PDNType.ipv4v6
        if let text = try fields.string("pdnType") {
            guard let value = PDNType(rawValue: text) else {
                throw FieldError(field: fields.path("pdnType"), problem: "\"\(text)\" is not one of "
                                 + PDNType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            pdnType = value
        }
        guard let qci = try fields.unsigned("qci", 1...254) else { throw FieldError(field: fields.path("qci"), problem: "required field missing") }
        guard let arpFields = try fields.object("arp") else { throw FieldError(field: fields.path("arp"), problem: "required field missing") }
        try arpFields.refuseUnknown(["priority", "preemptionCapability", "preemptionVulnerability"])
        guard let priority = try arpFields.unsigned("priority", 1...15) else {
            throw FieldError(field: arpFields.path("priority"), problem: "required field missing")
        }
        let arp = AllocationRetentionPriority(priorityLevel: UInt8(priority),
                                              preemptionCapability: try arpFields.bool("preemptionCapability") ?? false,
                                              preemptionVulnerability: try arpFields.bool("preemptionVulnerability") ?? true)
        let ambr = try fields.object("ambr").map { fields throws(FieldError) in try BitRates(fields) } ?? .defaultAPNAMBR
        self.init(name: name, contextIdentifier: UInt32(context ?? 0), pdnType: pdnType, qci: UInt8(qci), arp: arp, ambr: ambr,
                  isDefault: try fields.bool("default") ?? false)
    }

    /// Context identifiers are numbered where not given; names and identifiers must be unique and
    /// at most one APN is the default (the first one when none says so).
    static func checkProfile(_ apns: [APNConfiguration]) throws(FieldError) {
        var names = Set<String>()
        var contexts = Set<UInt32>()
        for (index, apn) in apns.enumerated() {
            guard names.insert(apn.name.lowercased()).inserted else {
                throw FieldError(field: "apns[\(index)].name", problem: "\"\(apn.name)\" is listed twice")
            }
            guard apn.contextIdentifier == 0 || contexts.insert(apn.contextIdentifier).inserted else {
                throw FieldError(field: "apns[\(index)].contextId", problem: "\(apn.contextIdentifier) is used twice")
            }
        }
        if apns.filter(\.isDefault).count > 1 {
            throw FieldError(field: "apns", problem: "more than one APN is marked default")
        }
    }

    /// The profile as stored: context identifiers filled in, exactly one default.
    static func normalised(_ apns: [APNConfiguration]) -> [APNConfiguration] {
        var apns = apns
        var used = Set(apns.map(\.contextIdentifier))
        var next: UInt32 = 1
        for index in apns.indices where apns[index].contextIdentifier == 0 {
            while used.contains(next) { next += 1 }
            apns[index].contextIdentifier = next
            used.insert(next)
        }
        if !apns.isEmpty, !apns.contains(where: \.isDefault) { apns[0].isDefault = true }
        return apns
    }

    var record: [String: Any] {
        ["name": name, "contextId": contextIdentifier, "pdnType": pdnType.rawValue, "qci": qci,
         "arp": ["priority": arp.priorityLevel, "preemptionCapability": arp.preemptionCapability,
                 "preemptionVulnerability": arp.preemptionVulnerability],
         "ambr": ambr.record, "default": isDefault]
    }
}

extension IMSIdentities {
    init(_ fields: RecordFields) throws(FieldError) {
        try fields.refuseUnknown(["impi", "impus"])
        guard let impi = try fields.string("impi"), impi.contains("@") else {
            throw FieldError(field: fields.path("impi"), problem: "required, in the form user@realm (TS 23.003 13.3)")
        }
        var impus: [String] = []
        for (index, element) in (try fields.array("impus") ?? []).enumerated() {
            guard let text = element as? String, text.hasPrefix("sip:") || text.hasPrefix("tel:") else {
                throw FieldError(field: fields.path("impus[\(index)]"), problem: "\"\(element)\" is not a sip: or tel: URI")
            }
            impus.append(text)
        }
        self.init(impi: impi, impus: impus)
    }
}

/// Typed reads of one level of a JSON-compatible record, naming `path.key` in every refusal.
/// Text cells (CSV) are accepted where numbers and booleans are expected.
struct RecordFields {
    let values: [String: Any]
    let prefix: String

    init(_ values: [String: Any], path: String) {
        self.values = values
        prefix = path
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func refuseUnknown(_ known: Set<String>) throws(FieldError) {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw FieldError(field: path(unknown), problem: "unknown field")
        }
    }

    private func present(_ key: String) -> Any? {
        guard let value = values[key], !(value is NSNull) else { return nil }
        if let text = value as? String, text.isEmpty { return nil }
        return value
    }

    func string(_ key: String) throws(FieldError) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value as? String else { throw FieldError(field: path(key), problem: "wrong type, expected a string") }
        return text
    }

    func key(_ key: String) throws(FieldError) -> Key128? {
        guard let text = try string(key) else { return nil }
        guard text.utf8.count == 32, let value = Key128(hex: text) else {
            throw FieldError(field: path(key), problem: "not 32 hexadecimal digits (128 bits)")
        }
        return value
    }

    func unsigned(_ key: String, _ range: ClosedRange<UInt64>) throws(FieldError) -> UInt64? {
        guard let value = present(key) else { return nil }
        let number: UInt64?
        switch value {
        case let text as String: number = UInt64(text)
        case let value as NSNumber:
            let double = value.doubleValue
            number = double >= 0 && double == double.rounded() && double < 1.8e19 ? value.uint64Value : nil
        default: number = nil
        }
        guard let number else { throw FieldError(field: path(key), problem: "\"\(value)\" is not a whole number") }
        guard range.contains(number) else {
            throw FieldError(field: path(key), problem: "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func bool(_ key: String) throws(FieldError) -> Bool? {
        guard let value = present(key) else { return nil }
        if let text = value as? String {
            switch text.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: break
            }
        } else if let number = value as? NSNumber, isZeroOrOne(number) {
            return number.boolValue
        }
        throw FieldError(field: path(key), problem: "\"\(value)\" is not true or false")
    }

    func object(_ key: String) throws(FieldError) -> RecordFields? {
        guard let value = present(key) else { return nil }
        guard let object = value as? [String: Any] else { throw FieldError(field: path(key), problem: "wrong type, expected an object") }
        return RecordFields(object, path: path(key))
    }

    func array(_ key: String) throws(FieldError) -> [Any]? {
        guard let value = values[key], !(value is NSNull) else { return nil }
        guard let list = value as? [Any] else { throw FieldError(field: path(key), problem: "wrong type, expected a list") }
        return list
    }
}

/// JSONSerialization gives booleans as NSNumber; a number that is not 0 or 1 is not a boolean.
private func isZeroOrOne(_ number: NSNumber) -> Bool {
    let value = number.doubleValue
    return value == 0 || value == 1
}
