import Foundation
import Testing
import TestOracles
import Wire
@testable import MobileCrypto

/// Real traffic from the reference captures (read in place, never copied), checked with the
/// subscriber data the capture was made with:
/// testattach.pcapng (Open5GS): IMSI 901707364000060, serving network 901/70.
/// nonipsec_reg.pcapng: an IMS registration whose Cx MAA carries XRES.
@Suite(.enabled(if: TestEnvironment.canCompareWithTShark, "needs ../shared/pcaps/reference and tshark"))
struct CaptureTests {
    static let attach = TestEnvironment.referenceCapture("testattach.pcapng")
    let milenage = Milenage(k: key128("465B5CE8B199B49FAA5F0A2EE238A6BC"), opc: key128("E8ED289DEBA952E4283B54E88E6183CA"))
    let servingNetwork = PLMN(mcc: "901", mnc: "70")!

    /// Each S6a Authentication-Information-Answer: XRES and KASME are ours, AUTN carries a MAC-A
    /// ours verifies, and the whole vector is reproduced from the SQN inside that AUTN.
    @Test func s6aVectorsAreReproduced() throws {
        let rows = try Self.fields(Self.attach, filter: "diameter.cmd.code == 318 && diameter.RAND",
                                   ["diameter.RAND", "diameter.XRES", "diameter.AUTN", "diameter.KASME"])
        #expect(rows.count >= 10)
        for row in rows {
            let rand = key128(row[0]), autn = try #require(AUTN(bytes: bytes(row[2])))
            let response = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
            #expect(response.res == uint64(row[1]))
            #expect(response.kasme(servingNetwork: servingNetwork) == key256(row[3]))
            let vector = milenage.eutranVector(sqn: response.sqn, amf: autn.amf, servingNetwork: servingNetwork, rand: rand)
            #expect(vector.autn == autn && vector.xresBytes == bytes(row[1]) && vector.kasme == key256(row[3]))
        }
    }

