/// One command of one application: its code, its names and the AVPs its ABNF requires.
///
/// `requiredInRequest` and `requiredInAnswer` list the AVPs written `< >` or `{ }` in the command's
/// ABNF (RFC 6733 3.2), so that a peer can answer DIAMETER_MISSING_AVP (5005) when one is absent.
/// Answers with the E bit set follow RFC 6733 7.2 instead (`requiredInErrorAnswer`).
public struct DiameterCommand: Sendable, Hashable, CustomStringConvertible {
    public let code: UInt32
    /// The name tshark prints without " Request"/" Answer", e.g. "Update-Location".
    public let name: String
    /// The request's short name, e.g. "ULR".
    public let requestAbbreviation: String
    /// The answer's short name, e.g. "ULA".
    public let answerAbbreviation: String
    /// The application whose ABNF the lists follow.
    public let application: DiameterApplication
    public let requiredInRequest: [AVPDefinition]
    public let requiredInAnswer: [AVPDefinition]

    public init(code: UInt32, name: String, abbreviations: (request: String, answer: String),
                application: DiameterApplication, requiredInRequest: [AVPDefinition],
                requiredInAnswer: [AVPDefinition]) {
        self.code = code
        self.name = name
        requestAbbreviation = abbreviations.request
        answerAbbreviation = abbreviations.answer
        self.application = application
        self.requiredInRequest = requiredInRequest
        self.requiredInAnswer = requiredInAnswer
    }

    /// What every answer with the E bit carries (RFC 6733 7.2); Session-Id too when the request had one.
    public static let requiredInErrorAnswer: [AVPDefinition] = [.originHost, .originRealm, .resultCode]

    /// The AVPs required in a request (or answer) of this command.
    public func required(inRequest: Bool) -> [AVPDefinition] { inRequest ? requiredInRequest : requiredInAnswer }

    public var description: String { "\(name) (\(code), \(application))" }

    /// The command with this code, whatever the application: for names.
    public static func named(code: UInt32) -> DiameterCommand? { byCode[code]?.first }

    /// The row of this application for this code; for an application with no row of its own, the
    /// row of the specification that defines the command (RFC 6733 for RAR, RFC 4006 for CCR, ...).
    public static func command(code: UInt32, application: DiameterApplication) -> DiameterCommand? {
        guard let rows = byCode[code] else { return nil }
        return rows.first { $0.application == application } ?? rows.first
    }

    /// Every row; for a code used by several applications, the defining specification's row comes first.
    public static let all: [DiameterCommand] = [
        .capabilitiesExchange, .deviceWatchdog, .disconnectPeer, .reAuth, .sessionTermination, .abortSession,
        .accounting, .creditControl, .aa,
        .updateLocation, .cancelLocation, .authenticationInformation, .insertSubscriberData,
        .deleteSubscriberData, .purgeUE, .reset, .notify,
        .userAuthorization, .serverAssignment, .locationInfo, .multimediaAuth, .registrationTermination,
        .pushProfile,
        .gxCreditControl, .gxReAuth,
        .rxAA, .rxReAuth, .rxSessionTermination, .rxAbortSession,
    ]

    private static let byCode: [UInt32: [DiameterCommand]] = Dictionary(grouping: all, by: \.code)
}

// MARK: - Base protocol, RFC 6733 (and the base rows of RFC 4006 and RFC 7155)

extension DiameterCommand {
    /// CER/CEA (RFC 6733 5.3.1, 5.3.2).
    public static let capabilitiesExchange = DiameterCommand(
        code: 257, name: "Capabilities-Exchange", abbreviations: ("CER", "CEA"), application: .common,
        requiredInRequest: [.originHost, .originRealm, .hostIPAddress, .vendorId, .productName],
        requiredInAnswer: [.resultCode, .originHost, .originRealm, .hostIPAddress, .vendorId, .productName])

    /// DWR/DWA (RFC 6733 5.5.1, 5.5.2).
    public static let deviceWatchdog = DiameterCommand(
        code: 280, name: "Device-Watchdog", abbreviations: ("DWR", "DWA"), application: .common,
        requiredInRequest: [.originHost, .originRealm],
        requiredInAnswer: [.resultCode, .originHost, .originRealm])

