import Foundation
import NIOCore
import PCAP
import Testing
import TestOracles
import Wire

/// A small deterministic generator, so a failing run can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Dissector robustness")
struct DissectorFuzzTests {
    static let mutationCount = 100_000

    /// Real frames from the reference captures; where they are absent (outside CI), frames of a
    /// generated capture, which exercise the same layers.
    func seedFrames() throws -> [Frame] {
        if TestEnvironment.hasReferenceCaptures {
            return try ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng", "pyhss_Resync.pcap"]
                .flatMap { try PcapReader.readAll(path: TestEnvironment.referenceCapture($0)) }
        }
        if TestEnvironment.isCI { Issue.record("reference captures missing in CI") }
        print("fuzzing generated frames: reference captures not found at \(TestEnvironment.referenceDirectory.path)")
        let path = TestEnvironment.temporaryFile("fuzz-seed.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try TrafficCaptureWriterTests().writeSampleCapture(to: path, framing: .ethernet)
        return try PcapReader.readAll(path: path)
    }

    static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        guard !bytes.isEmpty else { return }
        // Headers are where parsing decisions are made, so most mutations land in the first 96 bytes.
        func position() -> Int {
            Int(random.next() % UInt64(Bool.random(using: &random) ? min(96, bytes.count) : bytes.count))
        }
        for _ in 0..<(1 + random.next() % 4) {
            switch random.next() % 6 {
            case 0: bytes[position()] ^= 1 << UInt8(random.next() % 8)
            case 1: bytes[position()] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes[position()] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF][Int(random.next() % 6)]
            case 3: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
            case 4: bytes += (0..<(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                // A 16-bit field (length, port, offset) set to an extreme.
                let at = position()
                if at + 1 < bytes.count {
                    let value: UInt16 = [0, 1, 0x7FFF, 0xFFFF, UInt16(bytes.count)][Int(random.next() % 5)]
                    bytes[at] = UInt8(value >> 8)
                    bytes[at + 1] = UInt8(truncatingIfNeeded: value)
                }
            }
            if bytes.isEmpty { return }
        }
    }

    @Test("100,000 random mutations of real frames are dissected or counted, never a trap")
    func mutations() throws {
        let seeds = try seedFrames().map { (linkType: $0.linkType, bytes: Array($0.bytes.readableBytesView)) }
        try #require(!seeds.isEmpty)
        // Small limits, so that eviction and gap skipping run too.
        var limits = DissectorLimits()
        limits.pendingFragmentDatagrams = 32
        limits.pendingFragmentBytes = 128 << 10
        limits.tcpOutOfOrderSegments = 8
        limits.tcpOutOfOrderBytes = 32 << 10
        limits.sctpPendingBytes = 32 << 10
        limits.sctpTrackedTSNs = 32
        limits.flows = 128
        var dissector = Dissector(limits: limits)
        var random = SplitMix64(state: 0x5EED_0F_7E57)
        let linkTypes: [LinkType] = [.ethernet, .linuxSLL, .linuxSLL2, .raw, .null, .ipv4, .ipv6]
        let tunnel = TunnelID(outerSource: IPAddress("10.0.0.1")!, outerDestination: IPAddress("10.0.0.2")!, key: 1)
        var payloads = 0
        for number in 1...Self.mutationCount {
            let seed = seeds[Int(random.next() % UInt64(seeds.count))]
            var bytes = seed.bytes
            // One frame in four keeps its bytes intact so reassembly state builds up between mutants.
            if random.next() % 4 != 0 { Self.mutate(&bytes, &random) }
            let linkType = random.next() % 32 == 0 ? linkTypes[Int(random.next() % UInt64(linkTypes.count))] : seed.linkType
            let frame = Frame(number: number, timestamp: CaptureTimestamp(seconds: Int64(number)), linkType: linkType,
                              bytes: ByteBuffer(bytes: bytes))
            payloads += dissector.dissect(frame).count
            if random.next() % 8 == 0 {
                // The same bytes as a tunnelled packet, from a random offset.
                let offset = Int(random.next() % UInt64(min(48, bytes.count) + 1))
                payloads += dissector.dissectIPPacket(ByteBuffer(bytes: bytes[offset...]), frame: number,
                                                      time: frame.timestamp, tunnel: tunnel).count
            }
        }
        payloads += dissector.finish().count
        print("fuzz: \(Self.mutationCount) mutated frames from \(seeds.count) seeds: \(dissector.statistics)")
        #expect(dissector.statistics.frames == Self.mutationCount)
        #expect(payloads == dissector.statistics.payloads)
    }
}
