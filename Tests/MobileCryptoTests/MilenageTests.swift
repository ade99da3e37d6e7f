import Testing
@testable import MobileCrypto

@Suite struct MilenageTests {
    @Test(arguments: milenageTestSets)
    func testSetOutputsMatch(_ set: MilenageTestSet) {
        let k = key128(set.k)
        let opc = Milenage.opc(k: k, op: key128(set.op))
        #expect(opc == key128(set.opc), "OPc")

        let milenage = Milenage(k: k, opc: opc)
        let rand = key128(set.rand)
        let amf = UInt16(truncatingIfNeeded: uint64(set.amf))
        let (macA, macS) = milenage.f1(rand: rand, sqn: sqn(set.sqn), amf: amf)
        #expect(macA == uint64(set.f1), "f1")
        #expect(macS == uint64(set.f1Star), "f1*")

        let (res, ck, ik, ak) = milenage.f2345(rand: rand)
        #expect(res == uint64(set.f2), "f2")
        #expect(ck == key128(set.f3), "f3")
        #expect(ik == key128(set.f4), "f4")
        #expect(ak == sqn(set.f5), "f5")
        #expect(milenage.f5star(rand: rand) == sqn(set.f5Star), "f5*")
    }

    @Test(arguments: milenageTestSets)
    func oneCallComputeAgreesWithTheSeparateFunctions(_ set: MilenageTestSet) {
        let milenage = Milenage(k: key128(set.k), op: key128(set.op))
        let output = milenage.compute(rand: key128(set.rand), sqn: sqn(set.sqn),
                                      amf: UInt16(truncatingIfNeeded: uint64(set.amf)))
        #expect(output.macA == uint64(set.f1))
        #expect(output.macS == uint64(set.f1Star))
        #expect(output.res == uint64(set.f2))
        #expect(output.ck == key128(set.f3))
        #expect(output.ik == key128(set.f4))
        #expect(output.ak == sqn(set.f5))
        #expect(output.akStar == sqn(set.f5Star))
    }

    /// The per-thread AES context re-keys when K changes: alternating subscribers must not mix.
    @Test func alternatingKeysOnOneThreadStayIndependent() {
        for _ in 0..<3 {
            for set in milenageTestSets.prefix(4) {
                let milenage = Milenage(k: key128(set.k), opc: key128(set.opc))
                #expect(milenage.f2345(rand: key128(set.rand)).res == uint64(set.f2))
            }
        }
    }
}
