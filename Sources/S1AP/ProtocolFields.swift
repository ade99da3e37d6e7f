import APER
import Wire

/// One ProtocolIE-Field kept as bytes: id, criticality and the value's complete encoding.
/// Used for IEs this codec does not model and for the (so far always empty) choice-Extensions.
public struct ProtocolIEField: APERCodable, CustomStringConvertible {
    public var id: ProtocolIEID
    public var criticality: Criticality
    public var value: [UInt8]

    public init(id: ProtocolIEID, criticality: Criticality, value: [UInt8]) {
        self.id = id
        self.criticality = criticality
        self.value = value
    }

    public var description: String { "\(id) \(criticality) \(ASN1Value.hex(value))" }

    public static func decode(_ reader: inout APERReader) throws(CodecError) -> ProtocolIEField {
        let id = try ProtocolIEID.decode(&reader)
        let criticality = try Criticality.decode(&reader)
        return ProtocolIEField(id: id, criticality: criticality, value: try reader.readOpenTypeBytes("IE value"))
    }

    public static func encode(_ value: ProtocolIEField, into writer: inout APERWriter) {
        ProtocolIEID.encode(value.id, into: &writer)
        Criticality.encode(value.criticality, into: &writer)
        writer.writeOpenType(octets: value.value)
    }

    public func encode(into writer: inout APERWriter) { Self.encode(self, into: &writer) }

    public static func asn1Value(_ value: ProtocolIEField) -> ASN1Value {
        asn1Value(value.id, value.criticality, .open(value.value))
    }

    /// A ProtocolIE-Field as pycrate shows it: {id, criticality, value}.
    public static func asn1Value(_ id: ProtocolIEID, _ criticality: Criticality, _ value: ASN1Value,
                                 valueName: String = "value") -> ASN1Value {
        .sequence([ASN1Value.Field("id", .unsigned(UInt64(id.rawValue))),
                   ASN1Value.Field("criticality", .enumerated(criticality.description)),
                   ASN1Value.Field(valueName, value)])
    }
}

/// An iE-Extensions container (ProtocolExtensionContainer): its fields kept as bytes, each known
/// one checked when the container is decoded and built when its typed property is read.
public struct ProtocolExtensions: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var id: ProtocolIEID
        public var criticality: Criticality
        /// The extension value's complete encoding.
        public var value: [UInt8]

        public init(id: ProtocolIEID, criticality: Criticality, value: [UInt8]) {
            self.id = id
            self.criticality = criticality
            self.value = value
        }
    }

    public var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    static let size = APERSize(1, 65535)

    /// Decodes a container whose known extensions are `specs`. An unknown extension is kept when
    /// its criticality lets a receiver ignore it, and refused when it says reject.
    public static func decode(_ reader: inout APERReader, _ specs: [S1APIESpec],
                              _ what: StaticString) throws(CodecError) -> ProtocolExtensions {
        let fields = try reader.readSequenceOf(size, what) { reader throws(CodecError) -> Field in
            let at = reader.offset
            let id = try ProtocolIEID.decode(&reader)
            let criticality = try Criticality.decode(&reader)
            guard let spec = specs.first(where: { $0.id == id }) else {
                if criticality == .reject {
                    throw CodecError(.unsupported("extension \(id) with criticality reject"), at: at, in: "\(what)")
                }
                return Field(id: id, criticality: criticality, value: try reader.readOpenTypeBytes(what))
            }
            let value = try reader.readOpenTypeBytes(what) { inner throws(CodecError) in try spec.check(&inner) }
            return Field(id: id, criticality: criticality, value: value)
        }
        return ProtocolExtensions(fields)
    }

    public func encode(into writer: inout APERWriter) {
        writer.writeSequenceOf(fields, Self.size) { field, writer in
            ProtocolIEID.encode(field.id, into: &writer)
            Criticality.encode(field.criticality, into: &writer)
            writer.writeOpenType(octets: field.value)
        }
    }

    public func asn1Value(_ specs: [S1APIESpec]) -> ASN1Value {
        .list(fields.map { field in
            let value = specs.first { $0.id == field.id }.map { $0.asn1Value(field.value) } ?? .open(field.value)
            return ProtocolIEField.asn1Value(field.id, field.criticality, value, valueName: "extensionValue")
        })
    }

    /// The first extension with this id, decoded; nil when absent or undecodable.
    public func value<C: APERCoding>(_ id: ProtocolIEID, _ codec: C.Type) -> C.Value? {
        guard let field = fields.first(where: { $0.id == id }) else { return nil }
        return try? C.decode(complete: field.value)
    }

    /// Sets, replaces or (for nil) removes the extension with this id; an empty container
    /// becomes nil, as iE-Extensions holds at least one field.
    public static func update<C: APERCoding>(_ extensions: inout ProtocolExtensions?, _ id: ProtocolIEID,
                                             _ criticality: Criticality, _ value: C.Value?, _ codec: C.Type) {
        var container = extensions ?? ProtocolExtensions()
        if let value {
            let field = Field(id: id, criticality: criticality, value: C.encoded(value))
            if let index = container.fields.firstIndex(where: { $0.id == id }) {
                container.fields[index] = field
            } else {
                container.fields.append(field)
            }
        } else {
            container.fields.removeAll { $0.id == id }
        }
        extensions = container.fields.isEmpty ? nil : container
    }
}

extension APERReader {
    /// A list of ProtocolIE-SingleContainer whose IE set holds one IE, `id`, as every such list in
    /// S1AP does. An item with another id is refused whatever its criticality: skipping it could
    /// leave a list shorter than its size constraint allows, and a typed value that does not
    /// re-encode as received.
    @inlinable
    public mutating func readSingleContainerList<T>(_ size: APERSize, _ id: ProtocolIEID, _ what: StaticString,
                                                    _ item: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> [T] {
        let count = try readCount(size, what)
        var items: [T] = []
        items.reserveCapacity(Swift.min(count, remainingBits))
        for _ in 0..<count { items.append(try readSingleContainer(id, what, item)) }
        return items
    }

    /// One ProtocolIE-SingleContainer that must carry `id`.
    @inlinable
    public mutating func readSingleContainer<T>(_ id: ProtocolIEID, _ what: StaticString,
                                                _ item: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> T {
        let at = offset
        let itemID = try ProtocolIEID.decode(&self)
        _ = try Criticality.decode(&self)
        guard itemID == id else {
            throw CodecError(.invalidValue("\(itemID) where only \(id) may be"), at: at, in: "\(what)")
        }
        return try readOpenType(what, item)
    }
}

extension APERWriter {
    @inlinable
    public mutating func writeSingleContainerList<C: Collection>(_ items: C, _ size: APERSize, _ id: ProtocolIEID,
                                                               _ criticality: Criticality,
                                                               _ item: (C.Element, inout APERWriter) -> Void) {
        writeCount(items.count, size)
        for element in items { writeSingleContainer(element, id, criticality, item) }
    }

    @inlinable
    public mutating func writeSingleContainer<T>(_ value: T, _ id: ProtocolIEID, _ criticality: Criticality,
                                                 _ item: (T, inout APERWriter) -> Void) {
        ProtocolIEID.encode(id, into: &self)
        Criticality.encode(criticality, into: &self)
        writeOpenType { item(value, &$0) }
    }
}
