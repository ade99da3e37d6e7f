import Wire

/// An authentication vector as the HSS gives it to the S-CSCF over Cx or keeps for UMTS
/// (TS 33.102 6.3.2): RAND, XRES, CK, IK and AUTN.
public struct AuthenticationQuintet: Hashable, Sendable {
    public var rand: Key128
    /// 64 bits with MILENAGE; sent as 8 octets, most significant first.
    public var xres: UInt64
    public var ck: Key128
    public var ik: Key128
    public var autn: AUTN

    /// XRES as it travels (Cx SIP-Authorization, Digest password): 8 octets.
    public var xresBytes: [UInt8] { xres.bigEndianBytes }
}

/// An E-UTRAN authentication vector as the HSS sends it over S6a (TS 33.401 6.1.2).
public struct EUTRANVector: Hashable, Sendable {
    public var rand: Key128
    public var xres: UInt64
    public var autn: AUTN
    public var kasme: Key256

    /// XRES as it travels in the S6a XRES AVP: 8 octets.
    public var xresBytes: [UInt8] { xres.bigEndianBytes }
}

/// What the USIM and ME return for an accepted challenge.
public struct AKAResponse: Hashable, Sendable {
    public var res: UInt64
    public var ck: Key128
    public var ik: Key128
    /// The network's SQN recovered from AUTN: the UE's new highest accepted SQN.
    public var sqn: SQN
    /// SQN ⊕ AK as received, the P1 of the KASME derivation.
    public var concealedSQN: SQN

    /// RES as the Authentication Response carries it: 8 octets.
    public var resBytes: [UInt8] { res.bigEndianBytes }

    /// KASME on the UE side (TS 33.401 A.2).
    public func kasme(servingNetwork: PLMN) -> Key256 {
        KeyDerivation.kasme(ck: ck, ik: ik, servingNetwork: servingNetwork, concealedSQN: concealedSQN)
    }
}

/// Why the UE rejects a challenge, with what TS 24.301 5.4.2.6 sends back.
public enum AKAFailure: Error, Hashable, Sendable {
    /// The "separation bit" of AMF is 0 for an EPS challenge: EMM cause #26.
    case nonEPSAuthenticationUnacceptable
    /// MAC-A does not match: EMM cause #20.
    case macFailure
    /// The MAC matches but SQN is not acceptable: EMM cause #21 with this AUTS.
    case synchronisationFailure(AUTS)
}

/// The network's failure to re-synchronise on an AUTS (TS 33.102 6.3.5).
public enum ResynchronisationFailure: Error, Hashable, Sendable {
    /// MAC-S does not match: the AUTS is not from this subscriber's USIM for this RAND.
    case macSMismatch
}

/// Which SQN values the USIM accepts (TS 33.102 6.3.3 and Annex C).
public enum SQNFreshness: Hashable, Sendable {
    /// SQN must exceed the highest accepted SQN_MS by at least 1 and at most `maximumDelta`
    /// (the Δ of Annex C.2.1; its suggested value is 2^28). Annex C's IND array is left to the
    /// caller, which can keep one `SQN` per IND value.
    case above(SQN, maximumDelta: UInt64)
    /// Any SQN (a test UE).
    case any

    /// The usual check: above `highestAccepted` by at most 2^28.
    public static func above(_ highestAccepted: SQN) -> SQNFreshness {
        .above(highestAccepted, maximumDelta: 1 << 28)
    }

    func accepts(_ sqn: SQN) -> Bool {
        switch self {
        case .any: return true
        case .above(let highest, let maximumDelta):
            return sqn > highest && sqn.value - highest.value <= maximumDelta
        }
    }
}

extension Milenage {
    /// A fresh RAND from OpenSSL's CSPRNG (RAND_bytes, drawn in batches per thread). A failing
    /// DRBG means the process has no randomness to build any challenge with, so it stops rather
    /// than produce a guessable RAND.
    public static func randomRAND() -> Key128 {
        ThreadCrypto.current.random.nextRAND()
    }