    /// Each NAS Authentication Request and the UE's answer: our RES equals the one it sent; where
    /// it reported a synchronisation failure our resynchronisation accepts its AUTS and yields
    /// an SQN_MS at or above the challenge's SQN (the reason it refused).
    @Test func nasChallengesAndAnswers() throws {
        let rows = try Self.fields(Self.attach, filter: "nas_eps.nas_msg_emm_type == 0x52 || nas_eps.nas_msg_emm_type == 0x53 || nas_eps.nas_msg_emm_type == 0x5c",
                                   ["nas_eps.nas_msg_emm_type", "gsm_a.dtap.rand", "gsm_a.dtap.autn",
                                    "nas_eps.emm.res", "nas_eps.emm.cause", "gsm_a.dtap.auts"])
        var challenge: (rand: Key128, autn: AUTN)?
        var answered = (res: 0, resync: 0, macFailure: 0)
        for row in rows {
            switch row[0] {
            case "0x52":
                challenge = (key128(row[1]), try #require(AUTN(bytes: bytes(row[2]))))
            case "0x53":
                let (rand, autn) = try #require(challenge)
                let response = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
                #expect(response.resBytes == bytes(row[3]))
                answered.res += 1
            case "0x5c" where row[4] == "21":
                let (rand, autn) = try #require(challenge)
                let auts = try #require(AUTS(bytes: bytes(row[5])))
                let sqnMS = try milenage.resynchronise(rand: rand, auts: auts)
                let challengeSQN = autn.concealedSQN ^ milenage.f2345(rand: rand).ak
                #expect(sqnMS >= challengeSQN)
                answered.resync += 1
            case "0x5c" where row[4] == "20":
                // After the re-synchronisation (SQN_MS 0x11223344) the HSS sent SQN 0x11223365 and
                // that UE answered MAC failure. The AUTN is the HSS's own (reproduced above) and its
                // MAC-A is right for K/OPc, whose MAC-S that same UE had just used in its AUTS; so
                // the #20 comes from the UE side, and our check must accept this AUTN.
                let (rand, autn) = try #require(challenge)
                let response = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
                #expect(response.sqn == SQN(0x1122_3365))
                answered.macFailure += 1
            default:
                continue
            }
        }
        #expect(answered.res >= 10 && answered.resync == 1 && answered.macFailure == 1)
    }

    /// Each Security Mode Command: KNASint derived from the KASME of the vector before it with the
    /// integrity algorithm it selects (A.7) gives its MAC over SEQ ‖ message (downlink, COUNT = SEQ);
    /// the Security Mode Complete that follows checks the same way uplink.
    @Test func securityModeMessagesVerify() throws {
        let rows = try Self.fields(Self.attach,
                                   filter: "diameter.KASME || nas_eps.nas_msg_emm_type == 0x5d || nas_eps.nas_msg_emm_type == 0x5e",
                                   ["diameter.KASME", "nas_eps.emm.toi", "s1ap.NAS_PDU"])
        var kasme: Key256?
        var integrity: IntegrityAlgorithm?
        var checked = 0
        for row in rows {
            if !row[0].isEmpty { kasme = key256(row[0]); continue }
            let pdu = bytes(row[2])
            if !row[1].isEmpty { integrity = IntegrityAlgorithm(rawValue: UInt8(row[1]) ?? 0xFF) }
            let algorithm = try #require(integrity)
            let currentKASME = try #require(kasme)
            let knasInt = KeyDerivation.algorithmKey(.nasIntegrity, algorithmIdentity: algorithm.rawValue, from: currentKASME)
            let direction: UInt8 = row[1].isEmpty ? 0 : 1  // the command goes down, the complete up
            let mac = EPSIntegrity.mac(algorithm, key: knasInt, count: UInt32(pdu[5]), bearer: 0,
                                       direction: direction, message: Array(pdu[5...]))
            #expect(mac == UInt32(bigEndianBytes: pdu[1..<5]), "\(HexCoding.encode(pdu))")
            checked += 1
        }
        #expect(checked >= 4)
    }

    /// The IMS registration: the UE's Digest response equals AKAv1-MD5 with the XRES the HSS gave
    /// the S-CSCF (Cx Multimedia-Auth-Answer), and the nonce is RAND ‖ AUTN of that answer.
    @Test func imsRegistrationDigestResponse() throws {
        let file = TestEnvironment.referenceCapture("nonipsec_reg.pcapng")
        let answers = try Self.fields(file, filter: "diameter.cmd.code == 303 && diameter.3GPP-SIP-Authorization",
                                      ["diameter.3GPP-SIP-Authenticate", "diameter.3GPP-SIP-Authorization"])
        let answer = try #require(answers.first)
        let registers = try Self.fields(file, filter: "sip.Method == \"REGISTER\" && sip.Authorization contains \"AKAv1-MD5\"",
                                        ["sip.Authorization"])
        let authorization = try #require(registers.first?.joined(separator: ","))
        let parameters = Self.digestParameters(authorization)
        let nonce = try #require(parameters["nonce"])
        let challenge = try #require(DigestAKA.Challenge(nonce: nonce))
        #expect(challenge.rand.bytes + challenge.autn.bytes == bytes(answer[0]))
        let request = DigestParameters(username: parameters["username"] ?? "", realm: parameters["realm"] ?? "",
                                       nonce: parameters["nonce"] ?? "", method: "REGISTER", uri: parameters["uri"] ?? "",
                                       qop: DigestQOP(rawValue: parameters["qop"] ?? ""),
                                       nonceCount: parameters["nc"] ?? "", cnonce: parameters["cnonce"] ?? "")
        #expect(parameters["algorithm"] == DigestAKA.algorithm)
        #expect(DigestAKA.response(request, res: uint64(answer[1])) == parameters["response"])
    }

    /// The values of `fields` in each frame matching `filter`, one row per frame.
    static func fields(_ file: String, filter: String, _ fields: [String]) throws -> [[String]] {
        let tshark = try #require(TestEnvironment.tsharkPath, "tshark is required in CI")
        var arguments = ["-r", file, "-Y", filter, "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"]
        for field in fields { arguments += ["-e", field] }
        let (status, output) = try TestEnvironment.run(tshark, arguments)
        #expect(status == 0, "tshark failed on \(file)")
        return output.split(separator: "\n").map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// name=value pairs of a Digest header, quotes removed.
    static func digestParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        let body = header.hasPrefix("Digest ") ? String(header.dropFirst(7)) : header
        for pair in body.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            result[name] = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return result
    }
}

extension UInt32 {
    init(bigEndianBytes octets: ArraySlice<UInt8>) {
        self = octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
