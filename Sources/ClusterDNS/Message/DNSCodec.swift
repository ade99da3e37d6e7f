import NIOCore
import Wire

/// Reads a DNS message with random access, as name compression (RFC 1035 4.1.4) needs: a pointer
/// may point anywhere earlier in the message. Every read is bounds-checked and every failure is a
/// `CodecError`; nothing traps on any input.
struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    /// Compression pointers followed for one name before giving up; a loop or a chain this long is
    /// an attack, not a name.
    static let maximumPointers = 64

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func u8(_ what: StaticString) throws(CodecError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(1, what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: StaticString) throws(CodecError) -> UInt16 {
        guard remaining >= 2 else { throw truncated(2, what) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32(_ what: StaticString) throws(CodecError) -> UInt32 {
        guard remaining >= 4 else { throw truncated(4, what) }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func array(_ count: Int, _ what: StaticString) throws(CodecError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw truncated(count, what) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    func truncated(_ needed: Int, _ what: StaticString) -> CodecError {
        CodecError(.truncated(needed: needed, available: remaining), at: offset, in: "\(what)")
    }

    /// A possibly compressed name. Pointers must point backwards, before the name that holds
    /// them, so they cannot loop; the name may not exceed 255 octets.
    mutating func name() throws(CodecError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var cursor = offset
        var resume: Int?
        var pointers = 0
        var lowestStart = offset
        while true {
            guard cursor < bytes.count else {
                throw CodecError(.truncated(needed: 1, available: 0), at: cursor, in: "DNS name")
            }
            let byte = bytes[cursor]
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    offset = resume ?? cursor + 1
                    return DNSName(labels: labels)
                }
                let count = Int(byte)
                guard cursor + 1 + count <= bytes.count else {
                    throw CodecError(.truncated(needed: count, available: bytes.count - cursor - 1), at: cursor, in: "DNS label")
                }
                length += 1 + count
                guard length <= DNSName.maximumLength else {
                    throw CodecError(.invalidLength(length), at: cursor, in: "DNS name")
                }
                labels.append(Array(bytes[cursor + 1...cursor + count]))
                cursor += 1 + count
            case 0xC0:
                guard cursor + 1 < bytes.count else {
                    throw CodecError(.truncated(needed: 2, available: bytes.count - cursor), at: cursor, in: "DNS name pointer")
                }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[cursor + 1])
                pointers += 1
                guard target < lowestStart, pointers <= Self.maximumPointers else {
                    throw CodecError(.invalidValue("compression pointer to \(target) does not point backwards"),
                                     at: cursor, in: "DNS name")
                }
                if resume == nil { resume = cursor + 2 }
                lowestStart = target
                cursor = target
            default:
                // 0x40 and 0x80: extended label types (RFC 6891 retired them).
                throw CodecError(.unsupported("label type 0x\(String(byte, radix: 16))"), at: cursor, in: "DNS name")
            }
        }
    }
}

extension DNSMessage {
    /// Decodes a whole message; trailing bytes after the counted records are refused.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> DNSMessage {
        var reader = DNSReader(bytes)
        let id = try reader.u16("DNS header")
        let flags = try reader.u16("DNS header")
        let questionCount = Int(try reader.u16("DNS header"))
        let answerCount = Int(try reader.u16("DNS header"))
        let authorityCount = Int(try reader.u16("DNS header"))
        let additionalCount = Int(try reader.u16("DNS header"))
        // Each question takes at least 5 bytes and each record 11: counts that cannot fit are
        // refused before any array is sized by them.
        let least = questionCount * 5 + (answerCount + authorityCount + additionalCount) * 11
        guard least <= reader.remaining else {
            throw CodecError(.invalidLength(least), at: 4, in: "DNS section counts")
        }
        var message = DNSMessage(header: DNSHeader(id: id, flags: flags))
        for _ in 0..<questionCount {
            let name = try reader.name()
            message.questions.append(DNSQuestion(name: name, type: try reader.u16("DNS question"),
                                                 recordClass: try reader.u16("DNS question")))
        }
        for _ in 0..<answerCount { message.answers.append(try record(&reader)) }
        for _ in 0..<authorityCount { message.authorities.append(try record(&reader)) }
        for _ in 0..<additionalCount { message.additionals.append(try record(&reader)) }
        guard reader.remaining == 0 else {
            throw CodecError(.trailingBytes(reader.remaining), at: reader.offset, in: "DNS message")
        }
        return message
    }

    public static func decode(_ buffer: ByteBuffer) throws(CodecError) -> DNSMessage {
        try decode(Array(buffer.readableBytesView))
    }

    static func record(_ reader: inout DNSReader) throws(CodecError) -> DNSResourceRecord {
        let name = try reader.name()
        let type = try reader.u16("DNS record")
        let recordClass = try reader.u16("DNS record")
        let ttl = try reader.u32("DNS record")
        let length = Int(try reader.u16("DNS record"))
        let start = reader.offset
        guard length <= reader.remaining else { throw reader.truncated(length, "DNS RDATA") }
        let data: DNSRecordData
        switch type {
        case DNSType.a where length == 4:
            data = .a(IPv4Address(try reader.u32("DNS A")))
        case DNSType.aaaa where length == 16:
            data = .aaaa(IPv6Address(bytes: try reader.array(16, "DNS AAAA")))
        case DNSType.srv:
            data = .srv(priority: try reader.u16("DNS SRV"), weight: try reader.u16("DNS SRV"),
                        port: try reader.u16("DNS SRV"), target: try reader.name())
        case DNSType.soa:
            data = .soa(primary: try reader.name(), mailbox: try reader.name(), serial: try reader.u32("DNS SOA"),
                        refresh: try reader.u32("DNS SOA"), retry: try reader.u32("DNS SOA"),
                        expire: try reader.u32("DNS SOA"), minimum: try reader.u32("DNS SOA"))
        case DNSType.cname, DNSType.ns, DNSType.ptr:
            data = .name(try reader.name())
        case DNSType.a, DNSType.aaaa:
            throw CodecError(.invalidLength(length), at: start - 2, in: "DNS address record")
        default:
            data = .raw(try reader.array(length, "DNS RDATA"))
        }
        guard reader.offset == start + length else {
            throw CodecError(.invalidLength(length), at: start - 2, in: "DNS RDATA of type \(type)")
        }
        return DNSResourceRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
    }

    /// Encodes the message, compressing every name (owner names and the names inside SRV, SOA,
    /// CNAME, NS and PTR data) against the names written before it.
    public func encode() -> [UInt8] {
        var writer = DNSWriter()
        writer.u16(header.id)
        writer.u16(header.flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            writer.u16(UInt16(clamping: count))
        }
        for question in questions {
            writer.name(question.name)
            writer.u16(question.type)
            writer.u16(question.recordClass)
        }
        for record in answers + authorities + additionals { writer.record(record) }
        return writer.bytes
    }
}

