import NIOCore
import Wire

/// The bit rate codings of EPS QoS and APN-AMBR (TS 24.301 9.9.4.3 and 9.9.4.2): a base octet up to
/// 8640 kbps, an "extended" octet up to 256 Mbps and an "extended-2" octet beyond, each 0 meaning
/// "use the previous octet". Rates are in kbps.
enum BitRateCoding {
    /// The base octet: 1-63 kbps in 1 kbps steps, to 568 in 8 kbps steps, to 8640 in 64 kbps steps;
    /// 0xFF is 0 kbps. 0 (reserved) also reads as 0.
    static func base(_ octet: UInt8) -> UInt64 {
        switch octet {
        case 0, 0xFF: 0
        case 1...0x3F: UInt64(octet)
        case 0x40...0x7F: 64 + UInt64(octet - 0x40) * 8
        default: 576 + UInt64(octet - 0x80) * 64
        }
    }

    /// The extended octet: 8700-16000 kbps in 100 kbps steps, to 128 Mbps in 1 Mbps steps, to 256
    /// Mbps in 2 Mbps steps. Nil for 0 ("use the base octet").
    static func extended(_ octet: UInt8) -> UInt64? {
        switch octet {
        case 0: nil
        case 1...74: 8600 + UInt64(octet) * 100
        case 75...186: 16_000 + UInt64(octet - 74) * 1000
        default: 128_000 + UInt64(min(octet, 250) - 186) * 2000
        }
    }

    /// The EPS QoS extended-2 octet: 260-500 Mbps in 4 Mbps steps, to 1500 in 10, to 10 Gbps in 100.
    static func extended2(_ octet: UInt8) -> UInt64? {
        switch octet {
        case 0: nil
        case 1...61: 256_000 + UInt64(octet) * 4000
        case 62...161: 500_000 + UInt64(octet - 61) * 10_000
        default: 1_500_000 + UInt64(min(octet, 246) - 161) * 100_000
        }
    }

    /// The three octets for `kbps`, rounded down to the nearest representable rate (EPS QoS).
    static func encode(_ kbps: UInt64) -> (base: UInt8, extended: UInt8, extended2: UInt8) {
        if kbps > 256_000 {
            return (0xFE, 250, encodeExtended2(kbps))
        }
        if kbps > 8640 {
            return (0xFE, encodeExtended(kbps), 0)
        }
        return (encodeBase(kbps), 0, 0)
    }

    static func encodeBase(_ kbps: UInt64) -> UInt8 {
        switch kbps {
        case 0: 0xFF
        case 1...63: UInt8(kbps)
        case 64...575: 0x40 + UInt8((kbps - 64) / 8)
        default: 0x80 + UInt8((min(kbps, 8640) - 576) / 64)
        }
    }

    static func encodeExtended(_ kbps: UInt64) -> UInt8 {
        switch kbps {
        case ...8640: 0
        case ...16_000: UInt8(max(kbps - 8600, 100) / 100)
        case ...128_000: 74 + UInt8((kbps - 16_000) / 1000)
        default: 186 + UInt8((min(kbps, 256_000) - 128_000) / 2000)
        }
    }

    static func encodeExtended2(_ kbps: UInt64) -> UInt8 {
        switch kbps {
        case ...256_000: 0
        case ...500_000: UInt8(max(kbps - 256_000, 4000) / 4000)
        case ...1_500_000: 61 + UInt8((kbps - 500_000) / 10_000)
        default: 161 + UInt8((min(kbps, 10_000_000) - 1_500_000) / 100_000)
        }
    }

    /// The rate that base, extended and extended-2 octets stand for together.
    static func rate(base: UInt8, extended: UInt8?, extended2: UInt8?) -> UInt64 {
        if let extended2, let rate = self.extended2(extended2) { return rate }
        if let extended, let rate = self.extended(extended) { return rate }
        return self.base(base)
    }
}

/// EPS quality of service (TS 24.301 9.9.4.3): the QCI and, for GBR bearers, the maximum and
/// guaranteed bit rates. Kept as received (1, 5, 9 or 13 octets).
public struct EPSQualityOfService: Hashable, Sendable, NASValue, CustomStringConvertible {
    /// Bit rates in kbps.
    public struct BitRates: Hashable, Sendable {
        public var maximumUplink: UInt64
        public var maximumDownlink: UInt64
        public var guaranteedUplink: UInt64
        public var guaranteedDownlink: UInt64

