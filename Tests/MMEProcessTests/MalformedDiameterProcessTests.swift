import Diameter
import Foundation
import NIOCore
import Testing
import TestOracles

/// Diameter from a broken HSS: the mme process answers each malformed request with the RFC 6733
/// error (5001 for an unknown mandatory AVP, 5014 for an AVP overrunning the message), keeps the
/// connection, and goes on answering well-formed requests and watchdogs.
@Suite(.serialized, .enabled(if: ProcessLab.missing == nil, Comment(rawValue: ProcessLab.missing ?? "")))
struct MalformedDiameterProcessTests {
    @Test(.timeLimit(.minutes(2)))
    func malformedRequestsGetErrorAnswersAndTheMMEKeepsServing() async throws {
        let lab = ProcessLab()
        defer { lab.tearDown() }
        try await lab.start(hss: .scripted)
        let hss = try #require(lab.scriptedHSS)

        let answers = try await withOwnThread {
            let unknownMandatory = Self.appending(Self.avp(code: 0xFFF0, flags: 0x40, value: [0, 0, 0, 1]), to: Self.cancelLocation(hss))
            // An AVP header claiming 64 octets where the message has 4 left.
            let overrun = Self.appending(Self.avp(code: 1, flags: 0x40, value: [0, 0, 0, 0], claimedLength: 64), to: Self.cancelLocation(hss))
            return [
                try hss.exchange(raw: unknownMandatory),
                try hss.exchange(raw: overrun),
                try hss.exchange(hss.request(.cancelLocation, Self.cancelLocationAVPs(hss))),
                try hss.exchange(hss.request(.deviceWatchdog, [])),
            ]
        }
        let results = answers.map { $0[.resultCode]?.value.unsigned32 }
        #expect(results == [5001, 5014, 2001, 2001], "\(answers)\nMME:\n\(lab.mmeLog)")
        #expect(answers[0][.failedAVP] != nil, "5001 names the AVP")
        #expect(answers[2].commandCode == DiameterCommand.cancelLocation.code)
        #expect(try await lab.mmeReady(), "the HSS peer is still OPEN")
    }

    static func cancelLocationAVPs(_ hss: ScriptedDiameterPeer) -> [AVP] {
        [AVP(.sessionId, "hss.vcore.test;1;\(UInt32.random(in: 0...UInt32.max))"), AVP(.authSessionState, enumerated: 1),
         AVP(.destinationHost, "mme.vcore.test"), AVP(.destinationRealm, "vcore.test"), AVP(.userName, "001010000009999"),
         AVP(.cancellationType, enumerated: 2)]
    }

    static func cancelLocation(_ hss: ScriptedDiameterPeer) -> [UInt8] {
        var buffer = ByteBuffer()
        hss.request(.cancelLocation, cancelLocationAVPs(hss)).encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// An AVP without vendor: code, flags, 24-bit length (the real one unless told otherwise).
    static func avp(code: UInt32, flags: UInt8, value: [UInt8], claimedLength: Int? = nil) -> [UInt8] {
        let length = claimedLength ?? 8 + value.count
        return withUnsafeBytes(of: code.bigEndian, Array.init) + [flags, UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + value
    }

    /// `message` with `avp` appended and the header's length (octets 1-3) updated.
    static func appending(_ avp: [UInt8], to message: [UInt8]) -> [UInt8] {
        var octets = message + avp
        let length = octets.count
        octets[1] = UInt8(length >> 16 & 0xFF)
        octets[2] = UInt8(length >> 8 & 0xFF)
        octets[3] = UInt8(length & 0xFF)
        return octets
    }
}
