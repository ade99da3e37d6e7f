import NIOCore
import Wire

/// Reads and writes the TLIV framing of IEs (TS 29.274 8.2.1) and the typed values inside.
enum GTPv2IECodec {
    /// Bearer Contexts nest one level in practice; deeper nesting is refused, not followed.
    static let maximumNesting = 4

    /// True for types VCore keeps as bytes, and for modelled types whose content decodes to a
    /// typed value that re-encodes exactly. Runs on every IE of every decoded message, so it checks
    /// without building the `GTPv2IEValue` (whose construction and destruction would cost more than
    /// the check).
    static func isCanonical(_ type: GTPv2IEType, _ r: inout WireReader) -> Bool {
        if let size = fixedSize(type) { return r.remaining == size }
        do throws(CodecError) {
            switch type.rawValue {
            case 1: _ = try IMSI.decode(&r, length: r.remaining)
            case 2: _ = try GTPv2Cause.decode(&r)
            case 71: try APN.validate(&r)
            case 73: _ = try lowNibble(&r, "EBI")
            case 74: return r.remaining == 4 || r.remaining == 16
            case 75: _ = try IMEI.decode(&r, length: r.remaining)
            case 76: _ = try MSISDN.decode(&r, length: r.remaining)
            case 77: return (1...16).contains(r.remaining)
            case 78: try ProtocolConfigurationOptions.validate(&r)
            case 79: _ = try PDNAddressAllocation.decode(&r)
            case 80: _ = try BearerQoS.decode(&r)
            case 83: _ = try PLMN.decode(&r)
            case 84: _ = try TrafficFlowTemplate.decode(&r)
            case 86: try UserLocationInformation.validate(&r)
            case 87: _ = try FTEID.decode(&r)
            case 99: _ = try bits(&r, mask: 0x07, "PDN Type")
            case 114:
                try r.skip(1, "Time Zone")
                _ = try bits(&r, mask: 0x03, "DST")
            case 132: _ = try FQCSID.decode(&r)
            case 155: _ = try AllocationRetentionPriority.decode(&r)
            case 255: try r.skip(2, "Enterprise ID")
            default: return true
            }
        } catch {
            return false
        }
        return r.isAtEnd
    }

    /// The value size of modelled IEs that are a fixed number of plain octets.
    private static func fixedSize(_ type: GTPv2IEType) -> Int? {
        switch type.rawValue {
        case 3, 82, 92, 97, 100, 127, 128, 135, 156: 1
        case 95, 126: 2
        case 94: 4
        case 72: 8
        default: nil
        }
    }

    /// Checks that IEs tile the reader exactly, grouped ones included, without building them.
    static func checkFraming(_ reader: inout WireReader, depth: Int) throws(CodecError) {
        guard depth <= maximumNesting else {
            throw reader.error(.nestingTooDeep(limit: maximumNesting), "Bearer Context")
        }
        while !reader.isAtEnd {
            let type = try reader.u8("IE type")
            let length = Int(try reader.u16("IE length"))
            try reader.skip(1, "IE instance")
            try reader.bounded(length, "IE value") { data throws(CodecError) in
                if type == GTPv2IEType.bearerContext.rawValue { try checkFraming(&data, depth: depth + 1) }
            }
        }
    }

    /// The typed value when the content is canonical, otherwise the bytes as they came.
    static func decodeValueOrKeepRaw(_ type: GTPv2IEType, _ data: inout WireReader) -> GTPv2IEValue {
        let start = data.position
        do throws(CodecError) {
            let value = try decodeValue(type, &data)
            try data.expectEnd("IE value")
            return value
        } catch {
            data.rewind(to: start)
            return .raw(type, data.rest())
        }
    }

