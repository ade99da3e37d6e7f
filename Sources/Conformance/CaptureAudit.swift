import NIOCore
import Wire
import PCAP
import GTPU
import Diameter
import S1AP

/// Finds every GTPv2-C, GTP-U and Diameter message in capture files and checks each with VCore's
/// codecs: the engine of `vcore decode` and of the conformance tests.
public struct CaptureAudit {
    public private(set) var report = AuditReport()

    public init() {}

    /// Audits one file; its messages are added to `report`.
    public mutating func audit(path: String) throws(PcapError) {
        let reader = try PcapReader(path: path)
        var dissector = Dissector()
        var streams = DiameterStreams()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        while let frame = try reader.next() {
            for payload in dissector.dissect(frame) {
                handle(payload, file: name, dissector: &dissector, streams: &streams)
            }
        }
        for payload in dissector.finish() {
            handle(payload, file: name, dissector: &dissector, streams: &streams)
        }
    }

    private mutating func handle(_ payload: TransportPayload, file: String, dissector: inout Dissector,
                                 streams: inout DiameterStreams) {
        switch (payload.transport, Protocol.of(payload)) {
        case (.udp, .gtpv2):
            for outcome in GTPv2Check.check(payload.bytes) { report.record(outcome, file: file, frame: payload.frame) }
        case (.udp, .gtpu):
            let (outcome, message) = GTPUCheck.check(payload.bytes)
            report.record(outcome, file: file, frame: payload.frame)
            // The inner packets of the user plane are dissected as traffic of their own, per tunnel.
            if let message, case .gPDU(let inner) = message.body {
                let tunnel = TunnelID(outerSource: payload.source.address, outerDestination: payload.destination.address,
                                      key: message.header.teid)
                for innerPayload in dissector.dissectIPPacket(inner, frame: payload.frame, time: payload.time, tunnel: tunnel) {
                    handle(innerPayload, file: file, dissector: &dissector, streams: &streams)
                }
            }
        case (.tcp, .diameter):
            for result in streams.feed(payload) {
                switch result {
                case .message(let bytes): report.record(DiameterCheck.check(bytes), file: file, frame: payload.frame)
                case .broken(let error):
                    report.record(CheckOutcome(protocolName: "diameter", messageType: "unknown", result: .failed("\(error)")),
                                  file: file, frame: payload.frame)
                }
            }
        case (.sctp, .diameter):
            report.record(DiameterCheck.check(payload.bytes), file: file, frame: payload.frame)
        case (.sctp, .s1ap):
            report.record(S1APCheck.check(payload.bytes).0, file: file, frame: payload.frame)
        case (_, .sip):
            report.skipped["sip", default: 0] += 1
        default:
            break
        }
    }
}

/// Which protocol a payload carries, by the ports and SCTP payload protocol identifiers that
/// tshark uses for them.
enum Protocol {
    case gtpv2, gtpu, diameter, s1ap, sip, other

    static func of(_ payload: TransportPayload) -> Protocol {
        switch payload.transport {
        case .udp:
            if payload.involves(port: 2123) {
                // GTPv1-C shares the port; only version 2 is ours.
                return payload.bytes.getInteger(at: payload.bytes.readerIndex, as: UInt8.self).map { $0 >> 5 == 2 } == true
                    ? .gtpv2 : .other
            }
            if payload.involves(port: 2152) { return .gtpu }
            if payload.involves(port: 5060) { return .sip }
        case .tcp:
            if payload.involves(port: 3868) { return .diameter }
            if payload.involves(port: 5060) { return .sip }
        case .sctp(_, let ppid, _):
            if ppid == 46 || ppid == 47 || payload.involves(port: 3868) { return .diameter }
            if ppid == 18 || payload.involves(port: 36412) { return .s1ap }
        case .other:
            break
        }
        return .other
    }
}

/// One Diameter framer per TCP connection and direction.
struct DiameterStreams {
    enum Result {
        case message(ByteBuffer)
        case broken(CodecError)
    }

    private var framers: [Key: DiameterFramer] = [:]

    struct Key: Hashable {
        var flow: FlowKey
        var connection: Int
    }

    mutating func feed(_ payload: TransportPayload) -> [Result] {
        guard case .tcp(let connection) = payload.transport else { return [] }
        let key = Key(flow: payload.flow, connection: connection)
        // After a gap the framer would be mid-message: start again at the next bytes.
        var framer = payload.followsGap ? DiameterFramer() : framers[key] ?? DiameterFramer()
        framer.append(payload.bytes)
        var results = [Result]()
        do throws(CodecError) {
            while let message = try framer.next() { results.append(.message(message)) }
            framers[key] = framer
        } catch {
            results.append(.broken(error))
            framers[key] = nil
        }
        return results
    }
}