struct DNSWriter {
    var bytes: [UInt8] = []
    /// Offsets of name suffixes already written, by their lower-cased key.
    var suffixes: [String: Int] = [:]

    init() { bytes.reserveCapacity(512) }

    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func u32(_ value: UInt32) { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    mutating func name(_ name: DNSName) {
        for index in name.labels.indices {
            let suffix = DNSName(labels: Array(name.labels[index...])).key
            if let offset = suffixes[suffix] {
                u16(0xC000 | UInt16(offset))
                return
            }
            if bytes.count < 0x4000 { suffixes[suffix] = bytes.count }
            bytes.append(UInt8(name.labels[index].count))
            bytes += name.labels[index]
        }
        bytes.append(0)
    }

    mutating func record(_ record: DNSResourceRecord) {
        name(record.name)
        u16(record.type)
        u16(record.recordClass)
        u32(record.ttl)
        let lengthAt = bytes.count
        u16(0)
        switch record.data {
        case .a(let address): u32(address.value)
        case .aaaa(let address): bytes += address.octets
        case .srv(let priority, let weight, let port, let target):
            u16(priority)
            u16(weight)
            u16(port)
            name(target)
        case .soa(let primary, let mailbox, let serial, let refresh, let retry, let expire, let minimum):
            name(primary)
            name(mailbox)
            for value in [serial, refresh, retry, expire, minimum] { u32(value) }
        case .name(let target): name(target)
        case .raw(let data): bytes += data
        }
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[lengthAt + 1] = UInt8(truncatingIfNeeded: length)
    }
}
