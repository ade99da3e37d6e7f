import NIOCore
import Wire
import PCAP
import GTPU
import Diameter
import NAS
import S1AP

/// Finds every GTPv2-C, GTP-U, Diameter, S1AP and NAS-EPS message in capture files and checks
/// each with VCore's codecs: the engine of `vcore decode` and of the conformance tests. Given
/// subscribers' keys, it also follows their NAS security (`AuditReport.security`).
public struct CaptureAudit {
    public private(set) var report = AuditReport()
    private var follower: NASSecurityFollower

    public init(subscribers: [SubscriberKey] = []) {
        follower = NASSecurityFollower(subscribers: subscribers)
        if !subscribers.isEmpty { report.security = SecurityCounts() }
    }

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
            let (outcome, message) = S1APCheck.check(payload.bytes)
            report.record(outcome, file: file, frame: payload.frame)
            if let message { checkNAS(in: message, payload, file: file) }
        case (_, .sip):
            report.skipped["sip", default: 0] += 1
        default:
            break
        }
    }
}

extension CaptureAudit {
    /// The NAS-PDUs of an S1AP message, on the UE connection it belongs to.
    private mutating func checkNAS(in message: S1APMessage, _ payload: TransportPayload, file: String) {
        let key = UEConnectionKey(association: [payload.source, payload.destination],
                                  enbUES1APID: message.enbUES1APID ?? .max)
        if let initial = InitialUEMessage(message) {
            follower.connectionStarted(key, servingNetwork: initial.tai?.tai?.plmn, mTMSI: initial.sTMSI?.mTMSI)
        } else if let uplink = UplinkNASTransport(message) {
            follower.servingNetworkReported(key, uplink.tai?.tai?.plmn)
        }
        for (direction, pdu) in message.nasPDUs {
            let (outcomes, unreadable) = NASCheck.check(ByteBuffer(bytes: pdu), direction: direction == .uplink ? .uplink : .downlink,
                                                        connection: key, follower: &follower)
            for outcome in outcomes { report.record(outcome, file: file, frame: payload.frame) }
            if unreadable { report.skipped["nas-eps (ciphered, no key)", default: 0] += 1 }
            for problem in follower.takeProblems() {
                report.failures.append(.init(file: file, frame: payload.frame, protocol: "nas-eps security", error: problem))
            }
        }
        if report.security != nil { report.security = follower.counts }
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
