import GTPU
import NIOCore
import Testing
@testable import UserPlane

struct FastPathTests {
    static func parse(_ bytes: [UInt8]) -> (teid: UInt32, payloadOffset: Int, payloadLength: Int)? {
        bytes.withUnsafeBufferPointer { GTPUFastPath.parseGPDU($0.baseAddress!, length: $0.count) }
    }

    @Test func findsTheTPDUWithOrWithoutOptionalFieldsAndExtensionHeaders() {
        let inner = Packets.udp(from: "10.45.0.2", 4000, to: "10.46.0.5", 7)
        for (bytes, offset) in [(Packets.gpdu(teid: 0x1234, inner), 8),
                                (Packets.gpdu(teid: 0x1234, inner, sequenceNumber: 9), 12),
                                (Packets.gpdu(teid: 0x1234, inner, extensionHeaders: [GTPUExtensionHeader(udpPort: 2152),
                                                                                      GTPUExtensionHeader(udpPort: 40000)]), 20)] {
            let parsed = Self.parse(bytes)
            #expect(parsed?.teid == 0x1234)
            #expect(parsed?.payloadOffset == offset)
            #expect(parsed?.payloadLength == inner.count)
            #expect(Array(bytes[offset...]) == inner)
        }
    }

    @Test func refusesWhatIsNotAWellFormedGPDU() {
        let good = Packets.gpdu(teid: 7, [0x45, 0, 0, 20])
        var version2 = good; version2[0] = 0x50
        var gtpPrime = good; gtpPrime[0] = 0x20
        var tooLong = good; tooLong[3] = 0xFF
        var zeroLengthExtension = Packets.gpdu(teid: 7, [1, 2, 3, 4], extensionHeaders: [GTPUExtensionHeader(udpPort: 1)])
        zeroLengthExtension[12] = 0
        for bytes in [version2, gtpPrime, tooLong, zeroLengthExtension, Array(good.prefix(7)),
                      Packets.encode(.echoRequest(sequenceNumber: 1)), Packets.encode(.endMarker(teid: 7))] {
            #expect(Self.parse(bytes) == nil, "\(bytes)")
        }
    }

    /// The fast path and the full codec (checked against tshark) agree on every mutation of a set
    /// of G-PDUs: whatever one takes as a G-PDU the other does, with the same TEID and T-PDU.
    @Test func agreesWithTheFullCodecOnMutations() {
        var generator = SystemRandomNumberGenerator()
        let seeds = [Packets.gpdu(teid: 0xA1B2_C3D4, Packets.udp(from: "10.45.0.2", 1, to: "8.8.8.8", 53)),
                     Packets.gpdu(teid: 1, [0x45], sequenceNumber: 1),
                     Packets.gpdu(teid: 2, [1, 2, 3], extensionHeaders: [GTPUExtensionHeader(udpPort: 2152)])]
        var agreed = 0
        for round in 0..<60_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0...min(4, bytes.count), using: &generator)) }
            let fast = Self.parse(bytes)
            let full = (try? GTPUPacketView.parse(ByteBuffer(bytes: bytes))).flatMap { $0.messageType == .gPDU ? $0 : nil }
            #expect((fast == nil) == (full == nil), "\(bytes)")
            if let fast, let full {
                #expect(fast.teid == full.teid)
                #expect(Array(bytes[fast.payloadOffset..<(fast.payloadOffset + fast.payloadLength)]) == Array(full.body.readableBytesView))
                agreed += 1
            }
        }
        #expect(agreed > 1000, "the mutations kept enough valid G-PDUs to compare")
    }

    @Test func headersWrittenInPlaceAreTheCodecsOwn() {
        let inner = Packets.udp(from: "10.46.0.5", 7, to: "10.45.0.2", 4000)
        var bytes = [UInt8](repeating: 0, count: 8) + inner
        bytes.withUnsafeMutableBufferPointer { GTPUFastPath.writeGPDUHeader($0.baseAddress!, teid: 0xDEAD_BEEF, payloadLength: inner.count) }
        #expect(bytes == Packets.gpdu(teid: 0xDEAD_BEEF, inner))
        bytes.withUnsafeMutableBufferPointer { GTPUFastPath.rewriteTEID($0.baseAddress!, to: 42) }
        #expect(bytes == Packets.gpdu(teid: 42, inner))
    }
}
