import Testing
import Wire
@testable import MobileCrypto

@Suite struct AKATests {
    let set = milenageTestSets[0]
    var milenage: Milenage { Milenage(k: key128(set.k), opc: key128(set.opc)) }
    var rand: Key128 { key128(set.rand) }
    let amf: UInt16 = 0x8000

    /// AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A with the TS 35.208 values of every test set.
    @Test(arguments: milenageTestSets)
    func autnIsBuiltFromTheTestSetOutputs(_ set: MilenageTestSet) {
        let milenage = Milenage(k: key128(set.k), opc: key128(set.opc))
        let amf = UInt16(truncatingIfNeeded: uint64(set.amf))
        let autn = milenage.autn(rand: key128(set.rand), sqn: sqn(set.sqn), amf: amf)
        #expect(autn.bytes == bytes(set.sqn).enumerated().map { $0.element ^ bytes(set.f5)[$0.offset] }
                + bytes(set.amf) + bytes(set.f1))
        #expect(AUTN(bytes: autn.bytes) == autn)
    }

    @Test func theUEAcceptsAFreshChallengeAndDerivesTheSameKeys() throws {
        let sqnHE = try #require(SQN(0x0000_0000_1234))
        let plmn = try #require(PLMN(mcc: "001", mnc: "01"))
        let vector = milenage.eutranVector(sqn: sqnHE, amf: amf, servingNetwork: plmn, rand: rand)
        let response = try milenage.respond(rand: vector.rand, autn: vector.autn, freshness: .above(SQN(0x1000)!),
                                            highestAcceptedSQN: SQN(0x1000)!)
        #expect(response.res == vector.xres)
        #expect(response.sqn == sqnHE)
        #expect(response.kasme(servingNetwork: plmn) == vector.kasme)
        let quintet = milenage.quintet(sqn: sqnHE, amf: amf, rand: rand)
        #expect((response.ck, response.ik) == (quintet.ck, quintet.ik))
    }

    @Test(arguments: 0..<16)
    func anyAlteredAUTNOctetIsAMACFailure(_ octet: Int) throws {
        var altered = milenage.autn(rand: rand, sqn: SQN(0x20)!, amf: amf).bytes
        altered[octet] ^= octet < 6 ? 0x01 : 0x40  // keep the separation bit in AMF
        let autn = try #require(AUTN(bytes: altered))
        #expect(throws: AKAFailure.macFailure) {
            try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
        }
    }

    @Test func aChallengeWithoutTheSeparationBitIsRefusedForEPSOnly() throws {
        let autn = milenage.autn(rand: rand, sqn: SQN(0x20)!, amf: 0x0000)
        #expect(throws: AKAFailure.nonEPSAuthenticationUnacceptable) {
            try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
        }
        let ims = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!,
                                       requireEPSSeparationBit: false)
        #expect(ims.sqn == SQN(0x20)!)
    }

    /// TS 33.102 6.3.3/6.3.5: a stale or too far ahead SQN gives an AUTS; the network recovers
    /// SQN_MS from it and checks MAC-S; a vector built on SQN_MS + 1 is then accepted.
    @Test(arguments: [UInt64(0x0000_0000_0FFF), 0x0000_0000_1000, 0x0000_2000_1001])
    func resynchronisationRoundTrip(networkSQN: UInt64) throws {
        let sqnMS = try #require(SQN(0x1000))
        let autn = milenage.autn(rand: rand, sqn: try #require(SQN(networkSQN)), amf: amf)
        var auts: AUTS?
        do {
            _ = try milenage.respond(rand: rand, autn: autn, freshness: .above(sqnMS), highestAcceptedSQN: sqnMS)
        } catch .synchronisationFailure(let returned) {
            auts = returned
        } catch {
            Issue.record("expected a synchronisation failure, got \(error)")
        }
        let sent = try #require(auts)
        #expect(sent.concealedSQN == sqnMS ^ milenage.f5star(rand: rand))
        let recovered = try milenage.resynchronise(rand: rand, auts: try #require(AUTS(bytes: sent.bytes)))
        #expect(recovered == sqnMS)

        let nextRAND = Milenage.randomRAND()
        let next = milenage.autn(rand: nextRAND, sqn: recovered.successor, amf: amf)
        let accepted = try milenage.respond(rand: nextRAND, autn: next, freshness: .above(sqnMS), highestAcceptedSQN: sqnMS)
        #expect(accepted.sqn == recovered.successor)
    }

    @Test func anAUTSForAnotherRANDOrAlteredFailsItsMACS() throws {
        let auts = milenage.auts(rand: rand, sqnMS: SQN(0x1000)!)
        #expect(throws: ResynchronisationFailure.macSMismatch) {
            try milenage.resynchronise(rand: key128(set.op), auts: auts)
        }
        var altered = auts
        altered.macS ^= 1
        #expect(throws: ResynchronisationFailure.macSMismatch) { try milenage.resynchronise(rand: rand, auts: altered) }
    }

    @Test func randomRANDsDiffer() {
        let rands = Set((0..<8).map { _ in Milenage.randomRAND() })
        #expect(rands.count == 8)
        let plmn = PLMN(mcc: "001", mnc: "01")!
        let first = milenage.eutranVector(sqn: SQN(1)!, amf: amf, servingNetwork: plmn)
        let second = milenage.eutranVector(sqn: SQN(1)!, amf: amf, servingNetwork: plmn)
        #expect(first.rand != second.rand)
        #expect(first.kasme != second.kasme)
    }

    @Test func sqnValuesStayWithin48Bits() {
        #expect(SQN.max.successor == SQN(0))
        #expect(SQN(bytes: [0xFF, 0x9B, 0xB4, 0xD0, 0xB6, 0x07])?.value == 0xFF9B_B4D0_B607)
        #expect(SQN(0xFF9B_B4D0_B607)?.bytes == [0xFF, 0x9B, 0xB4, 0xD0, 0xB6, 0x07])
    }
}