    /// The typed value of a modelled IE, `.raw` for types VCore keeps as bytes. Throws when the
    /// content is not the canonical encoding, so the caller keeps it raw.
    static func decodeValue(_ type: GTPv2IEType, _ r: inout WireReader) throws(CodecError) -> GTPv2IEValue {
        switch type.rawValue {
        case 1: return .imsi(try IMSI.decode(&r, length: r.remaining))
        case 2: return .cause(try GTPv2Cause.decode(&r))
        case 3: return .recovery(try r.u8("Recovery"))
        case 71: return .apn(try APN.decode(&r))
        case 72: return .ambr(AMBR(uplink: try r.u32("AMBR uplink"), downlink: try r.u32("AMBR downlink")))
        case 73: return .ebi(try lowNibble(&r, "EBI"))
        case 74:
            switch r.remaining {
            case 4: return .ipAddress(.v4(try IPv4Address.decode(&r)))
            case 16: return .ipAddress(.v6(try IPv6Address.decode(&r)))
            default: throw r.error(.invalidLength(r.remaining), "IP Address")
            }
        case 75: return .mei(try IMEI.decode(&r, length: r.remaining))
        case 76: return .msisdn(try MSISDN.decode(&r, length: r.remaining))
        case 77: return .indication(try Indication.decode(&r))
        case 78: return .pco(try ProtocolConfigurationOptions.decode(&r))
        case 79: return .paa(try PDNAddressAllocation.decode(&r))
        case 80: return .bearerQoS(try BearerQoS.decode(&r))
        case 82: return .ratType(RATType(rawValue: try r.u8("RAT Type")))
        case 83: return .servingNetwork(try PLMN.decode(&r))
        case 84: return .bearerTFT(try TrafficFlowTemplate.decode(&r))
        case 86: return .uli(try UserLocationInformation.decode(&r))
        case 87: return .fteid(try FTEID.decode(&r))
        case 92: return .delayValue(try r.u8("Delay Value"))
        case 93: return .bearerContext(BearerContext(list: try GTPv2IEList.decode(&r, depth: 1)))
        case 94: return .chargingID(try r.u32("Charging ID"))
        case 95: return .chargingCharacteristics(try r.u16("Charging Characteristics"))
        case 97: return .bearerFlags(try r.u8("Bearer Flags"))
        case 99: return .pdnType(PDNType(rawValue: try bits(&r, mask: 0x07, "PDN Type")))
        case 100: return .pti(try r.u8("PTI"))
        case 114:
            let zone = try r.u8("Time Zone")
            return .ueTimeZone(UETimeZone(timeZone: zone, daylightSavingTime: try bits(&r, mask: 0x03, "DST")))
        case 126: return .portNumber(try r.u16("Port Number"))
        case 127: return .apnRestriction(try r.u8("APN Restriction"))
        case 128: return .selectionMode(SelectionMode(octet: try r.u8("Selection Mode")))
        case 132: return .fqCSID(try FQCSID.decode(&r))
        case 135: return .nodeType(NodeType(rawValue: try r.u8("Node Type")))
        case 155: return .arp(try AllocationRetentionPriority.decode(&r))
        case 156: return .epcTimer(try r.u8("EPC Timer"))
        case 255:
            return .privateExtension(PrivateExtension(enterpriseID: try r.u16("Enterprise ID"), value: r.rest()))
        default: return .raw(type, r.rest())
        }
    }

    private static func lowNibble(_ r: inout WireReader, _ what: StaticString) throws(CodecError) -> UInt8 {
        try bits(&r, mask: 0x0F, what)
    }

    /// An octet whose bits outside `mask` are spare and must be zero to be canonical.
    private static func bits(_ r: inout WireReader, mask: UInt8, _ what: StaticString) throws(CodecError) -> UInt8 {
        let octet = try r.u8(what)
        guard octet & ~mask == 0 else { throw r.error(.invalidValue("spare bits set"), "\(what)") }
        return octet
    }

    static func encodeValue(_ value: GTPv2IEValue, into b: inout WireWriter) {
        switch value {
        case .imsi(let imsi): imsi.encode(into: &b)
        case .cause(let cause): cause.encode(into: &b)
        case .recovery(let v), .ebi(let v), .delayValue(let v), .bearerFlags(let v), .pti(let v),
             .apnRestriction(let v), .epcTimer(let v):
            b.writeU8(v)
        case .apn(let apn): apn.encode(into: &b)
        case .ambr(let ambr):
            b.writeU32(ambr.uplink)
            b.writeU32(ambr.downlink)
        case .ipAddress(let address): address.encode(into: &b)
        case .mei(let mei): mei.encode(into: &b)
        case .msisdn(let msisdn): msisdn.encode(into: &b)
        case .indication(let indication): indication.encode(into: &b)
        case .pco(let pco): pco.encode(into: &b)
        case .paa(let paa): paa.encode(into: &b)
        case .bearerQoS(let qos): qos.encode(into: &b)
        case .ratType(let rat): b.writeU8(rat.rawValue)
        case .servingNetwork(let plmn): plmn.encode(into: &b)
        case .bearerTFT(let tft): tft.encode(into: &b)
        case .uli(let uli): uli.encode(into: &b)
        case .fteid(let fteid): fteid.encode(into: &b)
        case .bearerContext(let context): context.list.encode(into: &b)
        case .chargingID(let id): b.writeU32(id)
        case .chargingCharacteristics(let value), .portNumber(let value): b.writeU16(value)
        case .pdnType(let type): b.writeU8(type.rawValue)
        case .ueTimeZone(let zone):
            b.writeU8(zone.timeZone)
            b.writeU8(zone.daylightSavingTime)
        case .selectionMode(let mode): b.writeU8(mode.octet)
        case .fqCSID(let csid): csid.encode(into: &b)
        case .nodeType(let type): b.writeU8(type.rawValue)
        case .arp(let arp): b.writeU8(arp.octet)
        case .privateExtension(let ext):
            b.writeU16(ext.enterpriseID)
            b.writeBuffer(ext.value)
        case .raw(_, let bytes): b.writeBuffer(bytes)
        }
    }
}