    /// DPR/DPA (RFC 6733 5.4.1, 5.4.2).
    public static let disconnectPeer = DiameterCommand(
        code: 282, name: "Disconnect-Peer", abbreviations: ("DPR", "DPA"), application: .common,
        requiredInRequest: [.originHost, .originRealm, .disconnectCause],
        requiredInAnswer: [.resultCode, .originHost, .originRealm])

    /// RAR/RAA (RFC 6733 8.3.1, 8.3.2), for any application without its own ABNF.
    public static let reAuth = DiameterCommand(
        code: 258, name: "Re-Auth", abbreviations: ("RAR", "RAA"), application: .common,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .destinationHost,
                            .authApplicationId, .reAuthRequestType],
        requiredInAnswer: [.sessionId, .resultCode, .originHost, .originRealm])

    /// STR/STA (RFC 6733 8.4.1, 8.4.2).
    public static let sessionTermination = DiameterCommand(
        code: 275, name: "Session-Termination", abbreviations: ("STR", "STA"), application: .common,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .authApplicationId,
                            .terminationCause],
        requiredInAnswer: [.sessionId, .resultCode, .originHost, .originRealm])

    /// ASR/ASA (RFC 6733 8.5.1, 8.5.2).
    public static let abortSession = DiameterCommand(
        code: 274, name: "Abort-Session", abbreviations: ("ASR", "ASA"), application: .common,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .destinationHost,
                            .authApplicationId],
        requiredInAnswer: [.sessionId, .resultCode, .originHost, .originRealm])

    /// ACR/ACA (RFC 6733 9.7.1, 9.7.2).
    public static let accounting = DiameterCommand(
        code: 271, name: "Accounting", abbreviations: ("ACR", "ACA"), application: .baseAccounting,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .accountingRecordType,
                            .accountingRecordNumber],
        requiredInAnswer: [.sessionId, .resultCode, .originHost, .originRealm, .accountingRecordType,
                           .accountingRecordNumber])

    /// CCR/CCA of the credit control application itself (RFC 4006 3.1, 3.2).
    public static let creditControl = DiameterCommand(
        code: 272, name: "Credit-Control", abbreviations: ("CCR", "CCA"), application: .creditControl,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .authApplicationId,
                            .serviceContextId, .ccRequestType, .ccRequestNumber],
        requiredInAnswer: [.sessionId, .resultCode, .originHost, .originRealm, .authApplicationId,
                           .ccRequestType, .ccRequestNumber])

    /// AAR/AAA of NASREQ (RFC 7155 3.1, 3.2).
    public static let aa = DiameterCommand(
        code: 265, name: "AA", abbreviations: ("AAR", "AAA"), application: .nasreq,
        requiredInRequest: [.sessionId, .authApplicationId, .originHost, .originRealm, .destinationRealm,
                            .authRequestType],
        requiredInAnswer: [.sessionId, .authApplicationId, .authRequestType, .resultCode, .originHost,
                           .originRealm])
}

// MARK: - S6a/S6d, TS 29.272 7.2

extension DiameterCommand {
    /// Every S6a answer: Result-Code and Experimental-Result are both optional there.
    private static let s6aAnswer: [AVPDefinition] = [.sessionId, .authSessionState, .originHost, .originRealm]

    /// ULR/ULA (7.2.3, 7.2.4).
    public static let updateLocation = DiameterCommand(
        code: 316, name: "Update-Location", abbreviations: ("ULR", "ULA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationRealm,
                            .userName, .ratType, .ulrFlags, .visitedPLMNId],
        requiredInAnswer: s6aAnswer)

    /// CLR/CLA (7.2.7, 7.2.8).
    public static let cancelLocation = DiameterCommand(
        code: 317, name: "Cancel-Location", abbreviations: ("CLR", "CLA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationHost,
                            .destinationRealm, .userName, .cancellationType],
        requiredInAnswer: s6aAnswer)

