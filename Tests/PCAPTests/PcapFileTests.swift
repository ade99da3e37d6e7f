import Foundation
import NIOCore
import PCAP
import Testing
import TestOracles

@Suite("Reading and writing capture files")
struct PcapFileTests {
    @Test("written frames read back with their number, time, link type and lengths")
    func roundTrip() throws {
        let path = TestEnvironment.temporaryFile("frames.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path, linkType: .linuxSLL, snapLength: 64)
        let first = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_000)
        try writer.write(ByteBuffer(bytes: [1, 2, 3]), timestamp: first)
        try writer.write(ByteBuffer(repeating: 7, count: 100), timestamp: first.adding(nanoseconds: 1_000_000_000))
        try writer.close()
        try writer.close() // closing twice is harmless

        let frames = try PcapReader.readAll(path: path)
        #expect(frames.map(\.number) == [1, 2])
        #expect(frames.map(\.timestamp) == [first, CaptureTimestamp(seconds: 1_700_000_001, nanoseconds: 123_456_000)])
        #expect(frames.allSatisfy { $0.linkType == .linuxSLL })
        #expect(frames.map(\.bytes.readableBytes) == [3, 64])
        #expect(frames.map(\.originalLength) == [3, 100])
        #expect(frames.map(\.isCutShort) == [false, true])
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        let path = "/nonexistent/capture.pcap"
        #expect {
            _ = try PcapReader(path: path)
        } throws: { error in
            guard let error = error as? PcapError else { return false }
            return error.kind == .cannotOpen && error.description.contains(path) && !error.message.isEmpty
        }
    }

    @Test("a file that is not a capture is an error naming it")
    func notACapture() throws {
        let path = TestEnvironment.temporaryFile("garbage.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("this is not a capture file at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: PcapError.self) { _ = try PcapReader(path: path) }
    }

    @Test("a file cut in the middle of a record yields the frames before it, then an error")
    func truncatedFile() throws {
        let path = TestEnvironment.temporaryFile("cut.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path)
        for index in 0..<3 {
            try writer.write(ByteBuffer(repeating: UInt8(index), count: 60), timestamp: CaptureTimestamp(seconds: 1))
        }
        try writer.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 10).write(to: URL(fileURLWithPath: path))

        let reader = try PcapReader(path: path)
        #expect(try reader.next()?.number == 1)
        #expect(try reader.next()?.number == 2)
        #expect {
            _ = try reader.next()
        } throws: { error in
            (error as? PcapError)?.kind == .cannotRead(afterFrame: 2)
        }
    }

    @Test("timestamps: adding wraps seconds both ways, and prints like tshark's epoch time")
    func timestamps() {
        let time = CaptureTimestamp(seconds: 10, nanoseconds: 900_000_000)
        #expect(time.adding(nanoseconds: 200_000_000) == CaptureTimestamp(seconds: 11, nanoseconds: 100_000_000))
        #expect(time.adding(nanoseconds: -1_000_000_000) == CaptureTimestamp(seconds: 9, nanoseconds: 900_000_000))
        #expect(time.adding(nanoseconds: -950_000_000) == CaptureTimestamp(seconds: 9, nanoseconds: 950_000_000))
        #expect(CaptureTimestamp(seconds: 5, nanoseconds: 42).description == "5.000000042")
        #expect(CaptureTimestamp(seconds: 0, nanoseconds: 2_500_000_000) == CaptureTimestamp(seconds: 2, nanoseconds: 500_000_000))
    }
}
