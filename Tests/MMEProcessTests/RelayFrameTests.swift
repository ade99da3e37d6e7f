import NIOCore
@testable import sctp_relay
import Testing

/// sctp-relay's framing on the TCP side: whole frames come out however TCP splits or joins them.
struct RelayFrameTests {
    static func frames() -> [RelayFrame] {
        [RelayFrame(stream: 0, ppid: 18, payload: ByteBuffer(bytes: [0x00, 0x11, 0x00, 0x2F])),
         RelayFrame(stream: 3, ppid: 46, payload: ByteBuffer()),
         RelayFrame(stream: 0xFFFF, ppid: 0xFFFF_FFFF, payload: ByteBuffer(bytes: Array(repeating: 0xA5, count: 3000)))]
    }

    static func wire(_ frames: [RelayFrame]) -> [UInt8] {
        var buffer = ByteBuffer()
        for frame in frames { frame.write(into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    @Test(arguments: [1, 3, 10, 11, 4096])
    func framesSurviveAnySplit(chunkSize: Int) throws {
        let octets = Self.wire(Self.frames())
        var pending = ByteBuffer()
        var decoded: [RelayFrame] = []
        for start in stride(from: 0, to: octets.count, by: chunkSize) {
            pending.writeBytes(octets[start..<min(start + chunkSize, octets.count)])
            while let frame = try RelayFrame.take(from: &pending) { decoded.append(frame) }
        }
        #expect(decoded == Self.frames())
        #expect(pending.readableBytes == 0)
    }

    @Test func headerIsLengthStreamPPID() {
        #expect(Self.wire([Self.frames()[0]]) == [0, 0, 0, 4, 0, 0, 0, 0, 0, 18, 0x00, 0x11, 0x00, 0x2F])
    }

    @Test func oversizedFrameIsRefusedBeforeItArrives() {
        var pending = ByteBuffer(bytes: [0x00, 0x20, 0x00, 0x00, 0, 0])
        #expect(throws: RelayFrame.DecodeError.self) { try RelayFrame.take(from: &pending) }
    }
}
