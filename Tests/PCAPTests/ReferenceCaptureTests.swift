import Foundation
import NIOCore
import PCAP
import Testing
import TestOracles
import Wire

/// Every reference capture, read and dissected, must show what tshark shows: the same frames, the
/// same GTP datagrams, the same SCTP user messages and the same TCP stream bytes.
@Suite("Reference captures agree with tshark",
       .enabled(if: TestEnvironment.canCompareWithTShark,
                "skipped: needs ../shared/pcaps/reference and tshark (both are required when CI=true)"))
struct ReferenceCaptureTests {
    static let captures = ["testattach.pcapng", "volte.pcapng", "nonipsec_reg.pcapng", "pyhss_Resync.pcap"]

    /// Loads a capture, or records why it cannot (which only happens in CI: elsewhere the suite is skipped).
    private func load(_ name: String) throws -> (path: String, dissection: CaptureDissection)? {
        guard TestEnvironment.hasReferenceCaptures else {
            Issue.record("reference captures missing at \(TestEnvironment.referenceDirectory.path)")
            return nil
        }
        guard TestEnvironment.tsharkPath != nil else {
            Issue.record("tshark is not installed")
            return nil
        }
        let path = TestEnvironment.referenceCapture(name)
        return (path, try CaptureDissection(path: path))
    }

    @Test("frame count equals tshark's", arguments: captures)
    func frameCount(name: String) throws {
        guard let (path, dissection) = try load(name) else { return }
        let tshark = try TShark.fields(path, ["frame.number"]).count
        print("\(name): frames ours=\(dissection.frames.count) tshark=\(tshark); \(dissection.statistics)")
        #expect(dissection.frames.count == tshark)
        #expect(dissection.frames.map(\.number) == Array(1...max(1, dissection.frames.count)))
    }

    @Test("UDP datagrams on ports 2123 (GTPv2-C) and 2152 (GTP-U) are tshark's, frame by frame",
          arguments: captures)
    func gtpDatagrams(name: String) throws {
        guard let (path, dissection) = try load(name) else { return }
        let rows = try TShark.fields(path, filter: "udp", ["frame.number", "frame.protocols", "udp.srcport", "udp.dstport"],
                                     extra: ["-E", "occurrence=f"])
        for port: UInt16 in [2123, 2152] {
            // The outer UDP layer only: not one quoted inside an ICMP error, not one inside a tunnel.
            let theirs = rows.filter { row in
                let layers = row[1].split(separator: ":")
                guard let udp = layers.firstIndex(of: "udp"), !layers[..<udp].contains(where: { $0.hasPrefix("icmp") })
                else { return false }
                return row[2] == String(port) || row[3] == String(port)
            }.compactMap { Int($0[0]) }
            let ours = dissection.payloads.filter { $0.isOuterUDP && $0.involves(port: port) }.map(\.frame)
            print("\(name): UDP port \(port) datagrams ours=\(ours.count) tshark=\(theirs.count)")
            #expect(ours == theirs, "UDP port \(port)")
        }
    }

    @Test("SCTP user messages (PPID 18, port 3868) are tshark's", arguments: captures)
    func sctpMessages(name: String) throws {
        guard let (path, dissection) = try load(name) else { return }
        let chunks = try TShark.fields(path, filter: "sctp.data_tsn",
                                       ["frame.number", "sctp.srcport", "sctp.dstport", "sctp.data_payload_proto_id",
                                        "sctp.data_e_bit", "frame.protocols"])
        let retransmissions = try TShark.fields(path, filter: "sctp.retransmission", ["frame.number"]).count
        // tshark lists one PPID and one E bit per DATA chunk; a message ends with the chunk whose E
        // bit is set, so those chunks count the messages (none of these captures retransmits).
        var ppid18 = 0
        var diameterPort = 0
        for row in chunks {
            let ppids = row[3].split(separator: ",")
            let endings = row[4].split(separator: ",")
            let onDiameterPort = row[1] == "3868" || row[2] == "3868"
            for (ppid, ending) in zip(ppids, endings) where ending == "1" || ending == "True" {
                if ppid == "18" { ppid18 += 1 }
                if onDiameterPort { diameterPort += 1 }
            }
        }
        let sctp = dissection.payloads.filter { $0.tunnel == nil && $0.sctpPPID != nil }
        let ours18 = sctp.filter { $0.sctpPPID == 18 }
        let ours3868 = sctp.filter { $0.involves(port: 3868) }
        print("\(name): SCTP PPID 18 messages ours=\(ours18.count) tshark=\(ppid18); "
              + "SCTP port 3868 messages ours=\(ours3868.count) tshark=\(diameterPort); "
              + "tshark retransmissions=\(retransmissions)")
        #expect(retransmissions == 0, "tshark saw retransmitted DATA chunks: the E-bit count would include them")
        #expect(ours18.count == ppid18)
        #expect(ours3868.count == diameterPort)

        // Frame by frame: tshark dissects a message in the frame that completes it, so the number of
        // S1AP (resp. Diameter) layers it shows in each frame is the number of messages we yield there.
        func layers(_ name: Substring) -> [Int: Int] {
            var counts: [Int: Int] = [:]
            for row in chunks {
                let count = row[5].split(separator: ":").filter { $0 == name }.count
                if count > 0, let frame = Int(row[0]) { counts[frame, default: 0] += count }
            }
            return counts
        }
        #expect(Dictionary(grouping: ours18, by: \.frame).mapValues(\.count) == layers("s1ap"))
        #expect(Dictionary(grouping: ours3868, by: \.frame).mapValues(\.count) == layers("diameter"))
    }

