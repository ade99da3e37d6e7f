import NIOCore
import Wire

/// The top-level AVPs of a message: the AVPs themselves, back to back and padded as on the wire,
/// and an index of small entries (code, vendor, where the AVP is).
///
/// A received message is its body plus this index: every AVP, nested ones included, is checked
/// when the message is decoded, but an `AVP` value is built only when one is read. Encoding copies
/// the stored AVPs as they are. This keeps an HSS or a PCRF that answers thousands of requests a
/// second from building and tearing down every AVP of every message.
public struct AVPList: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        var code: UInt32
        var vendor: UInt32
        var flags: AVPFlags
        /// Where the AVP header starts in `storage`, and its length with padding.
        var offset: UInt32
        var paddedLength: UInt32

        func matches(_ definition: AVPDefinition) -> Bool { code == definition.code && vendor == definition.vendor }
    }

    @usableFromInline var storage: ByteBuffer
    @usableFromInline var entries: [Entry]

    public init() {
        storage = ByteBuffer()
        entries = []
    }

    public init(_ avps: [AVP]) {
        self.init()
        for avp in avps { append(avp) }
    }

    public var count: Int { entries.count }

    func avp(of entry: Entry) -> AVP {
        var reader = WireReader(storage.getSlice(at: storage.readerIndex + Int(entry.offset), length: Int(entry.paddedLength))!)
        var decoder = AVPDecoder(dictionary: .standard)
        decoder.trusted = true
        if let avp = try? decoder.decodeOne(&reader, depth: 0) { return avp }
        // Stored AVPs were checked (or written by the encoder); keep the bytes if that ever fails.
        return AVP(code: entry.code, flags: entry.flags, vendorID: entry.flags.contains(.vendorSpecific) ? entry.vendor : nil,
                   value: .opaque(reader.unread))
    }

    /// Every AVP, built; setting it rewrites the list.
    public var avps: [AVP] {
        get { entries.map(avp(of:)) }
        set { self = AVPList(newValue) }
    }

    public func first(_ definition: AVPDefinition) -> AVP? {
        entries.first { $0.matches(definition) }.map(avp(of:))
    }

    public func all(_ definition: AVPDefinition) -> [AVP] {
        entries.filter { $0.matches(definition) }.map(avp(of:))
    }

    public func contains(_ definition: AVPDefinition) -> Bool { entries.contains { $0.matches(definition) } }

    public mutating func append(_ avp: AVP) {
        let start = storage.writerIndex
        storage.writeWire(estimatedSize: avp.encodedSizeEstimate) { avp.encode(into: &$0) }
        entries.append(Entry(code: avp.code, vendor: avp.vendor, flags: avp.flags,
                             offset: UInt32(start - storage.readerIndex), paddedLength: UInt32(storage.writerIndex - start)))
    }

    public mutating func removeAll(_ definition: AVPDefinition) {
        entries.removeAll { $0.matches(definition) }
    }

    /// The exact encoded size.
    var encodedLength: Int { entries.reduce(0) { $0 + Int($1.paddedLength) } }

    func encode(into writer: inout WireWriter) {
        storage.withUnsafeReadableBytes { raw in
            for entry in entries {
                let start = Int(entry.offset)
                writer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(entry.paddedLength))]))
            }
        }
    }

    /// Indexes the AVPs that fill `reader` after checking all of them (`decoder` records an
    /// unknown AVP with the M bit, and the AVP that failed).
    static func decode(_ reader: inout WireReader, with decoder: inout AVPDecoder) throws(CodecError) -> AVPList {
        var list = AVPList()
        list.storage = reader.unread
        list.entries.reserveCapacity(reader.remaining / 24 + 1)
        try decoder.validateAll(&reader, depth: 0) { code, vendor, flags, start, paddedLength in
            list.entries.append(Entry(code: code, vendor: vendor, flags: flags, offset: UInt32(start),
                                      paddedLength: UInt32(paddedLength)))
        }
        return list
    }
}

extension AVPList: Hashable {
    public static func == (lhs: AVPList, rhs: AVPList) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.encodedBytes == rhs.encodedBytes
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(encodedBytes) }

    private var encodedBytes: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeWire(estimatedSize: encodedLength) { encode(into: &$0) }
        return buffer
    }
}
