import NIOCore
import Wire

extension DiameterMessage {
    /// Grouped AVPs nested deeper than this are refused rather than followed (no stack exhaustion).
    public static let maximumNesting = 16

    /// What to do with an AVP that the dictionary does not know and that carries the M bit.
    public enum UnknownMandatoryPolicy: Sendable {
        /// Throw `unknownMandatoryAVP`, as a Diameter node must (RFC 6733 6.1.8).
        case reject
        /// Keep it as an opaque AVP: for tools that inspect traffic.
        case keep
    }

    /// Decodes exactly one message that fills `buffer`.
    public static func decode(_ buffer: ByteBuffer, dictionary: DiameterDictionary = .standard,
                              unknownMandatory: UnknownMandatoryPolicy = .reject) throws(DiameterDecodeError) -> DiameterMessage {
        var reader = WireReader(buffer)
        let header: DiameterHeader
        guard let version = reader.peekU8(), version == 1 else {
            guard let version = reader.peekU8() else {
                throw .malformed(CodecError(.truncated(needed: 1, available: 0), at: 0, in: "Diameter version"))
            }
            throw .unsupportedVersion(version)
        }
        do throws(CodecError) {
            try reader.skip(1, "Diameter version")
            let length = Int(try reader.u24("Diameter message length"))
            guard length >= DiameterHeader.size, length % 4 == 0, length == buffer.readableBytes else {
                throw CodecError(.invalidLength(length), at: 1, in: "Diameter message length")
            }
            let flags = DiameterHeader.Flags(rawValue: try reader.u8("Diameter flags"))
            header = DiameterHeader(flags: flags, commandCode: try reader.u24("Command-Code"),
                                    applicationID: try reader.u32("Application-ID"),
                                    hopByHop: try reader.u32("Hop-by-Hop Identifier"),
                                    endToEnd: try reader.u32("End-to-End Identifier"))
        } catch {
            throw .malformed(error)
        }
        var decoder = AVPDecoder(dictionary: dictionary)
        let avps: [AVP]
        do throws(CodecError) {
            avps = try decoder.decodeAll(&reader, depth: 0)
        } catch {
            throw .invalidAVP(error, header: header, avp: decoder.failedAVP)
        }
        let message = DiameterMessage(header: header, avps: avps)
        if unknownMandatory == .reject, let unknown = decoder.firstUnknownMandatory {
            throw .unknownMandatoryAVP(unknown, message: message)
        }
        return message
    }

    /// The total length announced by a message that starts at `buffer`'s reader index, once its
    /// first four octets are there.
    public static func announcedLength(in buffer: ByteBuffer) -> Int? {
        guard let word = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else { return nil }
        return Int(word & 0xFF_FFFF)
    }
}

/// Walks AVPs, typing each by the dictionary and remembering the first unknown mandatory one.
///
/// The level being decoded is built into `AVP` values; the AVPs inside groups are only checked
/// (`validate`), and kept as the group's bytes.
struct AVPDecoder {
    let dictionary: DiameterDictionary
    var firstUnknownMandatory: AVP?
    /// The innermost AVP whose value failed to decode, for the Failed-AVP of the error answer.
    var failedAVP: AVP?

    init(dictionary: DiameterDictionary) {
        self.dictionary = dictionary
    }

    mutating func decodeAll(_ reader: inout WireReader, depth: Int) throws(CodecError) -> [AVP] {
        var avps = [AVP]()
        avps.reserveCapacity(reader.remaining / 24 + 1)
        while !reader.isAtEnd {
            avps.append(try decodeOne(&reader, depth: depth))
        }
        return avps
    }

    /// The fields of an AVP header, read and checked.
    struct Header {
        var code: UInt32
        var flags: AVPFlags
        var vendorID: UInt32?
        var dataLength: Int
        var padding: Int
    }

    @inline(__always)
    func readHeader(_ reader: inout WireReader) throws(CodecError) -> Header {
        let start = reader.offset
        let code = try reader.u32("AVP code")
        let flags = AVPFlags(rawValue: try reader.u8("AVP flags"))
        let length = Int(try reader.u24("AVP length"))
        let headerLength = flags.contains(.vendorSpecific) ? 12 : 8
        guard length >= headerLength else {
            throw CodecError(.invalidLength(length), at: start, in: "AVP \(code)")
        }
        let vendorID: UInt32? = flags.contains(.vendorSpecific) ? try reader.u32("AVP Vendor-ID") : nil
        let header = Header(code: code, flags: flags, vendorID: vendorID, dataLength: length - headerLength,
                            padding: (4 - length % 4) % 4)
        // RFC 6733 counts the padding of the last AVP in the message length, so require it.
        guard reader.remaining >= header.dataLength + header.padding else {
            throw CodecError(.truncated(needed: header.dataLength + header.padding, available: reader.remaining),
                             at: start, in: "AVP \(code)")
        }
        return header
    }

    mutating func decodeOne(_ reader: inout WireReader, depth: Int) throws(CodecError) -> AVP {
        let header = try readHeader(&reader)
        let type = dictionary.type(code: header.code, vendor: header.vendorID ?? 0)
        let value = try reader.bounded(header.dataLength, "AVP data") { data throws(CodecError) -> AVPValue in
            guard let type else { return .opaque(data.rest()) }
            let at = data.position
            do throws(CodecError) {
                return try decodeValue(type, &data, code: header.code, depth: depth)
            } catch {
                recordFailure(header, &data, from: at)
                throw error
            }
        }
        try reader.skip(header.padding, "AVP padding")
        let avp = AVP(code: header.code, flags: header.flags, vendorID: header.vendorID, value: value)
        if type == nil, header.flags.contains(.mandatory), firstUnknownMandatory == nil { firstUnknownMandatory = avp }
        return avp
    }

