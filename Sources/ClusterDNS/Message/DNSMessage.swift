import Wire

/// Record types and classes VCore's DNS knows by name (RFC 1035 3.2.2, RFC 3596, RFC 2782, RFC 6891).
public enum DNSType {
    public static let a: UInt16 = 1
    public static let ns: UInt16 = 2
    public static let cname: UInt16 = 5
    public static let soa: UInt16 = 6
    public static let ptr: UInt16 = 12
    public static let aaaa: UInt16 = 28
    public static let srv: UInt16 = 33
    public static let opt: UInt16 = 41
    public static let any: UInt16 = 255
    public static let classIN: UInt16 = 1
    public static let classANY: UInt16 = 255
}

/// Response codes (RFC 1035 4.1.1).
public enum DNSResponseCode: UInt8, Hashable, Sendable {
    case noError = 0
    case formatError = 1
    case serverFailure = 2
    case nameError = 3
    case notImplemented = 4
    case refused = 5
}

/// The 12-byte header (RFC 1035 4.1.1).
public struct DNSHeader: Hashable, Sendable {
    public var id: UInt16
    public var isResponse: Bool
    public var opcode: UInt8
    public var isAuthoritative: Bool
    public var isTruncated: Bool
    public var recursionDesired: Bool
    public var recursionAvailable: Bool
    /// The Z, AD and CD bits, kept as received.
    public var reserved: UInt8
    public var responseCode: UInt8

    public init(id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritative: Bool = false,
                isTruncated: Bool = false, recursionDesired: Bool = false, recursionAvailable: Bool = false,
                reserved: UInt8 = 0, responseCode: UInt8 = 0) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.reserved = reserved
        self.responseCode = responseCode
    }

    var flags: UInt16 {
        var value = UInt16(opcode & 0x0F) << 11 | UInt16(reserved & 0x07) << 4 | UInt16(responseCode & 0x0F)
        if isResponse { value |= 0x8000 }
        if isAuthoritative { value |= 0x0400 }
        if isTruncated { value |= 0x0200 }
        if recursionDesired { value |= 0x0100 }
        if recursionAvailable { value |= 0x0080 }
        return value
    }

    init(id: UInt16, flags: UInt16) {
        self.init(id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8(flags >> 11 & 0x0F),
                  isAuthoritative: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
                  recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
                  reserved: UInt8(flags >> 4 & 0x07), responseCode: UInt8(flags & 0x0F))
    }

    /// Reads just the header, when the rest may be garbage (to answer FORMERR to it).
    public static func peek(_ bytes: [UInt8]) -> DNSHeader? {
        guard bytes.count >= 12 else { return nil }
        return DNSHeader(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), flags: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
    }
}

public struct DNSQuestion: Hashable, Sendable {
    public var name: DNSName
    public var type: UInt16
    public var recordClass: UInt16

    public init(name: DNSName, type: UInt16, recordClass: UInt16 = DNSType.classIN) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// Record data: the types VCore answers with, decoded; anything else kept as bytes.
public enum DNSRecordData: Hashable, Sendable {
    case a(IPv4Address)
    case aaaa(IPv6Address)
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    case soa(primary: DNSName, mailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
    /// CNAME, NS and PTR: one name.
    case name(DNSName)
    case raw([UInt8])
}

public struct DNSResourceRecord: Hashable, Sendable {
    public var name: DNSName
    public var type: UInt16
    /// The class; for OPT (EDNS, RFC 6891) the requester's UDP payload size.
    public var recordClass: UInt16
    /// The TTL; for OPT the extended RCODE, version and flags.
    public var ttl: UInt32
    public var data: DNSRecordData

    public init(name: DNSName, type: UInt16, recordClass: UInt16 = DNSType.classIN, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }
}

/// A DNS message (RFC 1035 4.1).
public struct DNSMessage: Hashable, Sendable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]

    public init(header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
                authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = []) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// The EDNS OPT record of the additional section, if any.
    public var ednsOption: DNSResourceRecord? { additionals.first { $0.type == DNSType.opt } }
}
