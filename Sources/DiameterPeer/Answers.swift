import Diameter
import NIOCore
import Wire

/// A request that cannot be served, as the Result-Code (and Failed-AVP) of the answer that says so.
///
/// Application handlers throw it for base-protocol failures (3001, 5004 with the AVP, 5005 ...);
/// 3GPP application errors travel in Experimental-Result and are ordinary answers the handler
/// builds itself.
public struct DiameterAnswerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var resultCode: DiameterResultCode
    public var failedAVP: AVP?
    public var errorMessage: String?

    public init(_ resultCode: DiameterResultCode, failedAVP: AVP? = nil, errorMessage: String? = nil) {
        self.resultCode = resultCode
        self.failedAVP = failedAVP
        self.errorMessage = errorMessage
    }

    /// DIAMETER_COMMAND_UNSUPPORTED (3001): the handler has no procedure for this command.
    public static let commandUnsupported = DiameterAnswerError(.commandUnsupported, errorMessage: "command not supported")
    /// DIAMETER_APPLICATION_UNSUPPORTED (3007).
    public static let applicationUnsupported = DiameterAnswerError(.applicationUnsupported,
                                                                   errorMessage: "application not supported")
    /// DIAMETER_TOO_BUSY (3004): more requests in progress than this node takes from one peer.
    public static let tooBusy = DiameterAnswerError(.tooBusy, errorMessage: "too many requests in progress")

    /// DIAMETER_MISSING_AVP (5005): Failed-AVP holds an AVP of the missing kind with a zero-filled
    /// payload of the minimum length (RFC 6733 7.5).
    public static func missingAVP(_ definition: AVPDefinition) -> DiameterAnswerError {
        DiameterAnswerError(.missingAVP, failedAVP: AVP(definition, zeroFilled: definition.type),
                            errorMessage: "missing \(definition.name)")
    }

    /// DIAMETER_INVALID_AVP_VALUE (5004) naming the AVP as received.
    public static func invalidAVPValue(_ avp: AVP, _ reason: String? = nil) -> DiameterAnswerError {
        DiameterAnswerError(.invalidAVPValue, failedAVP: avp, errorMessage: reason)
    }

    /// 3xxx codes are protocol errors: their answers carry the E bit (RFC 6733 7.1.3).
    public var isProtocolError: Bool { (3000..<4000).contains(resultCode.rawValue) }

    public var description: String {
        "Result-Code \(resultCode.rawValue)" + (errorMessage.map { ": \($0)" } ?? "")
    }

    /// The error answer to a decoded request that could not be received.
    public init(_ error: DiameterDecodeError) {
        switch error {
        case .unknownMandatoryAVP(let avp, _): self.init(.avpUnsupported, failedAVP: avp, errorMessage: error.description)
        case .invalidAVP(_, _, let avp):
            // The AVP as received would make the answer undecodable for a strict peer (a length or
            // text its type cannot have). RFC 6733 7.1.5 allows its header with a zero-filled payload
            // of the minimum length instead; that is what goes back, so the answer always decodes.
            let failed = avp.map { avp in
                DiameterDictionary.standard.definition(code: avp.code, vendor: avp.vendor).map { AVP($0, zeroFilled: $0.type) }
                    ?? AVP(code: avp.code, flags: avp.flags, vendorID: avp.vendorID, value: .opaque(ByteBuffer()))
            }
            self.init(error.resultCode, failedAVP: failed, errorMessage: error.description)
        default: self.init(error.resultCode, errorMessage: error.description)
        }
    }
}

extension AVP {
    /// An AVP of this definition whose value is zeros of the type's minimum length: what
    /// Failed-AVP carries for a missing AVP.
    init(_ definition: AVPDefinition, zeroFilled type: AVPDataType) {
        let value: AVPValue
        switch type {
        case .octetString: value = .octetString(ByteBuffer())
        case .integer32: value = .integer32(0)
        case .integer64: value = .integer64(0)
        case .unsigned32: value = .unsigned32(0)
        case .unsigned64: value = .unsigned64(0)
        case .float32: value = .float32(0)
        case .float64: value = .float64(0)
        case .grouped: value = .grouped(AVPGroup([]))
        case .address: value = .address(.ipv4(IPv4Address(0)))
        case .time: value = .time(0)
        case .enumerated: value = .enumerated(0)
        case .utf8String, .diameterIdentity, .diameterURI, .ipFilterRule, .qosFilterRule: value = .utf8(ByteBuffer())
        }
        self.init(definition, value)
    }
}