    /// AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A (TS 33.102 6.3.2).
    public func autn(rand: Key128, sqn: SQN, amf: UInt16) -> AUTN {
        let output = compute(rand: rand, sqn: sqn, amf: amf)
        return AUTN(concealedSQN: sqn ^ output.ak, amf: amf, macA: output.macA)
    }

    /// A quintet for SQN and AMF; RAND from the CSPRNG unless given.
    public func quintet(sqn: SQN, amf: UInt16, rand: Key128? = nil) -> AuthenticationQuintet {
        let rand = rand ?? Milenage.randomRAND()
        let output = compute(rand: rand, sqn: sqn, amf: amf)
        return AuthenticationQuintet(rand: rand, xres: output.res, ck: output.ck, ik: output.ik,
                                     autn: AUTN(concealedSQN: sqn ^ output.ak, amf: amf, macA: output.macA))
    }

    /// An E-UTRAN vector (TS 33.401 6.1.2): the quintet's RAND, XRES and AUTN, and KASME from CK,
    /// IK, the serving network and SQN ⊕ AK. EPS vectors need the AMF separation bit set.
    public func eutranVector(sqn: SQN, amf: UInt16, servingNetwork: PLMN, rand: Key128? = nil) -> EUTRANVector {
        let quintet = quintet(sqn: sqn, amf: amf, rand: rand)
        let kasme = KeyDerivation.kasme(ck: quintet.ck, ik: quintet.ik, servingNetwork: servingNetwork,
                                        concealedSQN: quintet.autn.concealedSQN)
        return EUTRANVector(rand: quintet.rand, xres: quintet.xres, autn: quintet.autn, kasme: kasme)
    }

    /// The UE side of a challenge (TS 33.102 6.3.3, TS 24.301 5.4.2.6): the separation bit
    /// (for EPS), then MAC-A, then the freshness of SQN; on a stale SQN the AUTS to send back is
    /// built from `highestAcceptedSQN`.
    public func respond(rand: Key128, autn: AUTN, freshness: SQNFreshness, highestAcceptedSQN: SQN,
                        requireEPSSeparationBit: Bool = true) throws(AKAFailure) -> AKAResponse {
        if requireEPSSeparationBit && !autn.hasEPSSeparationBit {
            throw .nonEPSAuthenticationUnacceptable
        }
        let ak = compute(rand: rand, sqn: SQN(uncheckedValue: 0), amf: 0).ak
        let sqn = autn.concealedSQN ^ ak
        let output = compute(rand: rand, sqn: sqn, amf: autn.amf)
        guard output.macA == autn.macA else { throw .macFailure }
        guard freshness.accepts(sqn) else { throw .synchronisationFailure(auts(rand: rand, sqnMS: highestAcceptedSQN)) }
        return AKAResponse(res: output.res, ck: output.ck, ik: output.ik, sqn: sqn, concealedSQN: autn.concealedSQN)
    }

    /// AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S, with MAC-S = f1*(SQN_MS ‖ RAND ‖ AMF) and AMF the all-zero
    /// dummy value (TS 33.102 6.3.3).
    public func auts(rand: Key128, sqnMS: SQN) -> AUTS {
        let output = compute(rand: rand, sqn: sqnMS, amf: 0)
        return AUTS(concealedSQN: sqnMS ^ output.akStar, macS: output.macS)
    }

    /// The network side of re-synchronisation (TS 33.102 6.3.5): SQN_MS from the AUTS the UE
    /// returned for `rand`, once its MAC-S checks out.
    public func resynchronise(rand: Key128, auts: AUTS) throws(ResynchronisationFailure) -> SQN {
        let sqnMS = auts.concealedSQN ^ f5star(rand: rand)
        guard compute(rand: rand, sqn: sqnMS, amf: 0).macS == auts.macS else { throw .macSMismatch }
        return sqnMS
    }
}
