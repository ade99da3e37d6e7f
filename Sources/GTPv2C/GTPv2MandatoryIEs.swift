/// The IEs each message must carry (the "M" rows of the message tables of TS 29.274 clause 7),
/// and the ones each of its Bearer Contexts must carry.
enum GTPv2MandatoryIEs {
    struct Rule {
        var message: [GTPv2IEKey]
        var bearerContext: [GTPv2IEKey] = []
    }

    private static let cause = GTPv2IEKey(.cause)
    private static let ebi = GTPv2IEKey(.ebi)
    private static let bearerContext = GTPv2IEKey(.bearerContext)

    static let rules: [UInt8: Rule] = [
        GTPv2MessageType.echoRequest.rawValue: Rule(message: [GTPv2IEKey(.recovery)]),
        GTPv2MessageType.echoResponse.rawValue: Rule(message: [GTPv2IEKey(.recovery)]),
        GTPv2MessageType.createSessionRequest.rawValue: Rule(message: [GTPv2IEKey(.ratType), GTPv2IEKey(.fteid), GTPv2IEKey(.apn), bearerContext],
                                    bearerContext: [ebi]),
        GTPv2MessageType.createSessionResponse.rawValue: Rule(message: [cause], bearerContext: [ebi]),
        GTPv2MessageType.modifyBearerRequest.rawValue: Rule(message: [], bearerContext: [ebi]),
        GTPv2MessageType.modifyBearerResponse.rawValue: Rule(message: [cause], bearerContext: [ebi]),
        GTPv2MessageType.deleteSessionResponse.rawValue: Rule(message: [cause]),
        GTPv2MessageType.createBearerRequest.rawValue: Rule(message: [ebi, bearerContext], bearerContext: [ebi]),
        GTPv2MessageType.createBearerResponse.rawValue: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        GTPv2MessageType.updateBearerRequest.rawValue: Rule(message: [bearerContext, GTPv2IEKey(.ambr)], bearerContext: [ebi]),
        GTPv2MessageType.updateBearerResponse.rawValue: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        GTPv2MessageType.deleteBearerResponse.rawValue: Rule(message: [cause], bearerContext: [ebi, cause]),
        GTPv2MessageType.releaseAccessBearersResponse.rawValue: Rule(message: [cause]),
        GTPv2MessageType.downlinkDataNotificationAcknowledge.rawValue: Rule(message: [cause]),
        GTPv2MessageType.downlinkDataNotificationFailureIndication.rawValue: Rule(message: [cause]),
        GTPv2MessageType.modifyBearerCommand.rawValue: Rule(message: [GTPv2IEKey(.ambr), bearerContext], bearerContext: [ebi]),
        GTPv2MessageType.modifyBearerFailureIndication.rawValue: Rule(message: [cause]),
        GTPv2MessageType.deleteBearerCommand.rawValue: Rule(message: [bearerContext], bearerContext: [ebi]),
        GTPv2MessageType.deleteBearerFailureIndication.rawValue: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        GTPv2MessageType.bearerResourceCommand.rawValue: Rule(message: [ebi, GTPv2IEKey(.pti), GTPv2IEKey(rawValue: 85)]),
        GTPv2MessageType.bearerResourceFailureIndication.rawValue: Rule(message: [cause, ebi, GTPv2IEKey(.pti)]),
    ]

    /// `rules` indexed by message type: a lookup per decoded message must not hash.
    private static let table: [Rule?] = (0..<256).map { rules[UInt8($0)] }

    /// Throws the first missing or undecodable mandatory IE. A response whose cause rejects the
    /// request only has to carry the cause (TS 29.274 7.7.1).
    static func check(_ message: GTPv2Message) throws(GTPv2DecodeError) {
        guard let rule = table[Int(message.type.rawValue)] else { return }
        var required = rule.message
        if let causeIE = message[cause], case .cause(let value) = causeIE.value, !value.value.isAcceptance {
            required = [cause]
        }
        for key in required {
            try check(key, in: message.ies, header: message.header)
        }
        guard required.contains(bearerContext) || rule.message.isEmpty else { return }
        for ie in message.ies where ie.key.type == .bearerContext {
            guard case .bearerContext(let children) = ie.value else { continue }
            for key in rule.bearerContext {
                try check(key, in: children, header: message.header)
            }
        }
    }

    private static func check(_ key: GTPv2IEKey, in ies: [GTPv2IE], header: GTPv2Header) throws(GTPv2DecodeError) {
        guard let ie = ies.first(where: { $0.key == key }) else { throw .mandatoryIEMissing(key, header: header) }
        if ie.isRawKnownType { throw .mandatoryIEIncorrect(key, header: header) }
    }
}

extension GTPv2IEKey {
    init(rawValue: UInt8) { self.init(GTPv2IEType(rawValue: rawValue)) }
}
