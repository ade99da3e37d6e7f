import MobileCrypto
import NIOCore
import Testing
@testable import NAS

/// NAS protection between an MME's and a UE's copy of one security context (TS 24.301 4.4,
/// TS 33.401 8.1): round trips for every algorithm pair, ciphering that changes the octets, and
/// the typed refusals of a wrong MAC and a replayed COUNT.
@Suite("NAS security context")
struct SecurityContextTests {
    static let kasme = Key256(hex: "a8 27 db 8a 0d 1f 2e 4b 7c 77 03 29 23 fc 2e 67 64 a3 c0 4f 22 3e 17 3e 56 46 c8 1b 10 92 0d 3a".filter { $0 != " " })!

    static func pair(_ integrity: IntegrityAlgorithm, _ ciphering: CipheringAlgorithm)
        -> (network: NASSecurityContext, ue: NASSecurityContext) {
        (NASSecurityContext(kasme: kasme, keySetIdentifier: 1, integrity: integrity, ciphering: ciphering, role: .network),
         NASSecurityContext(kasme: kasme, keySetIdentifier: 1, integrity: integrity, ciphering: ciphering, role: .ue))
    }

    static let attachAccept = NASMessage.emm(.attachAccept(NASSamples.attachAccept))
    static let attachComplete = NASMessage.emm(.attachComplete(NASSamples.attachComplete))

    static let algorithmPairs: [(IntegrityAlgorithm, CipheringAlgorithm)] =
        [IntegrityAlgorithm.eia1, .eia2, .eia3].flatMap { eia in CipheringAlgorithm.allCases.map { (eia, $0) } }

    @Test(arguments: algorithmPairs)
    func bothDirectionsRoundTrip(integrity: IntegrityAlgorithm, ciphering: CipheringAlgorithm) throws {
        var (network, ue) = Self.pair(integrity, ciphering)
        for _ in 0..<3 {
            let down = network.protect(Self.attachAccept)
            #expect(down.mac != 0)
            if ciphering != .eea0 { #expect(down.inner != Self.attachAccept.encoded(), "EEA\(ciphering.rawValue) left the message plain") }
            #expect(try ue.unprotectMessage(down) == Self.attachAccept)

            let up = ue.protect(Self.attachComplete, headerType: .integrityProtected)
            #expect(up.inner == Self.attachComplete.encoded())
            #expect(try network.unprotectMessage(up) == Self.attachComplete)
        }
        #expect(network.sendCount == NASCount(sequenceNumber: 3) && network.lastReceivedCount == NASCount(sequenceNumber: 2))
        #expect(ue.sendCount == NASCount(sequenceNumber: 3) && ue.uplinkCount == NASCount(sequenceNumber: 3))
    }

    @Test func theEnvelopeSurvivesItsWireEncoding() throws {
        var (network, ue) = Self.pair(.eia2, .eea2)
        let sent = network.protect(Self.attachAccept, headerType: .integrityProtectedAndCiphered)
        guard case .protected(let received) = try NASPDU.decode(NASPDU.protected(sent).encoded()) else {
            Issue.record("not decoded as a protected envelope")
            return
        }
        #expect(try ue.unprotectMessage(received) == Self.attachAccept)
    }

    @Test func aWrongMACIsRefusedAndChangesNothing() throws {
        var (network, ue) = Self.pair(.eia2, .eea2)
        var forged = network.protect(Self.attachAccept)
        forged.mac ^= 1
        #expect(throws: NASSecurityError.self) { try ue.unprotect(forged) }
        do {
            _ = try ue.unprotect(forged)
        } catch {
            guard case .macMismatch(let received, _, let count) = error else { Issue.record("\(error)"); return }
            #expect(received == forged.mac && count == NASCount(sequenceNumber: 0))
        }
        #expect(ue.lastReceivedCount == nil)

        var tampered = network.protect(Self.attachAccept)
        tampered.inner.setInteger(tampered.inner.getInteger(at: 3, as: UInt8.self)! ^ 0x80, at: 3)
        #expect { try ue.unprotect(tampered) } throws: { ($0 as? NASSecurityError).map { if case .macMismatch = $0 { true } else { false } } ?? false }
        // The genuine next message is still accepted.
        #expect(try ue.unprotectMessage(network.protect(Self.attachAccept)) == Self.attachAccept)
    }

    @Test func aReplayedCountIsRefused() throws {
        var (network, ue) = Self.pair(.eia1, .eea1)
        let first = network.protect(Self.attachAccept)
        _ = try ue.unprotect(first)
        #expect(throws: NASSecurityError.replayed(count: NASCount(sequenceNumber: 0), lastAccepted: NASCount(sequenceNumber: 0))) {
            try ue.unprotect(first)
        }
        let second = network.protect(Self.attachAccept)
        _ = try ue.unprotect(second)
        // An older message replayed after a newer one reads as the next overflow's: its MAC fails.
        #expect { try ue.unprotect(first) } throws: { ($0 as? NASSecurityError).map { if case .macMismatch = $0 { true } else { false } } ?? false }
    }

