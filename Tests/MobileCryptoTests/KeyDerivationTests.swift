import Foundation
import Testing
import TestOracles
import Wire
@testable import MobileCrypto

/// The TS 33.401 Annex A derivations against Python's hmac/hashlib building S on its own from
/// the TS 33.220 B.2 rule (FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ...). Real-traffic checks of KASME and of
/// the A.7 NAS keys are in CaptureTests.
@Suite(.enabled(if: PythonOracle.isAvailable, "python3 is needed as the independent HMAC-SHA-256 oracle"))
struct KeyDerivationTests {
    let kasme = key256("2a6c5a1c7e3f58b91a3c0d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192")

    @Test func kasmeMatchesTheOracle() throws {
        let ck = key128("b40ba9a3c58b2a05bbf0d987b21bf8cb"), ik = key128("f769bcd751044604127672711c6d3441")
        let plmn = try #require(PLMN(mcc: "901", mnc: "70"))
        let concealed = sqn("55f328b43577")
        let ours = KeyDerivation.kasme(ck: ck, ik: ik, servingNetwork: plmn, concealedSQN: concealed)
        let oracle = try PythonOracle.kdf(key: ck.bytes + ik.bytes, fc: 0x10, parameters: [[0x09, 0xF1, 0x07], concealed.bytes])
        #expect(ours.bytes == oracle)
    }

    @Test func kenbMatchesTheOracle() throws {
        let ours = KeyDerivation.kenb(kasme: kasme, uplinkNASCount: 0x0000_0102)
        #expect(ours.bytes == (try PythonOracle.kdf(key: kasme.bytes, fc: 0x11, parameters: [[0, 0, 1, 2]])))
    }

    @Test func nextHopMatchesTheOracle() throws {
        let kenb = KeyDerivation.kenb(kasme: kasme, uplinkNASCount: 0)
        let ours = KeyDerivation.nextHop(kasme: kasme, syncInput: kenb)
        #expect(ours.bytes == (try PythonOracle.kdf(key: kasme.bytes, fc: 0x12, parameters: [kenb.bytes])))
    }

    static let earfcns: [(earfcn: UInt32, octets: [UInt8])] = [(1234, [0x04, 0xD2]), (70_000, [0x01, 0x11, 0x70])]

    @Test(arguments: earfcns)
    func kenbStarMatchesTheOracle(earfcn: UInt32, earfcnOctets: [UInt8]) throws {
        let ours = KeyDerivation.kenbStar(from: kasme, targetPCI: 0x01F3, earfcnDL: earfcn)
        #expect(ours.bytes == (try PythonOracle.kdf(key: kasme.bytes, fc: 0x13, parameters: [[0x01, 0xF3], earfcnOctets])))
    }

    @Test func algorithmKeysAreTheLast128BitsOfTheOracle() throws {
        let distinguishers: [KeyDerivation.AlgorithmTypeDistinguisher] = [
            .nasEncryption, .nasIntegrity, .rrcEncryption, .rrcIntegrity, .upEncryption, .upIntegrity,
        ]
        let cases = distinguishers.flatMap { distinguisher in (UInt8(0)...3).map { (distinguisher, $0) } }
        let oracle = try PythonOracle.kdf(cases.map { (kasme.bytes, 0x15, [[$0.0.rawValue], [$0.1]]) })
        for ((distinguisher, identity), expected) in zip(cases, oracle) {
            let ours = KeyDerivation.algorithmKey(distinguisher, algorithmIdentity: identity, from: kasme)
            #expect(ours.bytes == Array(expected[16...]), "\(distinguisher) \(identity)")
        }
    }

    @Test func genericKDFTakesAnyKeyAndParameters() throws {
        let key: [UInt8] = Array(0..<20)
        let parameters: [[UInt8]] = [Array("IMS".utf8), [], Array(repeating: 0xAB, count: 300)]
        let ours = KeyDerivation.kdf(key: key, fc: 0x6A, parameters: parameters)
        #expect(ours.bytes == (try PythonOracle.kdf(key: key, fc: 0x6A, parameters: parameters)))
    }

    @Test func nasKeysUseTheChosenAlgorithms() {
        let keys = KeyDerivation.nasKeys(kasme: kasme, ciphering: .eea2, integrity: .eia1)
        #expect(keys.encryption == KeyDerivation.algorithmKey(.nasEncryption, algorithmIdentity: 2, from: kasme))
        #expect(keys.integrity == KeyDerivation.algorithmKey(.nasIntegrity, algorithmIdentity: 1, from: kasme))
    }
}

/// Python's standard library as an HMAC-SHA-256 oracle that nobody here wrote.
enum PythonOracle {
    static let isAvailable: Bool = (try? TestEnvironment.run("/usr/bin/env", ["python3", "-c", "print(1)"]).status) == 0

    /// Each job's key, FC and parameters on one line; one HMAC per line back.
    private static let script = """
        import hmac, hashlib, sys
        for job in sys.stdin.read().split():
            key, fc, *parameters = job.split(':')
            s = bytes.fromhex(fc)
            for p in parameters:
                p = bytes.fromhex(p); s += p + len(p).to_bytes(2, 'big')
            print(hmac.new(bytes.fromhex(key), s, hashlib.sha256).hexdigest())
        """

    /// HMAC-SHA-256(key, FC ‖ P0 ‖ L0 ‖ ...), S built by Python, for several jobs in one run.
    static func kdf(_ jobs: [(key: [UInt8], fc: UInt8, parameters: [[UInt8]])]) throws -> [[UInt8]] {
        let input = jobs.map { job in
            ([HexCoding.encode(job.key), HexCoding.encode([job.fc])] + job.parameters.map { HexCoding.encode($0) })
                .joined(separator: ":")
        }.joined(separator: "\n")
        let (status, output) = try TestEnvironment.run("/bin/sh", ["-c", "printf '%s' \"$1\" | python3 -c \"$0\"", script, input])
        let digests = output.split(separator: "\n").compactMap { HexCoding.decode($0) }
        guard status == 0, digests.count == jobs.count else { throw OracleError.failed(output) }
        return digests
    }

    static func kdf(key: [UInt8], fc: UInt8, parameters: [[UInt8]]) throws -> [UInt8] {
        try kdf([(key, fc, parameters)])[0]
    }

    enum OracleError: Error { case failed(String) }
}
