import NIOCore
import PCAP

/// A whole capture read and dissected, for tests.
struct CaptureDissection {
    var frames: [Frame]
    var payloads: [TransportPayload]
    var statistics: DissectionStatistics

    init(path: String) throws {
        frames = try PcapReader.readAll(path: path)
        var dissector = Dissector()
        payloads = frames.flatMap { dissector.dissect($0) }
        payloads += dissector.finish()
        statistics = dissector.statistics
    }

    init(frames: [Frame]) {
        self.frames = frames
        var dissector = Dissector()
        payloads = frames.flatMap { dissector.dissect($0) }
        payloads += dissector.finish()
        statistics = dissector.statistics
    }
}

extension TransportPayload {
    var isOuterUDP: Bool { tunnel == nil && transport == .udp }
    var isOuterTCP: Bool {
        guard tunnel == nil, case .tcp = transport else { return false }
        return true
    }
    var sctpPPID: UInt32? {
        guard case .sctp(_, let ppid, _) = transport else { return nil }
        return ppid
    }
    var byteArray: [UInt8] { Array(bytes.readableBytesView) }
}
