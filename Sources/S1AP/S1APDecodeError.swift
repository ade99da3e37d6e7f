import APER
import Wire

/// What an answer to a refused or partly understood message needs to know about it (TS 36.413
/// 10.3): the procedure, which message of it, the procedure's criticality and the UE's S1AP IDs.
public struct S1APErrorContext: Hashable, Sendable, CustomStringConvertible {
    public var procedureCode: ProcedureCode
    public var kind: S1APMessageKind
    public var procedureCriticality: Criticality
    public var mmeUES1APID: MMEUES1APID?
    public var enbUES1APID: ENBUES1APID?
    /// "InitialUEMessage", or the procedure code for a message this codec does not model.
    public var messageName: String

    public var triggeringMessage: TriggeringMessage { kind.triggeringMessage }

    public var description: String {
        var text = "\(messageName) (\(procedureCode), \(kind))"
        if let mmeUES1APID { text += " MME-UE-S1AP-ID \(mmeUES1APID)" }
        if let enbUES1APID { text += " eNB-UE-S1AP-ID \(enbUES1APID)" }
        return text
    }
}

/// One IE a receiver did not understand or missed (a CriticalityDiagnostics-IE-Item).
public struct S1APIEDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public var id: ProtocolIEID
    /// The criticality the sender gave an IE not understood, or the specification gives a missing one.
    public var criticality: Criticality
    public var typeOfError: TypeOfError

    public init(id: ProtocolIEID, criticality: Criticality, typeOfError: TypeOfError) {
        self.id = id
        self.criticality = criticality
        self.typeOfError = typeOfError
    }

    public var description: String { "\(id) \(typeOfError) (\(criticality))" }
}

/// Why an S1AP message was refused, with what its answer needs (TS 36.413 section 10).
public enum S1APDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Transfer syntax error: the PDU, or the value of an IE the message may carry, does not
    /// decode. The context is there when the PDU header could be read.
    case malformed(CodecError, context: S1APErrorContext?)
    /// Abstract syntax error with criticality reject: IEs not understood or missing (`ies`), or,
    /// when `ies` is empty, a procedure or message type this receiver does not know. The message
    /// decoded; it is there for logs and for answers that need more of it.
    case rejected(context: S1APErrorContext, ies: [S1APIEDiagnostic], message: S1APMessage)
    /// Abstract syntax error, falsely constructed message: an IE appears more than once.
    case falselyConstructed(context: S1APErrorContext, repeated: ProtocolIEID, message: S1APMessage)

    public var context: S1APErrorContext? {
        switch self {
        case .malformed(_, let context): context
        case .rejected(let context, _, _), .falselyConstructed(let context, _, _): context
        }
    }

    /// The message when its framing decoded (every case but `malformed`).
    public var message: S1APMessage? {
        switch self {
        case .malformed: nil
        case .rejected(_, _, let message), .falselyConstructed(_, _, let message): message
        }
    }

    /// The Cause an Error Indication (or failure message) answering it carries.
    public var cause: Cause {
        switch self {
        case .malformed: .protocol(.transferSyntaxError)
        case .rejected: .protocol(.abstractSyntaxErrorReject)
        case .falselyConstructed: .protocol(.abstractSyntaxErrorFalselyConstructedMessage)
        }
    }

    /// The CriticalityDiagnostics for the answer, when the procedure is known.
    public var criticalityDiagnostics: CriticalityDiagnostics? {
        switch self {
        case .malformed(_, let context): context.map { CriticalityDiagnostics($0, ies: []) }
        case .rejected(let context, let ies, _): CriticalityDiagnostics(context, ies: ies)
        case .falselyConstructed(let context, _, _): CriticalityDiagnostics(context, ies: [])
        }
    }

    public var description: String {
        switch self {
        case .malformed(let error, let context): "malformed \(context.map { "\($0)" } ?? "S1AP-PDU"): \(error)"
        case .rejected(let context, let ies, _) where ies.isEmpty: "\(context): not comprehended, criticality reject"
        case .rejected(let context, let ies, _): "\(context): rejected for \(ies.map(\.description).joined(separator: ", "))"
        case .falselyConstructed(let context, let id, _): "\(context): \(id) repeated"
        }
    }
}

extension CriticalityDiagnostics {
    /// The diagnostics of a message refused or partly ignored: its procedure, triggering message,
    /// procedure criticality, and the IEs not understood or missing.
    public init(_ context: S1APErrorContext, ies: [S1APIEDiagnostic]) {
        self.init(procedureCode: context.procedureCode, triggeringMessage: context.triggeringMessage,
                  procedureCriticality: context.procedureCriticality,
                  iesCriticalityDiagnostics: ies.isEmpty ? nil : ies.prefix(256).map {
                      CriticalityDiagnosticsIEItem(ieCriticality: $0.criticality, ieID: $0.id, typeOfError: $0.typeOfError)
                  })
    }
}

extension ErrorIndication {
    /// The Error Indication answering a refused message (TS 36.413 8.7.1, 10.3): the UE's S1AP
    /// IDs when the message had them, the protocol cause and the criticality diagnostics.
    public init(answering error: S1APDecodeError) {
        self.init()
        mmeUES1APID = error.context?.mmeUES1APID
        enbUES1APID = error.context?.enbUES1APID
        cause = error.cause
        criticalityDiagnostics = error.criticalityDiagnostics
    }

    /// The Error Indication reporting IEs that were ignored with criticality "ignore and
    /// notify" (or missing with it) in a message that was otherwise processed.
    public init(notifying context: S1APErrorContext, ies: [S1APIEDiagnostic]) {
        self.init()
        mmeUES1APID = context.mmeUES1APID
        enbUES1APID = context.enbUES1APID
        cause = .protocol(.abstractSyntaxErrorIgnoreAndNotify)
        criticalityDiagnostics = CriticalityDiagnostics(context, ies: ies)
    }
}