        public init(maximumUplink: UInt64, maximumDownlink: UInt64, guaranteedUplink: UInt64, guaranteedDownlink: UInt64) {
            self.maximumUplink = maximumUplink
            self.maximumDownlink = maximumDownlink
            self.guaranteedUplink = guaranteedUplink
            self.guaranteedDownlink = guaranteedDownlink
        }
    }

    public let octets: NASOctets

    /// The shortest encoding that carries `bitRates` (rounded down to representable rates).
    public init(qci: UInt8, bitRates: BitRates? = nil) {
        guard let bitRates else {
            octets = NASOctets([qci])!
            return
        }
        let rates = [bitRates.maximumUplink, bitRates.maximumDownlink, bitRates.guaranteedUplink, bitRates.guaranteedDownlink]
            .map(BitRateCoding.encode)
        var bytes = [qci] + rates.map(\.base)
        if rates.contains(where: { $0.extended != 0 }) { bytes += rates.map(\.extended) }
        if rates.contains(where: { $0.extended2 != 0 }) { bytes += rates.map(\.extended2) }
        octets = NASOctets(bytes)!
    }

    init(octets: NASOctets) { self.octets = octets }

    public var qci: UInt8 { octets[0] }

    /// The bit rates, when the IE carries them.
    public var bitRates: BitRates? {
        guard octets.count >= 5 else { return nil }
        func rate(_ index: Int) -> UInt64 {
            BitRateCoding.rate(base: octets[1 + index],
                               extended: octets.count >= 9 ? octets[5 + index] : nil,
                               extended2: octets.count >= 13 ? octets[9 + index] : nil)
        }
        return BitRates(maximumUplink: rate(0), maximumDownlink: rate(1), guaranteedUplink: rate(2), guaranteedDownlink: rate(3))
    }

    public var description: String {
        guard let rates = bitRates else { return "QCI \(qci)" }
        return "QCI \(qci) MBR \(rates.maximumUplink)/\(rates.maximumDownlink) GBR \(rates.guaranteedUplink)/\(rates.guaranteedDownlink) kbps"
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> EPSQualityOfService {
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "EPS QoS") }
        return EPSQualityOfService(octets: try NASOctets.read(&reader, count: reader.remaining, "EPS QoS"))
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// APN aggregate maximum bit rate (TS 24.301 9.9.4.2): downlink and uplink, with the extended and
/// extended-2 octets for rates above 8640 kbps and 256 Mbps. Kept as received (2, 4 or 6 octets).
public struct APNAggregateMaximumBitRate: Hashable, Sendable, NASValue, CustomStringConvertible {
    public let octets: NASOctets

    /// The shortest encoding of the two rates in kbps (rounded down to representable rates).
    public init(downlink: UInt64, uplink: UInt64) {
        let down = Self.encode(downlink)
        let up = Self.encode(uplink)
        var bytes = [down.base, up.base]
        if down.extended != 0 || up.extended != 0 || down.extended2 != 0 || up.extended2 != 0 {
            bytes += [down.extended, up.extended]
        }
        if down.extended2 != 0 || up.extended2 != 0 { bytes += [down.extended2, up.extended2] }
        octets = NASOctets(bytes)!
    }

    init(octets: NASOctets) { self.octets = octets }

    /// Above 256 Mbps the extended-2 octet counts whole multiples of 256 Mbps, added to what the
    /// base and extended octets say.
    static func encode(_ kbps: UInt64) -> (base: UInt8, extended: UInt8, extended2: UInt8) {
        guard kbps > 256_000 else {
            let coded = BitRateCoding.encode(kbps)
            return (coded.base, coded.extended, 0)
        }
        let multiples = min(kbps / 256_000, 254)
        let rest = BitRateCoding.encode(kbps - multiples * 256_000)
        return (rest.base, rest.extended, UInt8(multiples))
    }

    private func rate(_ index: Int) -> UInt64 {
        let extended = octets.count >= 4 ? octets[2 + index] : nil
        let lower = BitRateCoding.rate(base: octets[index], extended: extended, extended2: nil)
        guard octets.count >= 6, octets[4 + index] != 0 else { return lower }
        return UInt64(octets[4 + index]) * 256_000 + lower
    }

    public var downlink: UInt64 { rate(0) }
    public var uplink: UInt64 { rate(1) }

    public var description: String { "APN-AMBR \(downlink)/\(uplink) kbps" }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> APNAggregateMaximumBitRate {
        guard reader.remaining >= 2 else { throw reader.error(.invalidLength(reader.remaining), "APN-AMBR") }
        return APNAggregateMaximumBitRate(octets: try NASOctets.read(&reader, count: reader.remaining, "APN-AMBR"))
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}
