import APER
import NIOCore
import Wire

/// An S1AP-PDU (TS 36.413 9.3): which message of which procedure, its criticality, and its IEs.
///
/// Every S1AP message is `SEQUENCE { protocolIEs ProtocolIE-Container, ... }`, so one type holds
/// them all; the views in Generated/ (`InitialUEMessage`, `S1SetupRequest`, ...) give typed,
/// named access to the IEs of each message type.
///
/// Decoding recursion is bounded by the schema: the S1AP type graph has no cycles (the generator
/// checks), so a value nests at most 20 ASN.1 levels below its message whatever a peer sends.
public struct S1APMessage: Hashable, Sendable, CustomStringConvertible {
    public var kind: S1APMessageKind
    public var procedureCode: ProcedureCode
    /// The procedure's criticality as the sender gave it.
    public var criticality: Criticality
    public var ies: ProtocolIEList
    /// Extension additions of the message SEQUENCE (none defined so far), kept as received.
    public var extensionAdditions: APERExtensionAdditions

    public init(kind: S1APMessageKind, procedureCode: ProcedureCode, criticality: Criticality,
                ies: ProtocolIEList = ProtocolIEList()) {
        self.kind = kind
        self.procedureCode = procedureCode
        self.criticality = criticality
        self.ies = ies
        self.extensionAdditions = .none
    }

    /// The message type, nil when this codec does not model it.
    public var spec: S1APMessageSpec? { S1APProcedureSpec.modelled(procedureCode)?.message(kind) }

    /// The ASN.1 message type name as tshark shows it ("InitialUEMessage"), or a description of an
    /// unmodelled one.
    public var name: String { spec?.name ?? "\(procedureCode) \(kind)" }

    public var description: String { "\(name) [\(ies.ids.map { String($0.rawValue) }.joined(separator: ","))]" }

    /// The UE's S1AP IDs, when the message carries them as top-level IEs.
    public var mmeUES1APID: MMEUES1APID? { ies.value(.mmeUES1APID, MMEUES1APIDCodec.self) }
    public var enbUES1APID: ENBUES1APID? { ies.value(.enbUES1APID, ENBUES1APIDCodec.self) }

    /// What an answer to this message needs to say about it.
    public var errorContext: S1APErrorContext {
        S1APErrorContext(procedureCode: procedureCode, kind: kind, procedureCriticality: criticality,
                         mmeUES1APID: mmeUES1APID, enbUES1APID: enbUES1APID, messageName: name)
    }

    // MARK: decoding

    public static func decode(bytes: [UInt8]) throws(S1APDecodeError) -> S1APMessage {
        try decode(ByteBuffer(bytes: bytes))
    }

    /// Decodes one S1AP-PDU that fills `buffer` and checks it against its message type: every IE
    /// the type allows must decode, IEs it does not know are kept or refused by their criticality,
    /// mandatory IEs must be there and none may repeat (TS 36.413 10.3). The order of IEs is not
    /// checked: peers differ in it, and it changes nothing about their meaning.
    public static func decode(_ buffer: ByteBuffer) throws(S1APDecodeError) -> S1APMessage {
        let framed: Result<S1APMessage, CodecError> = buffer.withUnsafeReadableBytes { raw in
            do throws(CodecError) {
                return .success(try frame(raw, buffer))
            } catch {
                return .failure(error)
            }
        }
        let message: S1APMessage
        switch framed {
        case .success(let value): message = value
        case .failure(let error): throw .malformed(error, context: headerContext(buffer))
        }
        try message.check()
        return message
    }

    /// Reads the PDU's framing: header, and each IE's id, criticality and where its value is.
    static func frame(_ raw: UnsafeRawBufferPointer, _ buffer: ByteBuffer) throws(CodecError) -> S1APMessage {
        var reader = APERReader(raw)
        if try reader.readBit("S1AP-PDU") {
            throw reader.error(.unsupported("S1AP-PDU extension alternative"), "S1AP-PDU")
        }
        let index = try reader.readConstrainedWholeNumber(rangeMinusOne: 2, "S1AP-PDU")
        let code = try ProcedureCode.decode(&reader)
        let criticality = try Criticality.decode(&reader)
        var message = S1APMessage(kind: S1APMessageKind(rawValue: Int(index))!, procedureCode: code, criticality: criticality)
        let (length, more) = try reader.readOpenTypeLength("S1AP-PDU value")
        if more {
            // A message over 16K octets: decode its value from a reassembled copy.
            let at = reader.offset
            let value = try reader.readFragmentedRest(first: length, "S1AP-PDU value")
            let copy = ByteBuffer(bytes: value)
            try withAPERBytes(value) { inner throws(CodecError) in
                var valueReader = APERReader(inner, origin: at)
                try message.frameValue(&valueReader, storage: copy)
                try valueReader.expectOpenTypeEnd(start: 0, "S1AP-PDU value")
            }
        } else {
            try reader.bounded(octets: length, "S1AP-PDU value") { inner throws(CodecError) in
                let start = inner.bitPosition
                try message.frameValue(&inner, storage: buffer)
                try inner.expectOpenTypeEnd(start: start, "S1AP-PDU value")
            }
        }
        if reader.remainingBits >= 8 {
            throw reader.error(.trailingBytes(reader.remainingBits / 8), "S1AP-PDU")
        }
        return message
    }