    @Test("TCP stream bytes on port 3868 are tshark's, direction by direction", arguments: captures)
    func diameterOverTCP(name: String) throws {
        guard let (path, dissection) = try load(name) else { return }
        let streams = Set(try TShark.fields(path, filter: "tcp.port==3868", ["tcp.stream"]).map { $0[0] })
        var theirs: [String: [UInt8]] = [:]
        for stream in streams {
            theirs.merge(try TShark.followTCP(path, stream: stream)) { $0 + $1 }
        }
        var ours: [String: [UInt8]] = [:]
        for payload in dissection.payloads where payload.isOuterTCP && payload.involves(port: 3868) {
            ours["\(payload.source) > \(payload.destination)", default: []] += payload.byteArray
        }
        let diameterLayers = try TShark.fields(path, filter: "tcp.port==3868 && diameter", ["frame.protocols"])
            .reduce(0) { $0 + $1[0].split(separator: ":").filter { $0 == "diameter" }.count }
        let ourMessages = ours.values.reduce(0) { $0 + Self.diameterMessageCount($1) }
        print("\(name): TCP port 3868 directions ours=\(ours.count) tshark=\(theirs.count), "
              + "bytes ours=\(ours.values.map(\.count).reduce(0, +)) tshark=\(theirs.values.map(\.count).reduce(0, +)), "
              + "Diameter messages ours=\(ourMessages) tshark=\(diameterLayers)")
        #expect(ours == theirs)
        #expect(ourMessages == diameterLayers)
    }

    @Test("volte.pcapng: IPv4-fragmented UDP datagrams come out whole, in the frame tshark reassembles them in")
    func fragmentedDatagrams() throws {
        guard let (path, dissection) = try load("volte.pcapng") else { return }
        // First occurrences are the outer layers; an outer packet with a fragment offset completed a datagram.
        let rows = try TShark.fields(path, filter: "ip.fragments",
                                     ["frame.number", "ip.frag_offset", "udp.length", "ip.fragment"],
                                     extra: ["-E", "occurrence=f"])
            .filter { ($0[1] as String) != "0" }
        try #require(rows.count >= 2, "volte.pcapng should hold fragmented outer datagrams")
        for row in rows {
            let frame = try #require(Int(row[0])), udpLength = try #require(Int(row[2]))
            let firstFragment = try #require(Int(row[3]))
            let ours = dissection.payloads.filter { $0.isOuterUDP && $0.frame == frame }
            let early = dissection.payloads.filter { $0.tunnel == nil && $0.frame == firstFragment }
            print("volte.pcapng: fragments \(firstFragment)+\(frame): ours \(ours.map(\.bytes.readableBytes)) bytes, "
                  + "tshark \(udpLength - 8)")
            #expect(ours.map(\.bytes.readableBytes) == [udpLength - 8], "frame \(frame)")
            #expect(early.isEmpty, "frame \(firstFragment) holds only the first fragment")
        }
    }

    @Test("our CRC-32C agrees with tshark's verdict on every unfragmented SCTP packet", arguments: captures)
    func sctpChecksums(name: String) throws {
        guard let (path, dissection) = try load(name) else { return }
        let rows = try TShark.fields(path, filter: "sctp && ip.flags.mf == 0 && ip.frag_offset == 0",
                                     ["frame.number", "sctp.checksum.status"], extra: ["-o", "sctp.checksum:CRC-32C"])
        var agreed = (good: 0, bad: 0)
        for row in rows {
            let number = try #require(Int(row[0]))
            let frame = dissection.frames[number - 1]
            var bytes = Array(frame.bytes.readableBytesView)
            // These captures are Linux cooked (16-byte header) or Ethernet (14) over IPv4.
            let ipStart = frame.linkType == .linuxSLL ? 16 : 14
            try #require(bytes.count >= ipStart + 20)
            let headerLength = Int(bytes[ipStart] & 0x0F) * 4
            let totalLength = Int(bytes[ipStart + 2]) << 8 | Int(bytes[ipStart + 3])
            try #require(headerLength >= 20 && totalLength >= headerLength + 12 && ipStart + totalLength <= bytes.count)
            bytes = Array(bytes[(ipStart + headerLength)..<(ipStart + totalLength)])
            let stored = UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24
            bytes.replaceSubrange(8..<12, with: [0, 0, 0, 0])
            let matches = CRC32C.checksum(bytes) == stored
            #expect(matches == (row[1] == "1"), "frame \(number): tshark says \(row[1])")
            if matches { agreed.good += 1 } else { agreed.bad += 1 }
        }
        // Packets sent by the capturing host often carry no checksum yet (offloaded); the rest must verify.
        print("\(name): SCTP CRC-32C verified on \(agreed.good) packets, not on \(agreed.bad) (as tshark)")
    }

    /// Counts whole Diameter messages in a stream by their 24-bit length (RFC 6733 3).
    static func diameterMessageCount(_ stream: [UInt8]) -> Int {
        var offset = 0
        var count = 0
        while offset + 4 <= stream.count, stream[offset] == 1 {
            let length = Int(stream[offset + 1]) << 16 | Int(stream[offset + 2]) << 8 | Int(stream[offset + 3])
            guard length >= 20, offset + length <= stream.count else { break }
            offset += length
            count += 1
        }
        return count
    }
}
