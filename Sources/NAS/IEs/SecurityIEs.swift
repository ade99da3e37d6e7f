import NIOCore
import MobileCrypto
import Wire

/// NAS key set identifier (TS 24.301 9.9.3.21): which EPS security context the message refers to.
public struct NASKeySetIdentifier: NASHalfOctetValue, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// `value` 0-6 names a key set; 7 means "no key is available".
    public init(value: UInt8, mapped: Bool = false) {
        self.init(rawValue: (mapped ? 0x08 : 0) | (value & 0x07))
    }

    public static let noKeyAvailable = NASKeySetIdentifier(value: 7)

    /// KSI_ASME or KSI_SGSN, 0-7.
    public var value: UInt8 { rawValue & 0x07 }
    /// True for a mapped security context (type of security context flag set).
    public var isMapped: Bool { rawValue & 0x08 != 0 }
    public var isNoKeyAvailable: Bool { value == 7 }

    public var description: String { isNoKeyAvailable ? "no key" : "\(isMapped ? "mapped" : "native") KSI \(value)" }
}

/// An EPS encryption algorithm identifier as NAS carries it (TS 33.401 5.1.3.2): three bits, so
/// values 4-7, reserved, can arrive too; `algorithm` is the implementation, when there is one.
public struct CipheringAlgorithmID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x07 }

    /// Null ciphering.
    public static let eea0 = Self(rawValue: 0)
    /// 128-EEA1 (SNOW 3G).
    public static let eea1 = Self(rawValue: 1)
    /// 128-EEA2 (AES-CTR).
    public static let eea2 = Self(rawValue: 2)
    /// 128-EEA3 (ZUC).
    public static let eea3 = Self(rawValue: 3)

    public init(_ algorithm: CipheringAlgorithm) { self.init(rawValue: algorithm.rawValue) }

    /// The algorithm, nil for a reserved identifier.
    public var algorithm: CipheringAlgorithm? { CipheringAlgorithm(rawValue: rawValue) }

    public var description: String { "EEA\(rawValue)" }
}

/// An EPS integrity algorithm identifier as NAS carries it (TS 33.401 5.1.4.2), values 4-7 reserved.
public struct IntegrityAlgorithmID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x07 }

    /// Null integrity, for unauthenticated emergency calls only.
    public static let eia0 = Self(rawValue: 0)
    /// 128-EIA1 (SNOW 3G).
    public static let eia1 = Self(rawValue: 1)
    /// 128-EIA2 (AES-CMAC).
    public static let eia2 = Self(rawValue: 2)
    /// 128-EIA3 (ZUC).
    public static let eia3 = Self(rawValue: 3)

    public init(_ algorithm: IntegrityAlgorithm) { self.init(rawValue: algorithm.rawValue) }

    /// The algorithm, nil for a reserved identifier.
    public var algorithm: IntegrityAlgorithm? { IntegrityAlgorithm(rawValue: rawValue) }

    public var description: String { "EIA\(rawValue)" }
}

/// NAS security algorithms (TS 24.301 9.9.3.23): the pair SECURITY MODE COMMAND selects.
public struct NASSecurityAlgorithms: Hashable, Sendable, CustomStringConvertible {
    /// The octet as sent, spare bits included.
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(ciphering: CipheringAlgorithmID, integrity: IntegrityAlgorithmID) {
        rawValue = ciphering.rawValue << 4 | integrity.rawValue
    }

    public var ciphering: CipheringAlgorithmID { CipheringAlgorithmID(rawValue: rawValue >> 4) }
    public var integrity: IntegrityAlgorithmID { IntegrityAlgorithmID(rawValue: rawValue) }

    public var description: String { "\(ciphering)/\(integrity)" }
}

/// One octet of algorithm support flags, algorithm 0 in bit 8 down to algorithm 7 in bit 1: the
/// EEA, EIA, UEA, UIA and GEA octets of the capability IEs.
public struct AlgorithmSupport: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The flags for the algorithms numbered in `algorithms` (0-7).
    public init(_ algorithms: [UInt8]) {
        rawValue = algorithms.reduce(0) { $0 | (0x80 >> ($1 & 0x07)) }
    }

    public func contains(_ algorithm: UInt8) -> Bool { rawValue & (0x80 >> (algorithm & 0x07)) != 0 }
    public func contains(_ algorithm: CipheringAlgorithmID) -> Bool { contains(algorithm.rawValue) }
    public func contains(_ algorithm: IntegrityAlgorithmID) -> Bool { contains(algorithm.rawValue) }

    /// The supported algorithm numbers, lowest first.
    public var algorithms: [UInt8] { (0..<8).filter { contains(UInt8($0)) }.map(UInt8.init) }

    public var description: String { algorithms.map(String.init).joined(separator: ",") }
}

/// UE network capability (TS 24.301 9.9.3.34): the EPS and UMTS algorithms the UE supports, then
/// feature flags in later octets. Kept as received (2 to 13 octets, later releases may add more).
public struct UENetworkCapability: Hashable, Sendable, NASValue {
    public let bytes: ByteBuffer

