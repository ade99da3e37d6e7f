/// The MILENAGE algorithm set (TS 35.206): f1, f1*, f2, f3, f4, f5 and f5* on AES-128, with the
/// constants r1...r5 = 64, 0, 32, 64, 96 and c1...c5 = 0, 1, 2, 4, 8 of 35.206 4.1.
///
/// A plain value (K and OPc); each call uses the calling thread's AES context, which re-keys
/// only when K changes, so generating vectors for one subscriber pays the key schedule once.
public struct Milenage: Hashable, Sendable {
    public let k: Key128
    public let opc: Key128

    public init(k: Key128, opc: Key128) {
        self.k = k
        self.opc = opc
    }

    /// For subscribers provisioned with the operator variant OP instead of OPc.
    public init(k: Key128, op: Key128) {
        self.init(k: k, opc: Milenage.opc(k: k, op: op))
    }

    /// OPc = OP ⊕ E_K(OP) (TS 35.206 4.1).
    public static func opc(k: Key128, op: Key128) -> Key128 {
        op ^ ThreadCrypto.current.blockCipher.encrypt(op, key: k)
    }

    /// Everything MILENAGE yields for one RAND: what an HSS or a USIM computes per challenge.
    public struct Output: Hashable, Sendable {
        /// f1: the network authentication code.
        public var macA: UInt64
        /// f1*: the re-synchronisation authentication code (for the SQN and AMF given).
        public var macS: UInt64
        /// f2: RES (XRES on the network side), 64 bits.
        public var res: UInt64
        /// f3: the cipher key.
        public var ck: Key128
        /// f4: the integrity key.
        public var ik: Key128
        /// f5: the anonymity key (48 bits), concealing SQN in AUTN.
        public var ak: SQN
        /// f5*: the re-synchronisation anonymity key (48 bits), concealing SQN_MS in AUTS.
        public var akStar: SQN
    }

    /// f1 ... f5* in two AES calls: TEMP first, then the five independent output blocks together.
    public func compute(rand: Key128, sqn: SQN, amf: UInt16) -> Output {
        let cipher = ThreadCrypto.current.blockCipher
        let temp = cipher.encrypt(rand ^ opc, key: k)
        let in1 = Milenage.in1(sqn: sqn, amf: amf)
        return withUnsafeTemporaryAllocation(byteCount: 80, alignment: 16) { buffer in
            for n in 1...5 {
                Milenage.outputInput(n, temp: temp, opc: opc, in1: in1).store(into: buffer, at: 16 * (n - 1))
            }
            cipher.encrypt(blocks: buffer, key: k)
            let octets = UnsafeRawBufferPointer(buffer)
            let out1 = Key128(loadingFrom: octets, at: 0) ^ opc
            let out2 = Key128(loadingFrom: octets, at: 16) ^ opc
            let out5 = Key128(loadingFrom: octets, at: 64) ^ opc
            return Output(macA: out1.high, macS: out1.low, res: out2.low,
                          ck: Key128(loadingFrom: octets, at: 32) ^ opc, ik: Key128(loadingFrom: octets, at: 48) ^ opc,
                          ak: SQN(uncheckedValue: out2.high >> 16), akStar: SQN(uncheckedValue: out5.high >> 16))
        }
    }

    /// f1 and f1*: MAC-A and MAC-S over SQN, RAND and AMF.
    public func f1(rand: Key128, sqn: SQN, amf: UInt16) -> (macA: UInt64, macS: UInt64) {
        let cipher = ThreadCrypto.current.blockCipher
        let temp = cipher.encrypt(rand ^ opc, key: k)
        let input = Milenage.outputInput(1, temp: temp, opc: opc, in1: Milenage.in1(sqn: sqn, amf: amf))
        let out1 = cipher.encrypt(input, key: k) ^ opc
        return (out1.high, out1.low)
    }

    /// f2, f3, f4 and f5: RES, CK, IK and AK.
    public func f2345(rand: Key128) -> (res: UInt64, ck: Key128, ik: Key128, ak: SQN) {
        let output = compute(rand: rand, sqn: SQN(uncheckedValue: 0), amf: 0)
        return (output.res, output.ck, output.ik, output.ak)
    }

    /// f5*: AK* for re-synchronisation.
    public func f5star(rand: Key128) -> SQN {
        let cipher = ThreadCrypto.current.blockCipher
        let temp = cipher.encrypt(rand ^ opc, key: k)
        let out5 = cipher.encrypt(Milenage.outputInput(5, temp: temp, opc: opc, in1: .zero), key: k) ^ opc
        return SQN(uncheckedValue: out5.high >> 16)
    }

    /// IN1 = SQN ‖ AMF ‖ SQN ‖ AMF.
    private static func in1(sqn: SQN, amf: UInt16) -> Key128 {
        let half = sqn.value << 16 | UInt64(amf)
        return Key128(high: half, low: half)
    }

    /// What E_K is applied to for OUTn (TS 35.206 4.1); OUT1 mixes in IN1, the others TEMP only.
    private static func outputInput(_ n: Int, temp: Key128, opc: Key128, in1: Key128) -> Key128 {
        switch n {
        case 1: return temp ^ (in1 ^ opc).rotatedLeft(by: 64)                  // r1 = 64, c1 = 0
        case 2: return (temp ^ opc) ^ Key128(high: 0, low: 1)                    // r2 = 0,  c2 = 1
        case 3: return (temp ^ opc).rotatedLeft(by: 32) ^ Key128(high: 0, low: 2)  // r3 = 32, c3 = 2
        case 4: return (temp ^ opc).rotatedLeft(by: 64) ^ Key128(high: 0, low: 4)  // r4 = 64, c4 = 4
        default: return (temp ^ opc).rotatedLeft(by: 96) ^ Key128(high: 0, low: 8) // r5 = 96, c5 = 8
        }
    }
}
