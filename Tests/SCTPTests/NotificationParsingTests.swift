import NIOCore
@testable import SCTP
import Testing

/// usrsctp notifications as the stack lays them out (RFC 6458 section 6.1 with usrsctp's numbers),
/// and garbage, which must give nil rather than a trap.
@Suite struct NotificationParsingTests {
    /// An sctp_assoc_change: type 1, flags, length, state, error, outbound, inbound, association id.
    private func associationChange(state: UInt16, error: UInt16 = 0, outbound: UInt16 = 4, inbound: UInt16 = 5) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt16(1), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeInteger(UInt32(20), endianness: .little)
        buffer.writeInteger(state, endianness: .little)
        buffer.writeInteger(error, endianness: .little)
        buffer.writeInteger(outbound, endianness: .little)
        buffer.writeInteger(inbound, endianness: .little)
        buffer.writeInteger(UInt32(3), endianness: .little)
        return Array(buffer.readableBytesView)
    }

    private func parse(_ bytes: [UInt8]) -> SCTPNotification? {
        bytes.withUnsafeBytes { UsrsctpNotifications.parse($0) }
    }

    @Test func associationChanges() {
        #expect(parse(associationChange(state: 1)) == .up(inboundStreams: 5, outboundStreams: 4))
        #expect(parse(associationChange(state: 2, error: 12)) == .lost(cause: 12))
        #expect(parse(associationChange(state: 3)) == .restarted(inboundStreams: 5, outboundStreams: 4))
        #expect(parse(associationChange(state: 4)) == .shutdownComplete)
        #expect(parse(associationChange(state: 5, error: 1)) == .cannotStart(cause: 1))
        #expect(parse(associationChange(state: 99)) == nil)
    }

    @Test func shutdownEvent() {
        #expect(parse([5, 0, 0, 0, 12, 0, 0, 0, 3, 0, 0, 0]) == .peerShutdown)
    }

    @Test func peerAddressChange() {
        var bytes = [UInt8](repeating: 0, count: 152)
        bytes[0] = 2  // SCTP_PEER_ADDR_CHANGE
        bytes[8] = 2  // AF_INET in sockaddr_storage
        bytes[10] = 0x8E; bytes[11] = 0x3C  // port 36412
        bytes[12...15] = [10, 77, 0, 2]
        bytes[136] = 6  // SCTP_ADDR_CONFIRMED
        #expect(parse(bytes) == .peerAddressChanged(address: SCTPPeerAddress(host: "10.77.0.2", port: 36412), state: .confirmed))
    }

    @Test func notificationsReadAsOneLine() {
        #expect("\(SCTPNotification.up(inboundStreams: 4, outboundStreams: 2))" == "up (streams in 4, out 2)")
        #expect("\(SCTPNotification.peerAddressChanged(address: SCTPPeerAddress(host: "fd00::1", port: 36412), state: .unreachable))"
            == "peer address [fd00::1]:36412 unreachable")
    }

    @Test(arguments: [[], [1], [1, 0, 0, 0, 20, 0, 0, 0, 1], [2, 0, 0, 0, 152, 0, 0, 0], [0xFF, 0xFF, 0, 0, 8, 0, 0, 0]] as [[UInt8]])
    func shortOrUnknownNotificationsAreIgnored(bytes: [UInt8]) {
        #expect(parse(bytes) == nil)
    }
}

@Suite struct TestPayloadTests {
    @Test func s1apTestMessagesRoundTrip() {
        let buffer = TestPayload.make(sequence: 9_999, stream: 3)
        #expect(buffer.readableBytes == 24)
        #expect(TestPayload.read(buffer)! == (9_999, 3))
        #expect(Array(buffer.readableBytesView.prefix(4)) == [0x00, 0x0F, 0x40, 0x14])
    }

    @Test func largeTestMessagesRoundTrip() {
        let buffer = TestPayload.make(sequence: 7, stream: 1, size: 1000)
        #expect(buffer.readableBytes == 1000)
        #expect(TestPayload.read(buffer)! == (7, 1))
    }

    @Test func orderCheckerCatchesAGap() {
        var checker = OrderChecker()
        checker.check(SCTPMessage(bytes: TestPayload.make(sequence: 0, stream: 1), stream: 1, ppid: 18))
        checker.check(SCTPMessage(bytes: TestPayload.make(sequence: 2, stream: 1), stream: 1, ppid: 18))
        #expect(!checker.inOrder)
        #expect(checker.summary.contains("stream 1: got 2, expected 1"))
    }
}