    /// Reads the message SEQUENCE: extension bit, then the ProtocolIE-Container, whose value
    /// octets stay in `storage` (a value fragmented past 16K octets is reassembled after it).
    mutating func frameValue(_ reader: inout APERReader, storage: ByteBuffer) throws(CodecError) {
        let extended = try reader.readBit("message")
        let count = Int(try reader.readConstrainedWholeNumber(rangeMinusOne: 65535, "ProtocolIE-Container"))
        var entries: [ProtocolIEList.Entry] = []
        entries.reserveCapacity(Swift.min(count, reader.remainingBits / 32))
        var reassembled: [UInt8] = []
        for _ in 0..<count {
            let id = try reader.readInteger(UInt16.self, 0, 65535, "ProtocolIE-ID")
            let criticality = try reader.readConstrainedWholeNumber(rangeMinusOne: 2, "Criticality")
            let (length, more) = try reader.readOpenTypeLength("IE value")
            let offset: Int
            let total: Int
            if more {
                let value = try reader.readFragmentedRest(first: length, "IE value")
                offset = storage.readableBytes + reassembled.count
                total = value.count
                reassembled += value
            } else {
                reader.align()
                offset = reader.bitPosition / 8
                total = length
                _ = try reader.readAlignedOctets(length, "IE value")
            }
            entries.append(ProtocolIEList.Entry(id: id, criticality: UInt8(criticality),
                                                offset: UInt32(offset), length: UInt32(total)))
        }
        if extended { extensionAdditions = try reader.readExtensionAdditions("message") }
        var kept = storage
        if !reassembled.isEmpty { kept.writeBytes(reassembled) }
        ies = ProtocolIEList(storage: kept, entries: entries)
    }

