import NIOCore
import Wire

/// Globally Unique Temporary Identity (TS 23.003 2.8): GUMMEI + M-TMSI.
public struct GUTI: Hashable, Sendable, CustomStringConvertible {
    public var plmn: PLMN
    public var mmeGroupID: UInt16
    public var mmeCode: UInt8
    public var mTMSI: UInt32

    public init(plmn: PLMN, mmeGroupID: UInt16, mmeCode: UInt8, mTMSI: UInt32) {
        self.plmn = plmn
        self.mmeGroupID = mmeGroupID
        self.mmeCode = mmeCode
        self.mTMSI = mTMSI
    }

    public var description: String {
        "\(plmn)/mmegi=\(mmeGroupID)/mmec=\(mmeCode)/m-tmsi=0x" + String(mTMSI, radix: 16)
    }
}

/// Reading and writing identity digits laid out as in 24.008 10.5.1.4: digit 1 in the high half of
/// the first octet (after the odd/even flag and the type), then two digits per octet, low half
/// first, an even count padded with 0xF.
enum IdentityDigits {
    /// The digits of `octets`, or nil when a digit is not decimal or the padding is wrong.
    static func digits(of octets: NASOctets) -> String? {
        guard let first = octets.first else { return nil }
        let odd = first & 0x08 != 0
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(2 * octets.count)
        nibbles.append(first >> 4)
        for byte in octets.dropFirst() {
            nibbles.append(byte & 0x0F)
            nibbles.append(byte >> 4)
        }
        if !odd {
            guard nibbles.last == 0x0F else { return nil }
            nibbles.removeLast()
        }
        guard nibbles.allSatisfy({ $0 <= 9 }) else { return nil }
        return String(decoding: nibbles.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The octets for `digits` (TBCD, as held by Wire's identities) with identity type `type`.
    static func octets(of digits: TBCDDigits, type: UInt8) -> NASOctets {
        var nibbles: [UInt8] = [(digits.count % 2 == 1 ? 0x08 : 0) | (type & 0x07)]
        for index in 0..<digits.count { nibbles.append(digits[index]) }
        if nibbles.count % 2 == 1 { nibbles.append(0x0F) }
        let bytes = stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] | nibbles[$0 + 1] << 4 }
        return NASOctets(bytes)!
    }

    /// Checks the digits of an IMSI/IMEI/IMEISV identity without building them.
    static func validate(_ octets: NASOctets, maximumDigits: Int, _ reader: WireReader, _ what: String) throws(CodecError) {
        let first = octets[0]
        let odd = first & 0x08 != 0
        let count = 2 * octets.count - (odd ? 1 : 2)
        guard count >= 1, count <= maximumDigits else {
            throw reader.error(.invalidValue("\(count) digits"), what)
        }
        guard first >> 4 <= 9 else { throw reader.error(.invalidValue("non-decimal digit"), what) }
        for index in 1..<octets.count {
            let byte = octets[index]
            let isLast = index == octets.count - 1
            let highIsValid = isLast && !odd ? byte >> 4 == 0x0F : byte >> 4 <= 9
            guard byte & 0x0F <= 9, highIsValid else {
                throw reader.error(.invalidValue("non-decimal digit"), what)
            }
        }
    }
}

/// EPS mobile identity (TS 24.301 9.9.3.12): an IMSI, a GUTI or an IMEI.
///
/// Kept as the octets received; `imsi`, `guti` and `imei` read them.
public struct EPSMobileIdentity: Hashable, Sendable, CustomStringConvertible, NASValue {
    public enum Kind: UInt8, Hashable, Sendable {
        case imsi = 1
        case imei = 3
        case guti = 6
    }

    public let octets: NASOctets

    public static func imsi(_ imsi: IMSI) -> EPSMobileIdentity {
        EPSMobileIdentity(octets: IdentityDigits.octets(of: imsi.tbcd, type: Kind.imsi.rawValue))
    }

    public static func imei(_ imei: IMEI) -> EPSMobileIdentity {
        EPSMobileIdentity(octets: IdentityDigits.octets(of: imei.tbcd, type: Kind.imei.rawValue))
    }

