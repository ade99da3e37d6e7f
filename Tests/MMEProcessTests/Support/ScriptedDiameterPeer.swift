import Diameter
import DiameterPeer
import Foundation
import NetworkTestSupport
import NIOCore
import Wire

/// An HSS stand-in that says exactly what a test scripts, malformed messages included, over one
/// TCP connection with blocking calls: use it from `withOwnThread`. It accepts the MME's
/// connection, answers CER and then sends what the test asks, answering the MME's watchdogs
/// while it waits for an answer.
final class ScriptedDiameterPeer: @unchecked Sendable {  // driven from one thread at a time
    let identity = DiameterNodeIdentity(originHost: "hss.vcore.test", originRealm: "vcore.test", productName: "scripted HSS",
                                        originStateID: 1, applications: [.s6a])
    private let listener: CInt
    private var connection: CInt = -1
    /// Octets received and not yet returned as a message.
    private var framer = DiameterFramer()
    private var nextHopByHop: UInt32 = 0x7000

    init(listener: CInt) {
        self.listener = listener
    }

    deinit {
        if connection >= 0 { close(connection) }
        close(listener)
    }

    /// Accepts the MME's connection and completes the capabilities exchange.
    func acceptAndExchangeCapabilities(timeout: Duration) throws {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout.components.seconds * 1000)) == 1 else { throw LabError("the MME did not connect to the HSS") }
        connection = accept(listener, nil, nil)
        guard connection >= 0 else { throw LabError("accept: errno \(errno)") }
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let cer = try receive()
        guard cer.commandCode == DiameterCommand.capabilitiesExchange.code, cer.isRequest else { throw LabError("expected CER, got \(cer.name)") }
        send(CapabilitiesExchange.answer(to: cer, identity, localAddress: IPAddress("10.20.0.2"), result: .success))
    }

    /// Sends raw octets as they are, then returns the MME's answer to the hop-by-hop identifier
    /// they carry (octets 12-15).
    func exchange(raw octets: [UInt8]) throws -> DiameterMessage {
        write(octets)
        let hopByHop = octets[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return try answer(to: hopByHop)
    }

    func exchange(_ message: DiameterMessage) throws -> DiameterMessage {
        send(message)
        return try answer(to: message.header.hopByHop)
    }

    /// A request of `command` from this peer with a fresh hop-by-hop identifier.
    func request(_ command: DiameterCommand, _ avps: [AVP]) -> DiameterMessage {
        nextHopByHop += 1
        return DiameterMessage(header: DiameterHeader(flags: .request, commandCode: command.code, applicationID: command.application.rawValue,
                                                      hopByHop: nextHopByHop, endToEnd: nextHopByHop),
                               avps: identity.originAVPs + avps)
    }

    /// The next request the MME sends that is not a watchdog (those are answered), left
    /// unanswered.
    func nextRequest() throws -> DiameterMessage {
        while true {
            let message = try receive()
            if message.isRequest, message.commandCode == DiameterCommand.deviceWatchdog.code {
                answerWatchdog(message)
                continue
            }
            if message.isRequest { return message }
        }
    }

    private func answerWatchdog(_ request: DiameterMessage) {
        send(DiameterMessage(header: request.header.answerHeader(), avps: [AVP(.resultCode, unsigned32: 2001)] + identity.originAVPs))
    }

    private func answer(to hopByHop: UInt32) throws -> DiameterMessage {
        while true {
            let message = try receive()
            if message.isRequest, message.commandCode == DiameterCommand.deviceWatchdog.code {
                answerWatchdog(message)
                continue
            }
            if !message.isRequest, message.header.hopByHop == hopByHop { return message }
        }
    }

    private func send(_ message: DiameterMessage) {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        write(Array(buffer.readableBytesView))
    }

    private func write(_ octets: [UInt8]) {
        _ = octets.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// One whole message from the connection (blocking, at most the receive timeout).
    private func receive() throws -> DiameterMessage {
        while true {
            if let frame = try framer.next() {
                // Kept, not refused: a Failed-AVP may carry the unknown AVP this peer sent.
                return try DiameterMessage.decode(frame, unknownMandatory: .keep)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw LabError("the MME closed the S6a connection or did not answer (recv \(count), errno \(errno))") }
            framer.append(ByteBuffer(bytes: chunk[0..<count]))
        }
    }
}
