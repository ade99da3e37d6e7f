import Wire

/// The TS 33.220 Annex B.2 generic key derivation function and the EPS key hierarchy of
/// TS 33.401 Annex A built on it:
///
///     derived key = HMAC-SHA-256(Key, S),  S = FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ‖ ...
///
/// where each Li is the length of Pi in octets as two octets, big-endian.
public enum KeyDerivation {
    /// The generic KDF for any key and parameters (TS 33.220 B.2.0).
    public static func kdf(key: some Collection<UInt8>, fc: UInt8, parameters: [[UInt8]]) -> Key256 {
        var s: [UInt8] = [fc]
        for parameter in parameters {
            s += parameter
            s.append(UInt8(truncatingIfNeeded: parameter.count >> 8))
            s.append(UInt8(truncatingIfNeeded: parameter.count))
        }
        let keyBytes = Array(key)
        return keyBytes.withUnsafeBytes { keyBuffer in
            s.withUnsafeBytes { ThreadCrypto.current.hmac.mac(key: keyBuffer, message: $0) }
        }
    }

    /// KASME (TS 33.401 A.2): Key = CK ‖ IK, FC = 0x10, P0 = serving network ID (the PLMN's three
    /// octets), P1 = SQN ⊕ AK (the first six octets of AUTN).
    public static func kasme(ck: Key128, ik: Key128, servingNetwork: PLMN, concealedSQN: SQN) -> Key256 {
        var parameters = ParameterBuilder(fc: 0x10)
        parameters.append(UInt64(servingNetwork.octets & 0xFF_FFFF), octets: 3)
        parameters.append(concealedSQN.value, octets: 6)
        return parameters.derive(key: Key256(first128: ck, last128: ik))
    }

    /// KeNB (TS 33.401 A.3): Key = KASME, FC = 0x11, P0 = the uplink NAS COUNT.
    public static func kenb(kasme: Key256, uplinkNASCount: UInt32) -> Key256 {
        var parameters = ParameterBuilder(fc: 0x11)
        parameters.append(UInt64(uplinkNASCount), octets: 4)
        return parameters.derive(key: kasme)
    }

    /// NH (TS 33.401 A.4): Key = KASME, FC = 0x12, P0 = SYNC-input (KeNB for the first NH, then
    /// the previous NH).
    public static func nextHop(kasme: Key256, syncInput: Key256) -> Key256 {
        var parameters = ParameterBuilder(fc: 0x12)
        parameters.append(syncInput.first128.high, octets: 8, closing: false)
        parameters.append(syncInput.first128.low, octets: 8, closing: false)
        parameters.append(syncInput.last128.high, octets: 8, closing: false)
        parameters.append(syncInput.last128.low, octets: 8)
        return parameters.derive(key: kasme)
    }

    /// KeNB* for handover (TS 33.401 A.5): Key = KeNB or NH, FC = 0x13, P0 = target PCI (two
    /// octets), P1 = EARFCN-DL, two octets up to 65535 and three above (the extended EARFCN range).
    public static func kenbStar(from key: Key256, targetPCI: UInt16, earfcnDL: UInt32) -> Key256 {
        var parameters = ParameterBuilder(fc: 0x13)
        parameters.append(UInt64(targetPCI), octets: 2)
        parameters.append(UInt64(earfcnDL & 0xFF_FFFF), octets: earfcnDL > 0xFFFF ? 3 : 2)
        return parameters.derive(key: key)
    }

    /// The algorithm type distinguishers of TS 33.401 A.7, Table A.7-1.
    public enum AlgorithmTypeDistinguisher: UInt8, Sendable {
        case nasEncryption = 0x01, nasIntegrity, rrcEncryption, rrcIntegrity, upEncryption, upIntegrity
    }

    /// An algorithm key (TS 33.401 A.7): Key = KASME (NAS keys) or KeNB (RRC and UP keys),
    /// FC = 0x15, P0 = the distinguisher, P1 = the algorithm identity; the 128-bit key is the last
    /// 128 bits of the 256-bit output.
    public static func algorithmKey(_ distinguisher: AlgorithmTypeDistinguisher, algorithmIdentity: UInt8,
                                    from key: Key256) -> Key128 {
        var parameters = ParameterBuilder(fc: 0x15)
        parameters.append(UInt64(distinguisher.rawValue), octets: 1)
        parameters.append(UInt64(algorithmIdentity), octets: 1)
        return parameters.derive(key: key).last128
    }

    /// KNASenc and KNASint for the algorithms chosen in a Security Mode Command.
    public static func nasKeys(kasme: Key256, ciphering: CipheringAlgorithm,
                               integrity: IntegrityAlgorithm) -> (encryption: Key128, integrity: Key128) {
        (algorithmKey(.nasEncryption, algorithmIdentity: ciphering.rawValue, from: kasme),
         algorithmKey(.nasIntegrity, algorithmIdentity: integrity.rawValue, from: kasme))
    }
}

/// S = FC ‖ P0 ‖ L0 ‖ ... built in a fixed 64-octet value, no heap: the KDFs above are on the
/// per-attach path of the HSS and MME and their S is at most 1 + 32 + 2 octets.
private struct ParameterBuilder {
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var count = 0
    private var pendingLength = 0

    init(fc: UInt8) { write(UInt64(fc), octets: 1) }

    /// Appends a parameter of `octets` octets (the low octets of `value`, big-endian) and its
    /// length. A parameter longer than 8 octets is appended in pieces, the last with `closing`.
    mutating func append(_ value: UInt64, octets: Int, closing: Bool = true) {
        write(value, octets: octets)
        pendingLength += octets
        if closing {
            write(UInt64(pendingLength), octets: 2)
            pendingLength = 0
        }
    }

    /// HMAC-SHA-256 with a 256-bit key over the octets written so far.
    func derive(key: Key256) -> Key256 {
        var copy = storage
        let length = count
        return withUnsafeBytes(of: &copy) { s in
            key.withUnsafeBytes { keyBytes in
                ThreadCrypto.current.hmac.mac(key: keyBytes, message: UnsafeRawBufferPointer(rebasing: s[0..<length]))
            }
        }
    }

    private mutating func write(_ value: UInt64, octets: Int) {
        withUnsafeMutableBytes(of: &storage) { buffer in
            for index in 0..<octets {
                buffer[count + index] = UInt8(truncatingIfNeeded: value >> (8 * (octets - 1 - index)))
            }
        }
        count += octets
    }
}