    public static func guti(_ guti: GUTI) -> EPSMobileIdentity {
        var bytes: [UInt8] = [0xF6]
        let plmn = guti.plmn.octets
        bytes += [UInt8(truncatingIfNeeded: plmn >> 16), UInt8(truncatingIfNeeded: plmn >> 8), UInt8(truncatingIfNeeded: plmn)]
        bytes += [UInt8(guti.mmeGroupID >> 8), UInt8(truncatingIfNeeded: guti.mmeGroupID), guti.mmeCode]
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: guti.mTMSI >> UInt32($0)) }
        return EPSMobileIdentity(octets: NASOctets(bytes)!)
    }

    init(octets: NASOctets) { self.octets = octets }

    public var kind: Kind { Kind(rawValue: octets[0] & 0x07) ?? .imsi }

    public var imsi: IMSI? { kind == .imsi ? IdentityDigits.digits(of: octets).flatMap(IMSI.init) : nil }
    public var imei: IMEI? { kind == .imei ? IdentityDigits.digits(of: octets).flatMap(IMEI.init) : nil }

    public var guti: GUTI? {
        guard kind == .guti, octets.count >= 11 else { return nil }
        var reader = WireReader(bytes: octets.dropFirst())
        guard let plmn = try? PLMN.decode(&reader), let group = try? reader.u16("MME group ID"),
              let code = try? reader.u8("MME code"), let tmsi = try? reader.u32("M-TMSI") else { return nil }
        return GUTI(plmn: plmn, mmeGroupID: group, mmeCode: code, mTMSI: tmsi)
    }

    public var description: String {
        switch kind {
        case .imsi: "IMSI \(imsi?.digits ?? octets.hex)"
        case .imei: "IMEI \(imei?.digits ?? octets.hex)"
        case .guti: "GUTI \(guti.map(String.init(describing:)) ?? octets.hex)"
        }
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> EPSMobileIdentity {
        let at = reader
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "EPS mobile identity") }
        let octets = try NASOctets.read(&reader, count: reader.remaining, "EPS mobile identity")
        switch octets[0] & 0x07 {
        case Kind.imsi.rawValue:
            try IdentityDigits.validate(octets, maximumDigits: 15, at, "EPS mobile identity IMSI")
        case Kind.imei.rawValue:
            try IdentityDigits.validate(octets, maximumDigits: 16, at, "EPS mobile identity IMEI")
        case Kind.guti.rawValue:
            guard octets.count == 11 else { throw at.error(.invalidLength(octets.count), "EPS mobile identity GUTI") }
            var plmn = WireReader(bytes: octets[1..<4])
            _ = try PLMN.decode(&plmn)
        default:
            throw at.error(.invalidValue("identity type \(octets[0] & 0x07)"), "EPS mobile identity")
        }
        return EPSMobileIdentity(octets: octets)
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// Mobile identity (TS 24.008 10.5.1.4): what IDENTITY RESPONSE, the MS identity IEs and the
/// M-TMSI of EXTENDED SERVICE REQUEST carry.
public struct MobileIdentity: Hashable, Sendable, CustomStringConvertible, NASValue {
    public enum Kind: UInt8, Hashable, Sendable {
        case noIdentity = 0
        case imsi = 1
        case imei = 2
        case imeisv = 3
        /// TMSI, P-TMSI or M-TMSI.
        case tmsi = 4
        case tmgi = 5
    }

    public let octets: NASOctets

    public static func imsi(_ imsi: IMSI) -> MobileIdentity {
        MobileIdentity(octets: IdentityDigits.octets(of: imsi.tbcd, type: Kind.imsi.rawValue))
    }

    /// An IMEI (15 digits) or, given 16 digits, an IMEISV.
    public static func imei(_ imei: IMEI) -> MobileIdentity {
        let kind: Kind = imei.isSoftwareVersion ? .imeisv : .imei
        return MobileIdentity(octets: IdentityDigits.octets(of: imei.tbcd, type: kind.rawValue))
    }

    public static func tmsi(_ tmsi: UInt32) -> MobileIdentity {
        MobileIdentity(octets: NASOctets([0xF4] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: tmsi >> UInt32($0)) })!)
    }

    public static let noIdentity = MobileIdentity(octets: NASOctets([0xF0])!)

    init(octets: NASOctets) { self.octets = octets }

    public var kind: Kind { Kind(rawValue: octets[0] & 0x07) ?? .noIdentity }

    public var imsi: IMSI? { kind == .imsi ? IdentityDigits.digits(of: octets).flatMap(IMSI.init) : nil }
    /// The IMEI or IMEISV.
    public var imei: IMEI? {
        kind == .imei || kind == .imeisv ? IdentityDigits.digits(of: octets).flatMap(IMEI.init) : nil
    }
    public var tmsi: UInt32? { kind == .tmsi && octets.count == 5 ? UInt32(truncatingIfNeeded: octets.word(5)) : nil }

    public var description: String {
        switch kind {
        case .imsi: "IMSI \(imsi?.digits ?? octets.hex)"
        case .imei: "IMEI \(imei?.digits ?? octets.hex)"
        case .imeisv: "IMEISV \(imei?.digits ?? octets.hex)"
        case .tmsi: "TMSI 0x" + String(tmsi ?? 0, radix: 16)
        case .noIdentity: "no identity"
        case .tmgi: "TMGI \(octets.hex)"
        }
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> MobileIdentity {
        let at = reader
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "mobile identity") }
        let octets = try NASOctets.read(&reader, count: reader.remaining, "mobile identity")
        switch octets[0] & 0x07 {
        case Kind.imsi.rawValue:
            try IdentityDigits.validate(octets, maximumDigits: 15, at, "mobile identity IMSI")
        case Kind.imei.rawValue, Kind.imeisv.rawValue:
            try IdentityDigits.validate(octets, maximumDigits: 16, at, "mobile identity IMEI")
        case Kind.tmsi.rawValue:
            guard octets.count == 5 else { throw at.error(.invalidLength(octets.count), "mobile identity TMSI") }
        case Kind.noIdentity.rawValue, Kind.tmgi.rawValue:
            break
        default:
            throw at.error(.invalidValue("identity type \(octets[0] & 0x07)"), "mobile identity")
        }
        return MobileIdentity(octets: octets)
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// Identity type 2 (TS 24.301 9.9.3.17): what IDENTITY REQUEST asks for.
public struct IdentityType: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let imsi = Self(rawValue: 1)
    public static let imei = Self(rawValue: 2)
    public static let imeisv = Self(rawValue: 3)
    public static let tmsi = Self(rawValue: 4)
}
