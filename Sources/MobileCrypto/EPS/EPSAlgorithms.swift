import NIOCore

/// EPS integrity algorithms, numbered as in the NAS security algorithms IE (TS 24.301 9.9.3.23)
/// and as the algorithm identity of the TS 33.401 A.7 key derivation.
public enum IntegrityAlgorithm: UInt8, Sendable, CaseIterable {
    /// EIA0: null integrity, MAC = 0 (emergency calls without authentication only).
    case eia0 = 0
    /// 128-EIA1: SNOW 3G (UIA2 adapted, TS 33.401 B.2.2).
    case eia1
    /// 128-EIA2: AES-CMAC (TS 33.401 B.2.3).
    case eia2
    /// 128-EIA3: ZUC (TS 35.221).
    case eia3
}

/// EPS ciphering algorithms, numbered as the integrity ones.
public enum CipheringAlgorithm: UInt8, Sendable, CaseIterable {
    /// EEA0: null ciphering, the message is left as it is.
    case eea0 = 0
    /// 128-EEA1: SNOW 3G (UEA2 adapted, TS 33.401 B.1.2).
    case eea1
    /// 128-EEA2: AES-CTR (TS 33.401 B.1.3).
    case eea2
    /// 128-EEA3: ZUC (TS 35.221).
    case eea3
}

/// The EPS integrity function: a 32-bit MAC over a message under KEY, COUNT, BEARER and
/// DIRECTION (TS 33.401 B.2).
///
/// Only the low 5 bits of `bearer` and the low bit of `direction` (0 uplink, 1 downlink) are
/// used, as the specs define them. `bitLength` is the message length in bits (nil: every octet
/// of `message`); the algorithms are defined on bit strings, NAS always uses whole octets.
/// Precondition (a programmer error, never peer input): `0 <= bitLength <= message.count * 8`.
public enum EPSIntegrity {
    public static func mac(_ algorithm: IntegrityAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                           direction: UInt8, message: UnsafeRawBufferPointer, bitLength: Int? = nil) -> UInt32 {
        let length = resolvedBitLength(bitLength, octets: message.count)
        switch algorithm {
        case .eia0:
            return 0
        case .eia1:
            return SNOW3GIntegrity.mac(key: key, count: count, fresh: UInt32(bearer & 0x1F) << 27,
                                       direction: direction & 1, message: message, bitLength: length)
        case .eia2:
            return AESIntegrity.mac(key: key, count: count, bearer: bearer & 0x1F, direction: direction & 1,
                                    message: message, bitLength: length)
        case .eia3:
            return ZUCIntegrity.mac(key: key, count: count, bearer: bearer & 0x1F, direction: direction & 1,
                                    message: message, bitLength: length)
        }
    }

    public static func mac(_ algorithm: IntegrityAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                           direction: UInt8, message: [UInt8], bitLength: Int? = nil) -> UInt32 {
        message.withUnsafeBytes {
            mac(algorithm, key: key, count: count, bearer: bearer, direction: direction, message: $0, bitLength: bitLength)
        }
    }

    /// Over the readable bytes of `message`.
    public static func mac(_ algorithm: IntegrityAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                           direction: UInt8, message: ByteBuffer, bitLength: Int? = nil) -> UInt32 {
        message.withUnsafeReadableBytes {
            mac(algorithm, key: key, count: count, bearer: bearer, direction: direction, message: $0, bitLength: bitLength)
        }
    }
}

/// The EPS ciphering function: XORs the keystream for KEY, COUNT, BEARER and DIRECTION onto the
/// message (TS 33.401 B.1); the same call enciphers and deciphers.
///
/// Arguments as for `EPSIntegrity`. When `bitLength` ends inside an octet, the bits of that octet
/// past the end are left unchanged.
public enum EPSCiphering {
    public static func apply(_ algorithm: CipheringAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                             direction: UInt8, to message: UnsafeMutableRawBufferPointer, bitLength: Int? = nil) {
        let length = resolvedBitLength(bitLength, octets: message.count)
        guard length > 0 else { return }
        switch algorithm {
        case .eea0:
            return
        case .eea1:
            SNOW3GCiphering.apply(key: key, count: count, bearer: bearer & 0x1F, direction: direction & 1,
                                  to: message, bitLength: length)
        case .eea2:
            AESCiphering.apply(key: key, count: count, bearer: bearer & 0x1F, direction: direction & 1,
                               to: message, bitLength: length)
        case .eea3:
            ZUCCiphering.apply(key: key, count: count, bearer: bearer & 0x1F, direction: direction & 1,
                               to: message, bitLength: length)
        }
    }

    public static func apply(_ algorithm: CipheringAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                             direction: UInt8, to message: inout [UInt8], bitLength: Int? = nil) {
        message.withUnsafeMutableBytes {
            apply(algorithm, key: key, count: count, bearer: bearer, direction: direction, to: $0, bitLength: bitLength)
        }
    }

    /// A new buffer holding the enciphered (or deciphered) message.
    public static func applying(_ algorithm: CipheringAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                                direction: UInt8, to message: [UInt8], bitLength: Int? = nil) -> [UInt8] {
        var copy = message
        apply(algorithm, key: key, count: count, bearer: bearer, direction: direction, to: &copy, bitLength: bitLength)
        return copy
    }

    /// In place over the readable bytes of `message`.
    public static func apply(_ algorithm: CipheringAlgorithm, key: Key128, count: UInt32, bearer: UInt8,
                             direction: UInt8, to message: inout ByteBuffer, bitLength: Int? = nil) {
        message.withUnsafeMutableReadableBytes {
            apply(algorithm, key: key, count: count, bearer: bearer, direction: direction, to: $0, bitLength: bitLength)
        }
    }
}

@inline(__always)
func resolvedBitLength(_ bitLength: Int?, octets: Int) -> Int {
    guard let bitLength else { return octets * 8 }
    precondition(bitLength >= 0 && bitLength <= octets * 8,
                 "bitLength \(bitLength) outside the \(octets)-octet message (a caller bug)")
    return bitLength
}