    /// The context of a PDU whose header decodes, for the answer to a malformed message.
    static func headerContext(_ buffer: ByteBuffer) -> S1APErrorContext? {
        guard buffer.readableBytes >= 3, let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              first & 0x80 == 0, let kind = S1APMessageKind(rawValue: Int(first >> 5) & 3),
              let code = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self),
              let third = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt8.self), third >> 6 < 3 else { return nil }
        let procedureCode = ProcedureCode(rawValue: code)
        let name = S1APProcedureSpec.modelled(procedureCode)?.message(kind)?.name ?? "\(procedureCode) \(kind)"
        return S1APErrorContext(procedureCode: procedureCode, kind: kind, procedureCriticality: Criticality(rawValue: Int(third >> 6)),
                                mmeUES1APID: nil, enbUES1APID: nil, messageName: name)
    }

    // MARK: checking against the message type

    /// The IEs ignored with criticality "ignore and notify" (or missing with it), which the
    /// receiver reports in an Error Indication; and, for a whole message not comprehended with
    /// that criticality, an empty list. Nil when there is nothing to report.
    public var notifications: [S1APIEDiagnostic]? {
        guard let spec else { return criticality == .notify ? [] : nil }
        var found: [S1APIEDiagnostic] = []
        for entry in ies.entries where spec.index(of: entry.id) == nil && entry.criticality == UInt8(Criticality.notify.rawValue) {
            found.append(S1APIEDiagnostic(id: ProtocolIEID(rawValue: entry.id), criticality: .notify, typeOfError: .notUnderstood))
        }
        for ie in spec.ies where ie.presence == .mandatory && ie.criticality == .notify && !ies.contains(ie.id) {
            found.append(S1APIEDiagnostic(id: ie.id, criticality: .notify, typeOfError: .missing))
        }
        return found.isEmpty ? nil : found
    }

    func check() throws(S1APDecodeError) {
        guard let spec else {
            // A procedure, or a message of it, that this codec does not model (TS 36.413 10.3.4.1).
            if criticality == .reject { throw .rejected(context: errorContext, ies: [], message: self) }
            return
        }
        var rejected: [S1APIEDiagnostic] = []
        let entries = ies.entries
        for (position, entry) in entries.enumerated() {
            for earlier in entries[..<position] where earlier.id == entry.id {
                throw .falselyConstructed(context: errorContext, repeated: ProtocolIEID(rawValue: entry.id), message: self)
            }
            guard let index = spec.index(of: entry.id) else {
                if entry.criticality == UInt8(Criticality.reject.rawValue) {
                    rejected.append(S1APIEDiagnostic(id: ProtocolIEID(rawValue: entry.id), criticality: .reject,
                                                     typeOfError: .notUnderstood))
                }
                continue
            }
            let ie = spec.ies[index]
            do throws(CodecError) {
                try ies.withValue(entry) { raw, origin throws(CodecError) in try ie.validate(raw, origin: origin) }
            } catch {
                throw .malformed(error, context: errorContext)
            }
        }
        for ie in spec.ies where ie.presence == .mandatory && ie.criticality == .reject && !ies.contains(ie.id) {
            rejected.append(S1APIEDiagnostic(id: ie.id, criticality: .reject, typeOfError: .missing))
        }
        if !rejected.isEmpty { throw .rejected(context: errorContext, ies: rejected, message: self) }
    }

    // MARK: encoding

    /// Octets of a general length determinant below 16K.
    static func lengthSize(_ length: Int) -> Int { length < 128 ? 1 : 2 }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    public var encodedBytes: [UInt8] { Array(encoded().readableBytesView) }

    /// Appends the PDU's encoding. Everything after the first three octets is octet-aligned, so
    /// the common case is written as octets straight from the stored values.
    public func encode(into buffer: inout ByteBuffer) {
        var valueLength = 3
        var fits = extensionAdditions.isEmpty && ies.entries.count < 65536
        for entry in ies.entries {
            let length = Int(entry.length)
            if length >= 16384 { fits = false }
            valueLength += 3 + Self.lengthSize(length) + length
        }
        guard fits, valueLength < 16384 else {
            buffer.writeBytes(encodedByBits())
            return
        }
        let header = UInt8(kind.rawValue) << 5
        buffer.writeWire(estimatedSize: 3 + Self.lengthSize(valueLength) + valueLength) { writer in
            writer.writeU8(header)
            writer.writeU8(procedureCode.rawValue)
            writer.writeU8(UInt8(criticality.rawValue & 3) << 6)
            Self.writeLength(valueLength, into: &writer)
            writer.writeU8(0)
            writer.writeU16(UInt16(ies.entries.count))
            ies.storage.withUnsafeReadableBytes { raw in
                for entry in ies.entries {
                    writer.writeU16(entry.id)
                    writer.writeU8(entry.criticality << 6)
                    let start = Int(entry.offset)
                    let length = Int(entry.length)
                    Self.writeLength(length, into: &writer)
                    writer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)]))
                }
            }
        }
    }

    static func writeLength(_ length: Int, into writer: inout WireWriter) {
        if length < 128 {
            writer.writeU8(UInt8(length))
        } else {
            writer.writeU16(0x8000 | UInt16(length))
        }
    }

    /// The general encoder, bit by bit: for values or messages over 16K octets (fragmented
    /// lengths) and messages with extension additions.
    func encodedByBits() -> [UInt8] {
        var writer = APERWriter(capacity: 256)
        writer.writeChoiceIndex(kind.rawValue, rootCount: 3, extensible: true, isExtension: false)
        ProcedureCode.encode(procedureCode, into: &writer)
        Criticality.encode(criticality, into: &writer)
        writer.writeOpenType { writer in
            writer.writeBit(!extensionAdditions.isEmpty)
            writer.writeConstrainedWholeNumber(UInt64(ies.entries.count), rangeMinusOne: 65535)
            for field in ies.fields { ProtocolIEField.encode(field, into: &writer) }
            if !extensionAdditions.isEmpty { writer.writeExtensionAdditions(extensionAdditions) }
        }
        return writer.completeEncoding
    }

    // MARK: showing

    /// The whole PDU as an abstract value, every IE the message type knows decoded: the shape
    /// pycrate gives it.
    public var asn1Value: ASN1Value {
        let spec = self.spec
        let fields: [ASN1Value] = ies.fields.map { field in
            let value = spec?.spec(of: field.id)?.asn1Value(field.value) ?? .open(field.value)
            return ProtocolIEField.asn1Value(field.id, field.criticality, value)
        }
        var content: [ASN1Value.Field] = [ASN1Value.Field("protocolIEs", .list(fields))]
        APERValues.appendUnknown(extensionAdditions, to: &content)
        return .choice(kind.description, .sequence([
            ASN1Value.Field("procedureCode", .unsigned(UInt64(procedureCode.rawValue))),
            ASN1Value.Field("criticality", .enumerated(criticality.description)),
            ASN1Value.Field("value", .sequence(content)),
        ]))
    }
}
