import Diameter
import DiameterPeer
import MobileCrypto
import Testing
import Wire
@testable import HSSKit

/// AIR/AIA in process, judged by MobileCrypto and by the USIM model of TS 33.102 Annex C.
struct AuthenticationTests {
    @Test func vectorsVerifyOnTheUSIMAndKASMEMatches() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        let aia = await hss.answer(TestHSS.air(vectors: 3))
        #expect(aia.resultCode == 2001 && aia.experimentalResult == nil)
        let vectors = TestHSS.vectors(aia)
        #expect(vectors.count == 3)
        let items = aia[.authenticationInfo]?.all(.eutranVector).compactMap { $0[.itemNumber]?.value.unsigned32 }
        #expect(items == [1, 2, 3])
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc)
        var sqns: [UInt64] = []
        for vector in vectors {
            #expect(vector.autn.hasEPSSeparationBit)
            let response = try Milenage(k: TestHSS.k, opc: TestHSS.opc)
                .respond(rand: vector.rand, autn: vector.autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
            #expect(response.resBytes == vector.xres)
            let kasme = response.kasme(servingNetwork: TestHSS.home)
            #expect(kasme.first128.bytes + kasme.last128.bytes == vector.kasme)
            guard case .accepted(_, let sqn) = usim.authenticate(rand: vector.rand, autn: vector.autn) else {
                Issue.record("the USIM refused a fresh vector"); continue
            }
            sqns.append(sqn.value)
        }
        // SEQ and IND both step by one per vector (TS 33.102 C.3.2/C.3.4): 0b1_00001, 0b10_00010, ...
        #expect(sqns == [33, 66, 99])
        #expect(try await hss.store.subscriber(imsi: "001010000000001")?.sqn == 99)
        // A vector is never accepted twice.
        if case .accepted = usim.authenticate(rand: vectors[0].rand, autn: vectors[0].autn) { Issue.record("replay accepted") }
    }

    @Test func vectorsOfOneAnswerAreAcceptedInAnyOrder() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        let vectors = TestHSS.vectors(await hss.answer(TestHSS.air(vectors: 5)))
        #expect(vectors.count == 5)
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc)
        // The MME uses them last first: each lands in its own IND entry, so each is accepted.
        for vector in vectors.reversed() {
            guard case .accepted = usim.authenticate(rand: vector.rand, autn: vector.autn) else {
                Issue.record("vector refused out of order"); return
            }
        }
    }

    @Test func vectorCountIsCappedAndZeroIsRefused() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        #expect(TestHSS.vectors(await hss.answer(TestHSS.air(vectors: 40))).count == 5)
        let zero = await hss.answer(TestHSS.air(vectors: 0))
        #expect(zero.resultCode == 5004)
        #expect(zero[.failedAVP]?[.numberOfRequestedVectors] != nil)
    }

    @Test func unknownSubscriberIsUserUnknownInExperimentalResult() async throws {
        let hss = try TestHSS()
        let aia = await hss.answer(TestHSS.air("001019999999999"))
        #expect(aia.resultCode == nil)
        #expect(aia.experimentalResult?.vendor == 10415 && aia.experimentalResult?.code == 5001)
        #expect(aia[.authenticationInfo] == nil)
    }

    @Test func subscriberWithoutEPSSubscriptionGets5420AndBurnsNoSQN() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber(apns: []))
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.air())) == 5420)
        #expect(try await hss.store.subscriber(imsi: "001010000000001")?.sqn == 0)
    }

    @Test func roamingIsRefusedUnlessAllowed() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        try await hss.store.create(TestHSS.subscriber("001010000000002", roaming: true))
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.air(plmn: TestHSS.visited))) == 5004)
        let roamer = await hss.answer(TestHSS.air("001010000000002", plmn: TestHSS.visited))
        #expect(roamer.resultCode == 2001)
        // KASME is bound to the visited network.
        let vector = try #require(TestHSS.vectors(roamer).first)
        let response = try Milenage(k: TestHSS.k, opc: TestHSS.opc)
            .respond(rand: vector.rand, autn: vector.autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
        let kasme = response.kasme(servingNetwork: TestHSS.visited)
        #expect(kasme.first128.bytes + kasme.last128.bytes == vector.kasme)
    }

    @Test func roamingPartnersListLimitsVisitedNetworks() async throws {
        let hss = try TestHSS(roamingPartners: [PLMN(mcc: "262", mnc: "01")!])
        try await hss.store.create(TestHSS.subscriber(roaming: true))
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.air(plmn: TestHSS.visited))) == 5004)
        #expect(await hss.answer(TestHSS.air(plmn: PLMN(mcc: "262", mnc: "01")!)).resultCode == 2001)
    }

    @Test func malformedAVPsAreRefusedWith5004NamingThem() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        var badPLMN = TestHSS.air()
        badPLMN.list.removeAll(.visitedPLMNId)
        badPLMN.append(AVP(.visitedPLMNId, octets: [0x00, 0xF1]))
        let answer = await hss.answer(badPLMN)
        #expect(answer.resultCode == 5004)
        #expect(answer[.failedAVP]?[.visitedPLMNId]?.value.octets?.readableBytes == 2)

        let badIMSI = await hss.answer(TestHSS.air("not-an-imsi"))
        #expect(badIMSI.resultCode == 5004 && badIMSI[.failedAVP]?[.userName] != nil)

        let badResync = await hss.answer(TestHSS.air(resync: [1, 2, 3]))
        #expect(badResync.resultCode == 5004 && badResync[.failedAVP]?[.reSynchronizationInfo] != nil)
    }

    /// The USIM is ahead (its SIM was used with another HSS): the first challenge fails with a
    /// synchronisation failure, the AUTS resets SQN_HE, and the next vector is accepted.
    @Test func resynchronisationFromAUTS() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc, highestSEQ: 5000)
        let first = try #require(TestHSS.vectors(await hss.answer(TestHSS.air())).first)
        guard case .synchronisationFailure(let auts) = usim.authenticate(rand: first.rand, autn: first.autn) else {
            Issue.record("the USIM should be ahead"); return
        }
        let resync = await hss.answer(TestHSS.air(resync: first.rand.bytes + auts.bytes))
        #expect(resync.resultCode == 2001)
        let fresh = try #require(TestHSS.vectors(resync).first)
        guard case .accepted(_, let sqn) = usim.authenticate(rand: fresh.rand, autn: fresh.autn) else {
            Issue.record("the re-synchronised vector was refused"); return
        }
        #expect(sqn.value >> 5 == 5001)
        #expect(try await hss.store.subscriber(imsi: "001010000000001")?.sqn == sqn.value)
    }

    /// Too far ahead is refused by the USIM's Δ check too; re-synchronisation brings SQN_HE back.
    @Test func resynchronisationWhenTheHSSIsBeyondDelta() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber(sqn: ((1 << 28) + 100) << 5))
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc, highestSEQ: 10)
        let first = try #require(TestHSS.vectors(await hss.answer(TestHSS.air())).first)
        guard case .synchronisationFailure(let auts) = usim.authenticate(rand: first.rand, autn: first.autn) else {
            Issue.record("beyond Δ must be refused"); return
        }
        let fresh = try #require(TestHSS.vectors(await hss.answer(TestHSS.air(resync: first.rand.bytes + auts.bytes))).first)
        guard case .accepted(_, let sqn) = usim.authenticate(rand: fresh.rand, autn: fresh.autn) else {
            Issue.record("refused after re-synchronisation"); return
        }
        #expect(sqn.value >> 5 == 11)
    }

    /// An AUTS whose MAC-S does not verify changes nothing (TS 33.102 6.3.5): SQN_HE keeps going up.
    @Test func forgedAUTSDoesNotMoveTheCounter() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber(sqn: 1000 << 5))
        let first = try #require(TestHSS.vectors(await hss.answer(TestHSS.air())).first)
        let other = Milenage(k: Key128(hex: "0123456789abcdef0123456789abcdef")!, opc: TestHSS.opc)
        let forged = other.auts(rand: first.rand, sqnMS: SQN(1 << 40)!)
        let answer = await hss.answer(TestHSS.air(resync: first.rand.bytes + forged.bytes))
        #expect(answer.resultCode == 2001)
        let stored = try #require(try await hss.store.subscriber(imsi: "001010000000001")?.sqn)
        #expect(stored >> 5 == 1002)
    }

    /// An AUTS from a USIM that would accept the HSS's next SQN anyway keeps SQN_HE.
    @Test func resynchronisationInRangeKeepsTheCounter() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber(sqn: 1000 << 5))
        var usim = USIM(k: TestHSS.k, opc: TestHSS.opc, highestSEQ: 900)
        let rand = Milenage.randomRAND()
        let auts = usim.milenage.auts(rand: rand, sqnMS: usim.sqnMS)
        let vector = try #require(TestHSS.vectors(await hss.answer(TestHSS.air(resync: rand.bytes + auts.bytes))).first)
        guard case .accepted(_, let sqn) = usim.authenticate(rand: vector.rand, autn: vector.autn) else {
            Issue.record("refused"); return
        }
        #expect(sqn.value >> 5 == 1001)
    }

    @Test func concurrentRequestsNeverShareASQN() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        let sqns = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<100 {
                group.addTask {
                    let aia = await hss.answer(TestHSS.air(vectors: 2))
                    return TestHSS.vectors(aia).compactMap { vector in
                        (try? Milenage(k: TestHSS.k, opc: TestHSS.opc)
                            .respond(rand: vector.rand, autn: vector.autn, freshness: .any, highestAcceptedSQN: SQN(0)!))?.sqn.value
                    }
                }
            }
            return await group.reduce(into: [UInt64]()) { $0 += $1 }
        }
        #expect(sqns.count == 200)
        #expect(Set(sqns).count == 200)
        #expect(try await hss.store.subscriber(imsi: "001010000000001")?.sqn == sqns.max())
        // Batching happened or not depending on timing; either way every item committed.
        #expect(hss.store.commitBatching.items >= 100)
    }

    @Test func sqnSurvivesReopeningTheStore() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        let vectors = TestHSS.vectors(await hss.answer(TestHSS.air(vectors: 4)))
        #expect(vectors.count == 4)
        let reopened = try SubscriberStore(path: hss.path)
        #expect(try await reopened.subscriber(imsi: "001010000000001")?.sqn == 4 * 33)
    }

    @Test(arguments: [(UInt64(0), UInt64(33)), (31, 32), ((5 << 5) | 31, 6 << 5), (SQN.mask, 0)] as [(UInt64, UInt64)])
    func nextSequenceNumber(current: UInt64, expected: UInt64) {
        #expect(SequenceNumberScheme().next(after: current) == expected)
    }
}
