/// The IEs each message must carry (the "M" rows of the message tables of TS 29.274 clause 7),
/// and the ones each of its Bearer Contexts must carry.
enum GTPv2MandatoryIEs {
    struct Rule {
        /// At most four: `check` tracks them in a tuple rather than an allocated array.
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
        // One pass over the IEs: the first IE of each required key (at most four), and the cause.
        var found: (Int, Int, Int, Int) = (-1, -1, -1, -1)
        var causeIndex = -1
        let keys = rule.message
        for index in message.ies.indices {
            let type = message.ies[index].type, instance = message.ies[index].instance
            if causeIndex < 0, type == .cause, instance == 0 { causeIndex = index }
            for slot in 0..<keys.count where keys[slot].type == type && keys[slot].instance == instance {
                switch slot {
                case 0: if found.0 < 0 { found.0 = index }
                case 1: if found.1 < 0 { found.1 = index }
                case 2: if found.2 < 0 { found.2 = index }
                default: if found.3 < 0 { found.3 = index }
                }
            }
        }
        if causeIndex >= 0, case .cause(let value) = message.ies[causeIndex].value, !value.value.isAcceptance {
            return
        }
        for slot in 0..<keys.count {
            let index = switch slot {
            case 0: found.0
            case 1: found.1
            case 2: found.2
            default: found.3
            }
            guard index >= 0 else { throw .mandatoryIEMissing(keys[slot], header: message.header) }
            if message.ies[index].isRawKnownType { throw .mandatoryIEIncorrect(keys[slot], header: message.header) }
        }
        guard !rule.bearerContext.isEmpty else { return }
        for ie in message.ies {
            guard case .bearerContext(let context) = ie.value else { continue }
            for key in rule.bearerContext {
                guard let member = context.first(key) else { throw .mandatoryIEMissing(key, header: message.header) }
                if member.isRawKnownType { throw .mandatoryIEIncorrect(key, header: message.header) }
            }
        }
    }
}

extension GTPv2IEKey {
    init(rawValue: UInt8) { self.init(GTPv2IEType(rawValue: rawValue)) }
}