    @Test func theOverflowCounterCountsSequenceNumberWraps() throws {
        var (network, ue) = Self.pair(.eia3, .eea3)
        var latecomer = Self.pair(.eia3, .eea3).ue
        for index in 0..<300 {
            let message = network.protect(Self.attachAccept)
            // Every seventh message is lost: the receiver's estimate still follows.
            if index % 7 == 6 { continue }
            #expect(try ue.unprotectMessage(message) == Self.attachAccept, "message \(index)")
            if index == 299 {
                // A receiver that has seen nothing takes overflow 0: the MAC, made with overflow 1, fails.
                #expect(throws: NASSecurityError.self) { try latecomer.unprotect(message) }
            }
        }
        #expect(ue.lastReceivedCount == NASCount(overflow: 1, sequenceNumber: 43))
        #expect(network.sendCount.value == 300)
    }

    @Test func serviceRequestShortMAC() throws {
        var (network, ue) = Self.pair(.eia2, .eea0)
        for _ in 0..<40 { _ = ue.protect(Self.attachComplete) }
        for _ in 0..<40 { _ = try network.unprotect(ue.protect(Self.attachComplete)) }
        let request = ue.serviceRequest()
        #expect(request.sequenceNumber == 80 & 0x1F && request.keySetIdentifier == 1)
        let decoded = try NASPDU.decode(NASPDU.serviceRequest(request).encoded())
        #expect(decoded == .serviceRequest(request))
        try network.verify(request)
        #expect(network.lastReceivedCount == NASCount(sequenceNumber: 80))
        #expect(throws: NASSecurityError.replayed(count: NASCount(sequenceNumber: 80), lastAccepted: NASCount(sequenceNumber: 80))) {
            try network.verify(request)
        }
        var forged = ue.serviceRequest()
        forged.shortMAC ^= 0x0100
        #expect(throws: NASSecurityError.self) { try network.verify(forged) }
    }

    @Test func unsupportedHeaderTypesAndReservedAlgorithms() throws {
        var (network, ue) = Self.pair(.eia2, .eea2)
        var partial = network.protect(Self.attachAccept)
        partial.headerType = .integrityProtectedAndPartiallyCiphered
        #expect(throws: NASSecurityError.unsupportedHeaderType(.integrityProtectedAndPartiallyCiphered)) { try ue.unprotect(partial) }
        #expect(NASSecurityContext(kasme: Self.kasme, keySetIdentifier: 0, selected: NASSecurityAlgorithms(rawValue: 0x25),
                                   role: .network) == nil)
        let selected = try #require(NASSecurityContext(kasme: Self.kasme, keySetIdentifier: 0,
                                                       selected: NASSecurityAlgorithms(rawValue: 0x12), role: .network))
        #expect(selected.integrity == .eia2 && selected.ciphering == .eea1)
    }

    @Test func aVerifiedMessageThatDoesNotDecodeIsAnError() throws {
        var (network, ue) = Self.pair(.eia2, .eea2)
        let garbage = network.protect(encoded: ByteBuffer(bytes: [0x07, 0xFF]))
        #expect { try ue.unprotectMessage(garbage) } throws: { ($0 as? NASSecurityError).map { if case .undecodable = $0 { true } else { false } } ?? false }
        #expect(ue.lastReceivedCount == NASCount(sequenceNumber: 0))
    }
}
