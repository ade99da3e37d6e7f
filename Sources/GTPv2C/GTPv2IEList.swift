import NIOCore
import Wire

/// The IEs of a message or of a grouped IE: their encoded values, back to back in one buffer, and
/// an index of small entries (type, instance, where the value is).
///
/// This is what makes decoding cheap: a received message is its datagram plus one array of
/// 12-byte entries, and every IE is checked (its content decodes canonically, or it is flagged)
/// without being built. A typed value is built when it is read, and written into the buffer when it
/// is set. Encoding copies the values as they are, so a decoded message re-encodes byte for byte,
/// unknown IEs and unusual orders included.
public struct GTPv2IEList: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        var type: GTPv2IEType
        /// The instance octet as sent: spare nibble (tshark's "CR flag") and instance.
        var instanceOctet: UInt8
        /// False for an IE of a modelled type whose content did not decode canonically.
        var canonical: Bool
        var offset: UInt32
        var length: UInt16

        var instance: UInt8 { instanceOctet & 0x0F }
        func matches(_ key: GTPv2IEKey) -> Bool { type == key.type && instanceOctet & 0x0F == key.instance }
    }

    @usableFromInline var storage: ByteBuffer
    @usableFromInline var entries: [Entry]

    public init() {
        storage = ByteBuffer()
        entries = []
    }

    public init(_ ies: [GTPv2IE]) {
        self.init()
        for ie in ies { append(ie) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    // MARK: reading

    func bytes(of entry: Entry) -> ByteBuffer {
        storage.getSlice(at: storage.readerIndex + Int(entry.offset), length: Int(entry.length))!
    }

    func value(of entry: Entry) -> GTPv2IEValue {
        let bytes = bytes(of: entry)
        guard entry.canonical else { return .raw(entry.type, bytes) }
        var reader = WireReader(bytes)
        return GTPv2IECodec.decodeValueOrKeepRaw(entry.type, &reader)
    }

    func ie(of entry: Entry) -> GTPv2IE {
        GTPv2IE(value(of: entry), type: entry.type, instance: entry.instance, spare: entry.instanceOctet >> 4)
    }

    /// Every IE, built.
    public var ies: [GTPv2IE] {
        get { entries.map(ie(of:)) }
        set { self = GTPv2IEList(newValue) }
    }

    public func first(_ key: GTPv2IEKey) -> GTPv2IE? {
        entries.first { $0.matches(key) }.map(ie(of:))
    }

    public func all(_ key: GTPv2IEKey) -> [GTPv2IE] {
        entries.filter { $0.matches(key) }.map(ie(of:))
    }

    public func contains(_ key: GTPv2IEKey) -> Bool { entries.contains { $0.matches(key) } }

    /// IEs of a modelled type whose content could not be decoded, top level only.
    public var rawKnownIEs: [GTPv2IE] {
        entries.filter { !$0.canonical }.map(ie(of:))
    }

    // MARK: writing

    private mutating func store(_ value: GTPv2IEValue) -> (offset: UInt32, length: UInt16) {
        let start = storage.writerIndex
        storage.writeWire(estimatedSize: 64) { GTPv2IECodec.encodeValue(value, into: &$0) }
        let length = storage.writerIndex - start
        precondition(length <= Int(UInt16.max), "an IE value is at most 65535 octets")
        return (UInt32(start - storage.readerIndex), UInt16(length))
    }

    private mutating func entry(for ie: GTPv2IE) -> Entry {
        let (offset, length) = store(ie.value)
        return Entry(type: ie.type, instanceOctet: ie.spare << 4 | ie.instance & 0x0F, canonical: !ie.isRawKnownType,
                     offset: offset, length: length)
    }

    public mutating func append(_ ie: GTPv2IE) {
        entries.append(entry(for: ie))
    }

    public mutating func insert(_ ie: GTPv2IE, at index: Int) {
        entries.insert(entry(for: ie), at: index)
    }

    /// Replaces the first IE with this key (keeping its place), appends one, or removes it for nil.
    public mutating func set(_ value: GTPv2IEValue?, for key: GTPv2IEKey) {
        let index = entries.firstIndex { $0.matches(key) }
        switch (index, value) {
        case (let index?, let value?):
            entries[index] = entry(for: GTPv2IE(value, type: GTPv2IE.type(of: value), instance: key.instance,
                                                spare: entries[index].instanceOctet >> 4))
        case (nil, let value?): append(GTPv2IE(value, instance: key.instance))
        case (let index?, nil): entries.remove(at: index)
        case (nil, nil): break
        }
    }

    /// Replaces every IE with this key by `values`, at the place of the first one.
    public mutating func replaceAll(_ key: GTPv2IEKey, with values: [GTPv2IEValue]) {
        let position = entries.firstIndex { $0.matches(key) } ?? entries.endIndex
        let before = entries[..<position].filter { !$0.matches(key) }.count
        entries.removeAll { $0.matches(key) }
        let new = values.map { entry(for: GTPv2IE($0, instance: key.instance)) }
        entries.insert(contentsOf: new, at: before)
    }

    public mutating func removeAll(_ key: GTPv2IEKey) {
        entries.removeAll { $0.matches(key) }
    }

    // MARK: wire

    func encode(into writer: inout WireWriter) {
        storage.withUnsafeReadableBytes { raw in
            for entry in entries {
                writer.writeU8(entry.type.rawValue)
                writer.writeU16(entry.length)
                writer.writeU8(entry.instanceOctet)
                let start = Int(entry.offset)
                writer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(entry.length))]))
            }
        }
    }

    /// Indexes the IEs that fill `reader`, checking each: its framing, and that a modelled type's
    /// content decodes canonically (flagged otherwise). Grouped IEs are checked for framing only;
    /// their members are checked when the group is read.
    static func decode(_ reader: inout WireReader, depth: Int,
                       observe: (inout WireReader, Entry) -> Void = { _, _ in }) throws(CodecError) -> GTPv2IEList {
        var list = GTPv2IEList()
        list.storage = reader.unread
        let base = reader.position
        list.entries.reserveCapacity(reader.remaining / 8 + 1)
        while !reader.isAtEnd {
            let type = GTPv2IEType(rawValue: try reader.u8("IE type"))
            let length = try reader.u16("IE length")
            let octet = try reader.u8("IE instance")
            let offset = UInt32(reader.position - base)
            let entry = try reader.bounded(Int(length), "IE value") { data throws(CodecError) -> Entry in
                var entry = Entry(type: type, instanceOctet: octet, canonical: true, offset: offset, length: length)
                let start = data.position
                if type == .bearerContext {
                    try GTPv2IECodec.checkFraming(&data, depth: depth + 1)
                } else {
                    entry.canonical = GTPv2IECodec.isCanonical(type, &data)
                }
                data.rewind(to: start)
                observe(&data, entry)
                return entry
            }
            list.entries.append(entry)
        }
        return list
    }

    /// Whether the IE with `key` in the encoded list `bytes` is absent (nil), canonical or not,
    /// found without indexing the list.
    static func member(_ key: GTPv2IEKey, in bytes: ByteBuffer) -> Bool? {
        var reader = WireReader(bytes)
        var result: Bool?
        while !reader.isAtEnd, result == nil {
            do throws(CodecError) {
                let type = try reader.u8("IE type")
                let length = Int(try reader.u16("IE length"))
                let octet = try reader.u8("IE instance")
                try reader.bounded(length, "IE value") { data throws(CodecError) in
                    if type == key.type.rawValue, octet & 0x0F == key.instance {
                        result = GTPv2IECodec.isCanonical(key.type, &data)
                    }
                }
            } catch {
                return nil
            }
        }
        return result
    }
}

extension GTPv2IEList: Hashable {
    public static func == (lhs: GTPv2IEList, rhs: GTPv2IEList) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        return zip(lhs.entries, rhs.entries).allSatisfy { left, right in
            left.type == right.type && left.instanceOctet == right.instanceOctet && lhs.bytes(of: left) == rhs.bytes(of: right)
        }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.type)
            hasher.combine(entry.instanceOctet)
            hasher.combine(bytes(of: entry))
        }
    }
}
