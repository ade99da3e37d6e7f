/// The IEs each message must carry (the "M" rows of the message tables of TS 29.274 clause 7),
/// and the ones each of its Bearer Contexts must carry.
import Wire

enum GTPv2MandatoryIEs {
    struct Rule {
        /// At most four: `Tracker` keeps their state in bit masks.
        var message: [GTPv2IEKey]
        var bearerContext: [GTPv2IEKey] = []
    }

    private static let cause = GTPv2IEKey(.cause)
    private static let ebi = GTPv2IEKey(.ebi)
    private static let bearerContext = GTPv2IEKey(.bearerContext)

    static let rules: [GTPv2MessageType: Rule] = [
        .echoRequest: Rule(message: [GTPv2IEKey(.recovery)]),
        .echoResponse: Rule(message: [GTPv2IEKey(.recovery)]),
        .createSessionRequest: Rule(message: [GTPv2IEKey(.ratType), GTPv2IEKey(.fteid), GTPv2IEKey(.apn), bearerContext],
                                    bearerContext: [ebi]),
        .createSessionResponse: Rule(message: [cause], bearerContext: [ebi]),
        .modifyBearerRequest: Rule(message: [], bearerContext: [ebi]),
        .modifyBearerResponse: Rule(message: [cause], bearerContext: [ebi]),
        .deleteSessionResponse: Rule(message: [cause]),
        .createBearerRequest: Rule(message: [ebi, bearerContext], bearerContext: [ebi]),
        .createBearerResponse: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        .updateBearerRequest: Rule(message: [bearerContext, GTPv2IEKey(.ambr)], bearerContext: [ebi]),
        .updateBearerResponse: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        .deleteBearerResponse: Rule(message: [cause], bearerContext: [ebi, cause]),
        .releaseAccessBearersResponse: Rule(message: [cause]),
        .downlinkDataNotificationAcknowledge: Rule(message: [cause]),
        .downlinkDataNotificationFailureIndication: Rule(message: [cause]),
        .modifyBearerCommand: Rule(message: [GTPv2IEKey(.ambr), bearerContext], bearerContext: [ebi]),
        .modifyBearerFailureIndication: Rule(message: [cause]),
        .deleteBearerCommand: Rule(message: [bearerContext], bearerContext: [ebi]),
        .deleteBearerFailureIndication: Rule(message: [cause, bearerContext], bearerContext: [ebi, cause]),
        .bearerResourceCommand: Rule(message: [ebi, GTPv2IEKey(.pti), GTPv2IEKey(GTPv2IEType(rawValue: 85))]),
        .bearerResourceFailureIndication: Rule(message: [cause, ebi, GTPv2IEKey(.pti)]),
    ]

    /// `rules` indexed by message type: a lookup per decoded message must not hash.
    static let table: [Rule?] = (0..<256).map { rules[GTPv2MessageType(rawValue: UInt8($0))] }

    /// Watches the top-level IEs as they are decoded, so that checking the rule costs no second pass.
    struct Tracker {
        let rule: Rule?
        private var present: UInt8 = 0
        private var incorrect: UInt8 = 0
        private var sawCause = false
        /// A response whose cause rejects the request only has to carry the cause (TS 29.274 7.7.1).
        private(set) var rejected = false

        init(_ type: GTPv2MessageType) { rule = table[Int(type.rawValue)] }

        /// Sees one IE as it is indexed; `data` reads its value.
        @inline(__always)
        mutating func observe(_ entry: GTPv2IEList.Entry, _ data: inout WireReader) {
            if !sawCause, entry.type == .cause, entry.instance == 0 {
                sawCause = true
                // The first octet of a Cause IE is the cause value.
                if let value = data.peekU8(), !GTPv2CauseValue(rawValue: value).isAcceptance { rejected = true }
            }
            guard let keys = rule?.message else { return }
            for slot in 0..<keys.count where entry.matches(keys[slot]) {
                let bit: UInt8 = 1 << UInt8(slot)
                if present & bit == 0 {
                    present |= bit
                    if !entry.canonical { incorrect |= bit }
                }
            }
        }

        /// Throws the first missing or undecodable mandatory IE, then checks the Bearer Contexts.
        func verify(_ message: GTPv2Message) throws(GTPv2DecodeError) {
            guard let rule, !rejected else { return }
            for (slot, key) in rule.message.enumerated() {
                let bit: UInt8 = 1 << UInt8(slot)
                if present & bit == 0 { throw .mandatoryIEMissing(key, header: message.header) }
                if incorrect & bit != 0 { throw .mandatoryIEIncorrect(key, header: message.header) }
            }
            guard !rule.bearerContext.isEmpty else { return }
            for entry in message.list.entries where entry.type == .bearerContext {
                let members = message.list.bytes(of: entry)
                for key in rule.bearerContext {
                    switch GTPv2IEList.member(key, in: members) {
                    case nil: throw .mandatoryIEMissing(key, header: message.header)
                    case false?: throw .mandatoryIEIncorrect(key, header: message.header)
                    case true?: break
                    }
                }
            }
        }
    }
}