    /// Checks every AVP in `reader` without building them.
    mutating func validateAll(_ reader: inout WireReader, depth: Int) throws(CodecError) {
        while !reader.isAtEnd {
            let header = try readHeader(&reader)
            let type = dictionary.type(code: header.code, vendor: header.vendorID ?? 0)
            try reader.bounded(header.dataLength, "AVP data") { data throws(CodecError) in
                guard let type else {
                    if header.flags.contains(.mandatory), firstUnknownMandatory == nil {
                        firstUnknownMandatory = AVP(code: header.code, flags: header.flags, vendorID: header.vendorID,
                                                    value: .opaque(data.rest()))
                    }
                    return
                }
                let at = data.position
                do throws(CodecError) {
                    try validateValue(type, &data, code: header.code, depth: depth)
                } catch {
                    recordFailure(header, &data, from: at)
                    throw error
                }
            }
            try reader.skip(header.padding, "AVP padding")
        }
    }

    /// Remembers the AVP whose data starts at `at`, whole, when it is the first (innermost) one to
    /// fail: it goes into the Failed-AVP of the answer.
    private mutating func recordFailure(_ header: Header, _ data: inout WireReader, from at: Int) {
        guard failedAVP == nil else { return }
        data.rewind(to: at)
        failedAVP = AVP(code: header.code, flags: header.flags, vendorID: header.vendorID, value: .opaque(data.rest()))
    }

    private mutating func decodeValue(_ type: AVPDataType, _ data: inout WireReader, code: UInt32,
                                      depth: Int) throws(CodecError) -> AVPValue {
        if let fixed = type.fixedLength, data.remaining != fixed {
            throw data.error(.invalidLength(data.remaining), "AVP \(code)")
        }
        switch type {
        case .octetString: return .octetString(data.rest())
        case .integer32: return .integer32(Int32(bitPattern: try data.u32("Integer32")))
        case .integer64: return .integer64(Int64(bitPattern: try data.u64("Integer64")))
        case .unsigned32: return .unsigned32(try data.u32("Unsigned32"))
        case .unsigned64: return .unsigned64(try data.u64("Unsigned64"))
        case .float32: return .float32(Float(bitPattern: try data.u32("Float32")))
        case .float64: return .float64(Double(bitPattern: try data.u64("Float64")))
        case .enumerated: return .enumerated(Int32(bitPattern: try data.u32("Enumerated")))
        case .time: return .time(try data.u32("Time"))
        case .address: return .address(try Self.decodeAddress(&data, code: code))
        case .utf8String, .diameterIdentity, .diameterURI, .ipFilterRule, .qosFilterRule:
            let bytes = data.rest()
            guard Self.isValidUTF8(bytes) else { throw data.error(.invalidValue("not UTF-8"), "AVP \(code)") }
            return .utf8(bytes)
        case .grouped:
            let start = data.position
            try validateGroup(&data, code: code, depth: depth)
            data.rewind(to: start)
            return .grouped(AVPGroup(validated: data.rest()))
        }
    }

    private mutating func validateValue(_ type: AVPDataType, _ data: inout WireReader, code: UInt32,
                                        depth: Int) throws(CodecError) {
        if let fixed = type.fixedLength {
            guard data.remaining == fixed else { throw data.error(.invalidLength(data.remaining), "AVP \(code)") }
            return
        }
        switch type {
        case .address: _ = try Self.decodeAddress(&data, code: code)
        case .utf8String, .diameterIdentity, .diameterURI, .ipFilterRule, .qosFilterRule:
            guard Self.isValidUTF8(data.rest()) else { throw data.error(.invalidValue("not UTF-8"), "AVP \(code)") }
        case .grouped: try validateGroup(&data, code: code, depth: depth)
        default: break
        }
    }

    private mutating func validateGroup(_ data: inout WireReader, code: UInt32, depth: Int) throws(CodecError) {
        guard depth < DiameterMessage.maximumNesting else {
            throw data.error(.nestingTooDeep(limit: DiameterMessage.maximumNesting), "AVP \(code)")
        }
        try validateAll(&data, depth: depth + 1)
    }

    /// ASCII, the common case for identities and realms, is checked without building a String.
    private static func isValidUTF8(_ bytes: ByteBuffer) -> Bool {
        bytes.withUnsafeReadableBytes { raw in
            if !raw.contains(where: { $0 >= 0x80 }) { return true }
            return String(validating: raw, as: UTF8.self) != nil
        }
    }

    private static func decodeAddress(_ data: inout WireReader, code: UInt32) throws(CodecError) -> DiameterAddress {
        let family = try data.u16("Address family")
        switch family {
        case 1:
            guard data.remaining == 4 else { throw data.error(.invalidLength(data.remaining + 2), "AVP \(code) IPv4 address") }
            return .ipv4(try IPv4Address.decode(&data))
        case 2:
            guard data.remaining == 16 else { throw data.error(.invalidLength(data.remaining + 2), "AVP \(code) IPv6 address") }
            return .ipv6(try IPv6Address.decode(&data))
        default:
            return .other(family: family, data.rest())
        }
    }
}