    /// `features` are octets 5 onwards (UMTS octets 3-4 are `uea`/`uia`, present when given).
    public init(eea: AlgorithmSupport, eia: AlgorithmSupport, uea: AlgorithmSupport? = nil,
                uia: AlgorithmSupport? = nil, features: [UInt8] = []) {
        var bytes = ByteBuffer()
        bytes.writeU8(eea.rawValue)
        bytes.writeU8(eia.rawValue)
        if let uea {
            bytes.writeU8(uea.rawValue)
            if let uia {
                bytes.writeU8(uia.rawValue)
                bytes.writeBytes(features)
            }
        }
        self.bytes = bytes
    }

    init(bytes: ByteBuffer) { self.bytes = bytes }

    /// Octet `index` of the value (0 = EEA), nil past the end.
    public func octet(_ index: Int) -> UInt8? {
        index < bytes.readableBytes ? bytes.getInteger(at: bytes.readerIndex + index, as: UInt8.self) : nil
    }

    public var eea: AlgorithmSupport { AlgorithmSupport(rawValue: octet(0) ?? 0) }
    public var eia: AlgorithmSupport { AlgorithmSupport(rawValue: octet(1) ?? 0) }
    public var uea: AlgorithmSupport? { octet(2).map(AlgorithmSupport.init) }
    /// UIA flags (bit 8 is the UCS2 support flag, not UIA0).
    public var uia: AlgorithmSupport? { octet(3).map { AlgorithmSupport(rawValue: $0 & 0x7F) } }

    public func supports(_ algorithm: CipheringAlgorithmID) -> Bool { eea.contains(algorithm) }
    public func supports(_ algorithm: IntegrityAlgorithmID) -> Bool { eia.contains(algorithm) }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> UENetworkCapability {
        guard reader.remaining >= 2 else {
            throw reader.error(.invalidLength(reader.remaining), "UE network capability")
        }
        return UENetworkCapability(bytes: reader.rest())
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

/// UE security capability (TS 24.301 9.9.3.36): SECURITY MODE COMMAND replays what the UE said it
/// supports, so that the UE can detect a bidding-down attack.
public struct UESecurityCapability: Hashable, Sendable, NASValue {
    public let octets: NASOctets

    public init(eea: AlgorithmSupport, eia: AlgorithmSupport, uea: AlgorithmSupport? = nil,
                uia: AlgorithmSupport? = nil, gea: AlgorithmSupport? = nil) {
        var bytes = [eea.rawValue, eia.rawValue]
        if let uea {
            bytes.append(uea.rawValue)
            if let uia {
                bytes.append(uia.rawValue & 0x7F)
                if let gea { bytes.append(gea.rawValue & 0x7F) }
            }
        }
        octets = NASOctets(bytes)!
    }

    /// What an MME replays for a UE: its UE network capability's algorithm octets, and the GEA
    /// flags when the UE also sent an MS network capability.
    public init(replaying capability: UENetworkCapability, msNetworkCapability: MSNetworkCapability? = nil) {
        self.init(eea: capability.eea, eia: capability.eia, uea: capability.uea, uia: capability.uia,
                  gea: msNetworkCapability.map { AlgorithmSupport(rawValue: $0.geaFlags) })
    }

    init(octets: NASOctets) { self.octets = octets }

    public var eea: AlgorithmSupport { AlgorithmSupport(rawValue: octets[0]) }
    public var eia: AlgorithmSupport { AlgorithmSupport(rawValue: octets[1]) }
    public var uea: AlgorithmSupport? { octets.count > 2 ? AlgorithmSupport(rawValue: octets[2]) : nil }
    public var uia: AlgorithmSupport? { octets.count > 3 ? AlgorithmSupport(rawValue: octets[3] & 0x7F) : nil }
    public var gea: AlgorithmSupport? { octets.count > 4 ? AlgorithmSupport(rawValue: octets[4] & 0x7F) : nil }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> UESecurityCapability {
        guard reader.remaining >= 2 else {
            throw reader.error(.invalidLength(reader.remaining), "UE security capability")
        }
        return UESecurityCapability(octets: try NASOctets.read(&reader, count: reader.remaining, "UE security capability"))
    }

    public func encode(nasValue writer: inout WireWriter) { octets.encode(into: &writer) }
}

/// MS network capability (TS 24.008 10.5.5.12): the UE's GPRS capabilities, kept as received.
public struct MSNetworkCapability: Hashable, Sendable, NASValue {
    public let bytes: ByteBuffer

    public init(bytes: ByteBuffer) { self.bytes = bytes }

    /// GEA1 is bit 8 of octet 1; GEA2-GEA7 are bits 7-2 of octet 2. Returned in the UE security
    /// capability layout: GEA1 in bit 7 down to GEA7 in bit 1.
    public var geaFlags: UInt8 {
        let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0
        let second = bytes.readableBytes > 1 ? bytes.getInteger(at: bytes.readerIndex + 1, as: UInt8.self) ?? 0 : 0
        return (first & 0x80) >> 1 | (second & 0x7E) >> 1
    }

    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> MSNetworkCapability {
        guard reader.remaining >= 1 else { throw reader.error(.invalidLength(0), "MS network capability") }
        return MSNetworkCapability(bytes: reader.rest())
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}

/// IMEISV request (TS 24.008 10.5.5.10): SECURITY MODE COMMAND asking for the IMEISV.
public struct IMEISVRequest: NASHalfOctetValue, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let notRequested = Self(rawValue: 0)
    public static let requested = Self(rawValue: 1)

    public var isRequested: Bool { rawValue & 0x07 == 1 }
}