extension DiameterMessage {
    /// The skeleton of the answer to `request` from `identity`: the request's header turned
    /// around, Session-Id first (when the request had one), then Result-Code (if given) and the
    /// Origin AVPs. Auth-Session-State and Vendor-Specific-Application-Id are copied as the
    /// 3GPP command ABNFs expect them back. A 3GPP error goes in `experimentalResult` instead of
    /// Result-Code (TS 29.272 7.4, TS 29.229 6.2).
    public static func answer(to request: DiameterMessage, from identity: DiameterNodeIdentity,
                              resultCode: DiameterResultCode? = .success, experimentalResult: ExperimentalResultCode? = nil,
                              errorBit: Bool = false) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader(error: errorBit))
        if let session = request[.sessionId] { answer.append(session) }
        if !errorBit, let vendorApplication = request[.vendorSpecificApplicationId] { answer.append(vendorApplication) }
        if let experimentalResult {
            answer.append(Self.experimentalResult(experimentalResult))
        } else if let resultCode {
            answer.append(AVP(.resultCode, unsigned32: resultCode.rawValue))
        }
        if !errorBit, let state = request[.authSessionState] { answer.append(state) }
        for avp in identity.originAVPs { answer.append(avp) }
        return answer
    }

    /// The answer to `request` that reports `error` (RFC 6733 7.2 for protocol errors, the
    /// command's own answer with Result-Code for permanent failures).
    public static func errorAnswer(to request: DiameterMessage, from identity: DiameterNodeIdentity,
                                   _ error: DiameterAnswerError) -> DiameterMessage {
        var answer = answer(to: request, from: identity, resultCode: error.resultCode, errorBit: error.isProtocolError)
        if let message = error.errorMessage { answer.append(AVP(.errorMessage, message)) }
        if let failed = error.failedAVP { answer.append(AVP(.failedAVP, [failed])) }
        return answer
    }

    /// The answer to a request whose AVPs could not be decoded: only its header is known, and the
    /// Session-Id when it can still be read from the raw bytes (it comes first in every ABNF).
    public static func errorAnswer(toUndecodable header: DiameterHeader, raw: ByteBuffer,
                                   from identity: DiameterNodeIdentity, _ error: DiameterAnswerError) -> DiameterMessage {
        var answer = DiameterMessage(header: header.answerHeader(error: error.isProtocolError))
        if let session = RawAVPScanner.sessionID(in: raw) { answer.append(AVP(.sessionId, session)) }
        answer.append(AVP(.resultCode, unsigned32: error.resultCode.rawValue))
        for avp in identity.originAVPs { answer.append(avp) }
        if let message = error.errorMessage { answer.append(AVP(.errorMessage, message)) }
        if let failed = error.failedAVP { answer.append(AVP(.failedAVP, [failed])) }
        return answer
    }

    /// Experimental-Result { Vendor-Id 10415, Experimental-Result-Code } as 3GPP applications report
    /// their own errors (TS 29.272 7.4.3, TS 29.229 6.2).
    public static func experimentalResult(_ code: ExperimentalResultCode) -> AVP {
        AVP(.experimentalResult, [AVP(.vendorId, unsigned32: ExperimentalResultCode.vendor),
                                  AVP(.experimentalResultCode, unsigned32: code.rawValue)])
    }

    /// The first AVP required by the command's ABNF that `self` lacks, for DIAMETER_MISSING_AVP.
    public var firstMissingRequiredAVP: AVPDefinition? {
        guard let command = DiameterCommand.command(code: commandCode, application: DiameterApplication(rawValue: applicationID)) else {
            return nil
        }
        return command.required(inRequest: isRequest).first { !list.contains($0) }
    }
}

/// Walks the top-level AVPs of raw message bytes without the dictionary, stopping at the first
/// one that does not frame: enough to find the Session-Id of a request that failed to decode.
enum RawAVPScanner {
    static func sessionID(in message: ByteBuffer) -> String? {
        var offset = message.readerIndex + 20
        let end = message.readerIndex + message.readableBytes
        while offset + 8 <= end {
            guard let code = message.getInteger(at: offset, as: UInt32.self),
                  let flagsAndLength = message.getInteger(at: offset + 4, as: UInt32.self) else { return nil }
            let length = Int(flagsAndLength & 0xFF_FFFF)
            let headerLength = flagsAndLength >> 24 & 0x80 != 0 ? 12 : 8
            guard length >= headerLength, offset + length <= end else { return nil }
            if code == AVPDefinition.sessionId.code, headerLength == 8 {
                return message.getString(at: offset + 8, length: length - 8)
            }
            offset += (length + 3) & ~3
        }
        return nil
    }
}
