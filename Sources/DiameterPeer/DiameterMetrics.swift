import Diameter
import Metrics
import NIOCore
import Synchronization

/// The peer layer's counters: messages by direction and command, protocol errors it answered,
/// request timeouts, watchdog alarms and open peers. Counters are created once per label set.
final class DiameterMetrics: Sendable {
    private let counters = Mutex<[String: Counter]>([:])
    let openPeers = Gauge(label: "diameter_peers_open")

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: label, dimensions: dimensions)
            counters[key] = counter
            return counter
        }
    }

    static func commandName(code: UInt32, application: UInt32, request: Bool) -> String {
        guard let command = DiameterCommand.command(code: code, application: DiameterApplication(rawValue: application)) else {
            return "\(code)"
        }
        return request ? command.requestAbbreviation : command.answerAbbreviation
    }

    func received(_ bytes: ByteBuffer) {
        // Read from the header only: the message is decoded once, by the state machine.
        guard let flags = bytes.getInteger(at: bytes.readerIndex + 4, as: UInt8.self),
              let word = bytes.getInteger(at: bytes.readerIndex + 4, as: UInt32.self),
              let application = bytes.getInteger(at: bytes.readerIndex + 8, as: UInt32.self) else { return }
        let name = Self.commandName(code: word & 0xFF_FFFF, application: application, request: flags & 0x80 != 0)
        counter("diameter_messages_total", [("direction", "in"), ("command", name)]).increment()
    }

    func sent(_ message: DiameterMessage) {
        let name = Self.commandName(code: message.commandCode, application: message.applicationID, request: message.isRequest)
        counter("diameter_messages_total", [("direction", "out"), ("command", name)]).increment()
    }

    func refused(_ code: DiameterResultCode) {
        counter("diameter_protocol_errors_total", [("result_code", "\(code.rawValue)")]).increment()
    }

    func protocolViolation() { counter("diameter_connections_broken_total", []).increment() }
    func requestTimedOut() { counter("diameter_request_timeouts_total", []).increment() }
    func watchdogSuspect() { counter("diameter_watchdog_suspect_total", []).increment() }
}
