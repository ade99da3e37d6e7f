import NAS
import NIOCore
import S1AP
import Wire

/// Downlink NAS: protection with the UE's security context, Downlink NAS Transport, and the
/// retransmission timers that guard messages waiting for an answer (TS 24.301 10.2).
extension MME {
    /// The NAS-PDU for `message`: integrity protected and ciphered once the UE has a current EPS
    /// security context (TS 24.301 4.4.5), plain before.
    mutating func protectNAS(_ message: NASMessage, ue: inout UEContext) -> [UInt8] {
        guard var security = ue.security else { return message.encodedBytes }
        let envelope = security.protect(message, headerType: .integrityProtectedAndCiphered)
        ue.security = security
        return NASMessagePDU.protected(envelope).encodedBytes
    }

    /// Sends `message` in a Downlink NAS Transport; with `retransmit`, arms that timer and sends
    /// the same PDU again on each expiry.
    mutating func sendNAS(_ message: NASMessage, ue: inout UEContext, retransmit timer: MMETimerID.Kind? = nil) {
        let pdu = protectNAS(message, ue: &ue)
        sendNASPDU(pdu, ue: &ue, retransmit: timer)
    }

    mutating func sendNASPDU(_ pdu: [UInt8], ue: inout UEContext, retransmit timer: MMETimerID.Kind? = nil) {
        guard let connection = ue.connection else { return }
        send(S1APBuild.downlinkNASTransport(connection, pdu), to: ue)
        if let timer { armNASRetransmission(timer, pdu: pdu, ue: &ue) }
    }

    /// Guards a NAS-PDU just sent (directly or inside an S1AP message) with a retransmission timer.
    mutating func armNASRetransmission(_ kind: MMETimerID.Kind, pdu: [UInt8], ue: inout UEContext) {
        stopNASRetransmission(&ue)
        let timer = startTimer(kind, owner: ue.id.rawValue, after: duration(of: kind))
        ue.nasRetransmission = NASRetransmission(timer: timer, pdu: pdu, transmissions: 1)
    }

    mutating func stopNASRetransmission(_ ue: inout UEContext) {
        stopTimer(ue.nasRetransmission?.timer)
        ue.nasRetransmission = nil
    }

    func duration(of kind: MMETimerID.Kind) -> Duration {
        switch kind {
        case .t3413: settings.t3413
        case .t3422: settings.t3422
        case .t3450: settings.t3450
        case .t3460: settings.t3460
        case .t3470: settings.t3470
        case .t3489: settings.t3489
        case .s6aResponse: settings.s6aTimeout
        case .s11Response: settings.s11Timeout
        }
    }

    /// A NAS retransmission timer expired: send the message again, or after the last
    /// transmission abort what it belonged to (TS 24.301 5.4.2.7 c, 5.4.3.7 c, 5.4.4.6 b,
    /// 5.5.1.2.7 c, 5.5.2.3.4 a).
    mutating func nasTimerExpired(_ timer: MMETimerID, ue: inout UEContext) {
        guard var retransmission = ue.nasRetransmission, retransmission.timer == timer else { return }
        guard retransmission.transmissions < MMESettings.nasTransmissions, ue.connection != nil else {
            ue.nasRetransmission = nil
            log(.warning, "\(timer.kind) expired \(retransmission.transmissions) times", imsi: ue.imsi)
            switch timer.kind {
            case .t3422: networkDetachTimedOut(&ue)
            default: abortAttach(&ue, reason: "\(timer.kind)-expired".lowercased(), cause: nil)
            }
            return
        }
        context.statistics.nasRetransmissions += 1
        retransmission.transmissions += 1
        retransmission.timer = startTimer(timer.kind, owner: ue.id.rawValue, after: duration(of: timer.kind))
        ue.nasRetransmission = retransmission
        if let connection = ue.connection { send(S1APBuild.downlinkNASTransport(connection, retransmission.pdu), to: ue) }
    }
}

extension NASMessagePDU {
    var encodedBytes: [UInt8] { Array(encoded().readableBytesView) }
}

extension NASMessage {
    var encodedBytes: [UInt8] { NASMessagePDU.plain(self).encodedBytes }
}