    /// AIR/AIA (7.2.5, 7.2.6).
    public static let authenticationInformation = DiameterCommand(
        code: 318, name: "Authentication-Information", abbreviations: ("AIR", "AIA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationRealm,
                            .userName, .visitedPLMNId],
        requiredInAnswer: s6aAnswer)

    /// IDR/IDA (7.2.9, 7.2.10).
    public static let insertSubscriberData = DiameterCommand(
        code: 319, name: "Insert-Subscriber-Data", abbreviations: ("IDR", "IDA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationHost,
                            .destinationRealm, .userName, .subscriptionData],
        requiredInAnswer: s6aAnswer)

    /// DSR/DSA (7.2.11, 7.2.12).
    public static let deleteSubscriberData = DiameterCommand(
        code: 320, name: "Delete-Subscriber-Data", abbreviations: ("DSR", "DSA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationHost,
                            .destinationRealm, .userName, .dsrFlags],
        requiredInAnswer: s6aAnswer)

    /// PUR/PUA (7.2.13, 7.2.14).
    public static let purgeUE = DiameterCommand(
        code: 321, name: "Purge-UE", abbreviations: ("PUR", "PUA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationRealm,
                            .userName],
        requiredInAnswer: s6aAnswer)

    /// RSR/RSA (7.2.15, 7.2.16).
    public static let reset = DiameterCommand(
        code: 322, name: "Reset", abbreviations: ("RSR", "RSA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationHost,
                            .destinationRealm],
        requiredInAnswer: s6aAnswer)

    /// NOR/NOA (7.2.17, 7.2.18).
    public static let notify = DiameterCommand(
        code: 323, name: "Notify", abbreviations: ("NOR", "NOA"), application: .s6a,
        requiredInRequest: [.sessionId, .authSessionState, .originHost, .originRealm, .destinationRealm,
                            .userName],
        requiredInAnswer: s6aAnswer)
}

// MARK: - Cx/Dx, TS 29.229 6.1

extension DiameterCommand {
    /// Every Cx answer: Result-Code and Experimental-Result are both optional there.
    private static let cxAnswer: [AVPDefinition] = [
        .sessionId, .vendorSpecificApplicationId, .authSessionState, .originHost, .originRealm,
    ]
    private static let cxRequest: [AVPDefinition] = [
        .sessionId, .vendorSpecificApplicationId, .authSessionState, .originHost, .originRealm, .destinationRealm,
    ]

    /// UAR/UAA (6.1.1, 6.1.2).
    public static let userAuthorization = DiameterCommand(
        code: 300, name: "User-Authorization", abbreviations: ("UAR", "UAA"), application: .cx,
        requiredInRequest: cxRequest + [.userName, .publicIdentity, .visitedNetworkIdentifier],
        requiredInAnswer: cxAnswer)

    /// SAR/SAA (6.1.3, 6.1.4).
    public static let serverAssignment = DiameterCommand(
        code: 301, name: "Server-Assignment", abbreviations: ("SAR", "SAA"), application: .cx,
        requiredInRequest: cxRequest + [.serverName, .serverAssignmentType, .userDataAlreadyAvailable],
        requiredInAnswer: cxAnswer)

    /// LIR/LIA (6.1.5, 6.1.6).
    public static let locationInfo = DiameterCommand(
        code: 302, name: "Location-Info", abbreviations: ("LIR", "LIA"), application: .cx,
        requiredInRequest: cxRequest + [.publicIdentity],
        requiredInAnswer: cxAnswer)

    /// MAR/MAA (6.1.7, 6.1.8).
    public static let multimediaAuth = DiameterCommand(
        code: 303, name: "Multimedia-Auth", abbreviations: ("MAR", "MAA"), application: .cx,
        requiredInRequest: cxRequest + [.userName, .publicIdentity, .sipAuthDataItem, .sipNumberAuthItems,
                                        .serverName],
        requiredInAnswer: cxAnswer)

