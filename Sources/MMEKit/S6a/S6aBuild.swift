import Diameter
import NIOCore
import Wire

/// The S6a messages the MME sends (TS 29.272), with the AVPs Open5GS's MME sends.
enum S6aBuild {
    /// Auth-Session-State NO_STATE_MAINTAINED (RFC 6733 8.11): S6a keeps no Diameter session state.
    static let noStateMaintained = AVP(.authSessionState, enumerated: 1)
    /// RAT-Type EUTRAN (TS 29.212 5.3.31).
    static let eutran = AVP(.ratType, enumerated: 1004)

    static func request(_ command: UInt32, settings: MMESettings, session: Session, imsi: IMSI, _ avps: [AVP]) -> DiameterMessage {
        let header = DiameterHeader(flags: [.request, .proxiable], commandCode: command,
                                    applicationID: DiameterApplication.s6a.rawValue,
                                    hopByHop: session.hopByHop, endToEnd: session.endToEnd)
        var message = DiameterMessage(header: header, avps: [
            AVP(.sessionId, session.id),
            AVP(.vendorSpecificApplicationId, [AVP(.vendorId, unsigned32: DiameterVendor.tgpp),
                                               AVP(.authApplicationId, unsigned32: DiameterApplication.s6a.rawValue)]),
            noStateMaintained,
            AVP(.originHost, settings.originHost),
            AVP(.originRealm, settings.originRealm),
        ])
        if let host = settings.destinationHost { message.append(AVP(.destinationHost, host)) }
        message.append(AVP(.destinationRealm, settings.destinationRealm))
        message.append(AVP(.userName, imsi.digits))
        for avp in avps { message.append(avp) }
        return message
    }

    /// Authentication-Information-Request (TS 29.272 7.2.5): one E-UTRAN vector, and with
    /// `resynchronisation` the RAND and AUTS (30 octets) the HSS re-synchronises SQN from.
    static func authenticationInformationRequest(settings: MMESettings, session: Session, imsi: IMSI, plmn: PLMN,
                                                 resynchronisation: [UInt8]?) -> DiameterMessage {
        var requested = [AVP(.numberOfRequestedVectors, unsigned32: 1), AVP(.immediateResponsePreferred, unsigned32: 1)]
        if let resynchronisation { requested.append(AVP(.reSynchronizationInfo, octets: resynchronisation)) }
        return request(DiameterCommand.authenticationInformation.code, settings: settings, session: session, imsi: imsi, [
            AVP(.requestedEUTRANAuthenticationInfo, requested),
            AVP(.visitedPLMNId, octets: plmn.bytes),
        ])
    }

    /// Update-Location-Request (TS 29.272 7.2.3) for an initial attach: ULR-Flags S6a/S6d
    /// indicator (bit 1) and Initial-Attach-Indicator (bit 5).
    static func updateLocationRequest(settings: MMESettings, session: Session, imsi: IMSI, plmn: PLMN,
                                      imeisv: IMEI?) -> DiameterMessage {
        var avps: [AVP] = []
        if let imeisv, imeisv.digits.count == 16 {
            // IMEI (14 digits, no check digit) and the 2-digit software version (TS 29.272 7.3.3).
            avps.append(AVP(.terminalInformation, [AVP(.imei, String(imeisv.digits.prefix(14))),
                                                   AVP(.softwareVersion, String(imeisv.digits.suffix(2)))]))
        }
        avps += [eutran, AVP(.ulrFlags, unsigned32: 0x22), AVP(.visitedPLMNId, octets: plmn.bytes)]
        return request(DiameterCommand.updateLocation.code, settings: settings, session: session, imsi: imsi, avps)
    }

    /// The answer to a request from the HSS: its header, Session-Id and Result-Code.
    static func answer(to request: DiameterMessage, settings: MMESettings, resultCode: UInt32, failedAVP: AVP? = nil) -> DiameterMessage {
        let error = resultCode >= 3000 && resultCode < 4000
        var answer = DiameterMessage(header: request.header.answerHeader(error: error))
        if let session = request.sessionID { answer.append(AVP(.sessionId, session)) }
        answer.append(AVP(.resultCode, unsigned32: resultCode))
        if request.applicationID == DiameterApplication.s6a.rawValue {
            answer.append(AVP(.vendorSpecificApplicationId, [AVP(.vendorId, unsigned32: DiameterVendor.tgpp),
                                                             AVP(.authApplicationId, unsigned32: DiameterApplication.s6a.rawValue)]))
            answer.append(noStateMaintained)
        }
        answer.append(AVP(.originHost, settings.originHost))
        answer.append(AVP(.originRealm, settings.originRealm))
        if let failedAVP { answer.append(AVP(.failedAVP, [failedAVP])) }
        return answer
    }

    /// What identifies one request: Session-Id and the two header identifiers.
    struct Session {
        var id: String
        var hopByHop: UInt32
        var endToEnd: UInt32
    }
}

extension PLMN {
    /// The three octets of TS 24.008 10.5.1.13, as Visited-PLMN-Id carries them.
    var bytes: [UInt8] { [UInt8(truncatingIfNeeded: octets >> 16), UInt8(truncatingIfNeeded: octets >> 8), UInt8(truncatingIfNeeded: octets)] }
}
