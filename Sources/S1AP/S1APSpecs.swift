import APER
import Wire

/// Which alternative of S1AP-PDU a message is (TS 36.413 9.3.2).
public enum S1APMessageKind: Int, Hashable, Sendable, CustomStringConvertible {
    case initiatingMessage = 0
    case successfulOutcome = 1
    case unsuccessfulOutcome = 2

    /// The same as a TriggeringMessage, for CriticalityDiagnostics.
    public var triggeringMessage: TriggeringMessage { TriggeringMessage(rawValue: rawValue) }

    /// The S1AP-PDU alternative's ASN.1 name.
    public var description: String {
        switch self {
        case .initiatingMessage: "initiatingMessage"
        case .successfulOutcome: "successfulOutcome"
        case .unsuccessfulOutcome: "unsuccessfulOutcome"
        }
    }
}

/// One IE a message or an iE-Extensions container may carry (a row of its ASN.1 IE set): id,
/// criticality and presence, and how its value is checked and shown.
///
/// A class, immutable: the decoder looks one up for every IE it checks, and passing a reference
/// costs one retain where a struct of three closures and a string costs four.
public final class S1APIESpec: Sendable {
    public let id: ProtocolIEID
    public let criticality: Criticality
    public let presence: Presence
    /// The Swift codec of the value, for messages.
    public let valueType: String
    @usableFromInline let check: @Sendable (inout APERReader) throws(CodecError) -> Void
    @usableFromInline let show: @Sendable (inout APERReader) throws(CodecError) -> ASN1Value
    @usableFromInline let rebuild: @Sendable (inout APERReader) throws(CodecError) -> [UInt8]

    public init<C: APERCoding>(_ id: ProtocolIEID, _ criticality: Criticality, _ presence: Presence, _ codec: C.Type) {
        self.id = id
        self.criticality = criticality
        self.presence = presence
        self.valueType = "\(C.self)"
        self.check = { reader throws(CodecError) in _ = try C.decode(&reader) }
        self.show = { reader throws(CodecError) in C.asn1Value(try C.decode(&reader)) }
        self.rebuild = { reader throws(CodecError) in C.encoded(try C.decode(&reader)) }
    }

    /// Decodes a value's complete encoding into its typed form and encodes that again: equal
    /// octets show that the typed value holds everything the IE said.
    public func reencoded(_ bytes: [UInt8]) throws(CodecError) -> [UInt8] {
        try withAPERBytes(bytes) { raw throws(CodecError) -> [UInt8] in
            var reader = APERReader(raw)
            let encoding = try rebuild(&reader)
            try reader.expectOpenTypeEnd(start: 0, "IE value")
            return encoding
        }
    }

    /// Checks a value's complete encoding: it decodes, and fills its octets.
    @inlinable
    public func validate(_ bytes: UnsafeRawBufferPointer, origin: Int) throws(CodecError) {
        var reader = APERReader(bytes, origin: origin)
        try check(&reader)
        try reader.expectOpenTypeEnd(start: 0, "IE value")
    }

    /// The value, typed; an undecodable one shows as its bytes.
    public func asn1Value(_ bytes: [UInt8]) -> ASN1Value {
        let shown: ASN1Value? = try? withAPERBytes(bytes) { raw throws(CodecError) -> ASN1Value in
            var reader = APERReader(raw)
            return try show(&reader)
        }
        return shown ?? .open(bytes)
    }
}

/// A message type: its S1AP-PDU alternative, procedure, and the IEs its ASN.1 IE set allows.
public struct S1APMessageSpec: Sendable {
    /// The ASN.1 type name, which is also what tshark prints (e.g. "InitialUEMessage").
    public let name: String
    public let procedureCode: ProcedureCode
    public let kind: S1APMessageKind
    /// The criticality of the procedure, sent in every message of it.
    public let procedureCriticality: Criticality
    public let ies: [S1APIESpec]
    @usableFromInline let ids: [UInt16]
    @usableFromInline let criticalities: [Criticality]

    public init(_ name: String, _ procedureCode: ProcedureCode, _ kind: S1APMessageKind,
                _ procedureCriticality: Criticality, _ ies: [S1APIESpec]) {
        self.name = name
        self.procedureCode = procedureCode
        self.kind = kind
        self.procedureCriticality = procedureCriticality
        self.ies = ies
        self.ids = ies.map(\.id.rawValue)
        self.criticalities = ies.map(\.criticality)
    }

    /// The criticality TS 36.413 gives an IE of this message, nil when the message may not carry it.
    @inlinable
    public func criticality(of id: ProtocolIEID) -> Criticality? { index(of: id.rawValue).map { criticalities[$0] } }

    /// Position of an IE in the set (its order in TS 36.413's tables), nil when the message may
    /// not carry it.
    @inlinable
    public func index(of id: UInt16) -> Int? { ids.firstIndex(of: id) }

    public func spec(of id: ProtocolIEID) -> S1APIESpec? { index(of: id.rawValue).map { ies[$0] } }
}

/// An elementary procedure: its code, criticality and message types.
public struct S1APProcedureSpec: Sendable {
    public let code: ProcedureCode
    public let criticality: Criticality
    public let initiating: S1APMessageSpec
    public let successful: S1APMessageSpec?
    public let unsuccessful: S1APMessageSpec?

    public init(_ code: ProcedureCode, _ criticality: Criticality, initiating: S1APMessageSpec,
                successful: S1APMessageSpec? = nil, unsuccessful: S1APMessageSpec? = nil) {
        self.code = code
        self.criticality = criticality
        self.initiating = initiating
        self.successful = successful
        self.unsuccessful = unsuccessful
    }

    public func message(_ kind: S1APMessageKind) -> S1APMessageSpec? {
        switch kind {
        case .initiatingMessage: initiating
        case .successfulOutcome: successful
        case .unsuccessfulOutcome: unsuccessful
        }
    }

    static let byCode: [S1APProcedureSpec?] = {
        var table = [S1APProcedureSpec?](repeating: nil, count: 256)
        for procedure in modelled { table[Int(procedure.code.rawValue)] = procedure }
        return table
    }()

    /// The modelled procedure with this code, nil for one this codec does not model.
    public static func modelled(_ code: ProcedureCode) -> S1APProcedureSpec? { byCode[Int(code.rawValue)] }

    /// Every modelled message type.
    public static var allMessages: [S1APMessageSpec] {
        modelled.flatMap { [$0.initiating, $0.successful, $0.unsuccessful].compactMap { $0 } }
    }
}