    /// RTR/RTA (6.1.9, 6.1.10).
    public static let registrationTermination = DiameterCommand(
        code: 304, name: "Registration-Termination", abbreviations: ("RTR", "RTA"), application: .cx,
        requiredInRequest: cxRequest + [.destinationHost, .userName, .deregistrationReason],
        requiredInAnswer: cxAnswer)

    /// PPR/PPA (6.1.11, 6.1.12).
    public static let pushProfile = DiameterCommand(
        code: 305, name: "Push-Profile", abbreviations: ("PPR", "PPA"), application: .cx,
        requiredInRequest: cxRequest + [.destinationHost, .userName],
        requiredInAnswer: cxAnswer)
}

// MARK: - Gx, TS 29.212 5.6 and Rx, TS 29.214 5.6

extension DiameterCommand {
    /// CCR/CCA on Gx (29.212 5.6.2, 5.6.3): Result-Code is optional in the answer.
    public static let gxCreditControl = DiameterCommand(
        code: 272, name: "Credit-Control", abbreviations: ("CCR", "CCA"), application: .gx,
        requiredInRequest: [.sessionId, .authApplicationId, .originHost, .originRealm, .destinationRealm,
                            .ccRequestType, .ccRequestNumber],
        requiredInAnswer: [.sessionId, .authApplicationId, .originHost, .originRealm, .ccRequestType,
                           .ccRequestNumber])

    /// RAR/RAA on Gx (29.212 5.6.4, 5.6.5).
    public static let gxReAuth = DiameterCommand(
        code: 258, name: "Re-Auth", abbreviations: ("RAR", "RAA"), application: .gx,
        requiredInRequest: [.sessionId, .authApplicationId, .originHost, .originRealm, .destinationRealm,
                            .destinationHost, .reAuthRequestType],
        requiredInAnswer: [.sessionId, .originHost, .originRealm])

    /// AAR/AAA on Rx (29.214 5.6.1, 5.6.2).
    public static let rxAA = DiameterCommand(
        code: 265, name: "AA", abbreviations: ("AAR", "AAA"), application: .rx,
        requiredInRequest: [.sessionId, .authApplicationId, .originHost, .originRealm, .destinationRealm],
        requiredInAnswer: [.sessionId, .authApplicationId, .originHost, .originRealm])

    /// RAR/RAA on Rx (29.214 5.6.3, 5.6.4): at least one Specific-Action.
    public static let rxReAuth = DiameterCommand(
        code: 258, name: "Re-Auth", abbreviations: ("RAR", "RAA"), application: .rx,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .destinationHost,
                            .authApplicationId, .specificAction],
        requiredInAnswer: [.sessionId, .originHost, .originRealm])

    /// STR/STA on Rx (29.214 5.6.5, 5.6.6).
    public static let rxSessionTermination = DiameterCommand(
        code: 275, name: "Session-Termination", abbreviations: ("STR", "STA"), application: .rx,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .authApplicationId,
                            .terminationCause],
        requiredInAnswer: [.sessionId, .originHost, .originRealm])

    /// ASR/ASA on Rx (29.214 5.6.7, 5.6.8).
    public static let rxAbortSession = DiameterCommand(
        code: 274, name: "Abort-Session", abbreviations: ("ASR", "ASA"), application: .rx,
        requiredInRequest: [.sessionId, .originHost, .originRealm, .destinationRealm, .destinationHost,
                            .authApplicationId, .abortCause],
        requiredInAnswer: [.sessionId, .originHost, .originRealm])
}

extension DiameterMessage {
    /// The required top-level AVPs of this message's command and application that it lacks, so that
    /// a peer can answer DIAMETER_MISSING_AVP (5005) naming the first. Empty for unknown commands.
    public var missingRequiredAVPs: [AVPDefinition] {
        guard let command = DiameterCommand.command(
            code: commandCode, application: DiameterApplication(rawValue: applicationID)) else { return [] }
        let required: [AVPDefinition]
        if !isRequest && header.flags.contains(.error) {
            required = DiameterCommand.requiredInErrorAnswer
        } else {
            required = command.required(inRequest: isRequest)
        }
        return required.filter { self[$0] == nil }
    }
}
