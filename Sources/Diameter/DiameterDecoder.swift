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
        let list: AVPList
        do throws(CodecError) {
            list = try AVPList.decode(&reader, with: &decoder)
        } catch {
            throw .invalidAVP(error, header: header, avp: decoder.failedAVP)
        }
        let message = DiameterMessage(header: header, list: list)
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
    /// Set when reading bytes that were already checked (a stored group): nested groups are then
    /// taken as they are instead of walked again.
    var trusted = false
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

    /// Checks every AVP in `reader` without building them. `each` hears about every AVP at this
    /// level: code, vendor (0 for none), flags, where it starts relative to the reader and its
    /// length with padding.
    mutating func validateAll(_ reader: inout WireReader, depth: Int,
                              each: (UInt32, UInt32, AVPFlags, Int, Int) -> Void = { _, _, _, _, _ in }) throws(CodecError) {
        let origin = reader.offset
        let unread = reader.unread
        var outcome: CodecError?
        unread.withUnsafeReadableBytes { bytes in
            var raw = RawReader(bytes, origin: origin)
            do throws(CodecError) {
                try validateAll(&raw, depth: depth, in: unread, each: each)
            } catch {
                outcome = error
            }
        }
        if let outcome { throw outcome }
        try reader.skip(reader.remaining, "AVPs")
    }

    /// The walk itself, over raw bytes; `source` is the same bytes as a buffer, for building the
    /// AVPs an error reports.
    private mutating func validateAll(_ reader: inout RawReader, depth: Int, in source: ByteBuffer,
                                      each: (UInt32, UInt32, AVPFlags, Int, Int) -> Void = { _, _, _, _, _ in }) throws(CodecError) {
        while !reader.isAtEnd {
            let start = reader.offset
            let position = reader.position
            let code = try reader.u32("AVP code")
            let flags = AVPFlags(rawValue: try reader.u8("AVP flags"))
            let length = Int(try reader.u24("AVP length"))
            let headerLength = flags.contains(.vendorSpecific) ? 12 : 8
            guard length >= headerLength else { throw CodecError(.invalidLength(length), at: start, in: "AVP \(code)") }
            let vendorID: UInt32? = flags.contains(.vendorSpecific) ? try reader.u32("AVP Vendor-ID") : nil
            let padding = (4 - length % 4) % 4
            guard reader.remaining >= length - headerLength + padding else {
                throw CodecError(.truncated(needed: length - headerLength + padding, available: reader.remaining),
                                 at: start, in: "AVP \(code)")
            }
            let type = dictionary.type(code: code, vendor: vendorID ?? 0)
            let dataStart = reader.position
            try reader.bounded(length - headerLength, "AVP data") { data throws(CodecError) in
                do throws(CodecError) {
                    guard let type else {
                        if flags.contains(.mandatory), firstUnknownMandatory == nil {
                            firstUnknownMandatory = Self.avp(code, flags, vendorID, source, dataStart, data.remaining)
                        }
                        return
                    }
                    try validateValue(type, &data, code: code, depth: depth, in: source)
                } catch {
                    if failedAVP == nil { failedAVP = Self.avp(code, flags, vendorID, source, dataStart, length - headerLength) }
                    throw error
                }
            }
            try reader.skip(padding, "AVP padding")
            each(code, vendorID ?? 0, flags, position, reader.position - position)
        }
    }

    /// An opaque AVP whose data is `count` bytes at `start` of `source`.
    private static func avp(_ code: UInt32, _ flags: AVPFlags, _ vendorID: UInt32?, _ source: ByteBuffer,
                            _ start: Int, _ count: Int) -> AVP {
        let data = source.getSlice(at: source.readerIndex + start, length: count) ?? ByteBuffer()
        return AVP(code: code, flags: flags, vendorID: vendorID, value: .opaque(data))
    }

    private mutating func validateValue(_ type: AVPDataType, _ data: inout RawReader, code: UInt32,
                                        depth: Int, in source: ByteBuffer) throws(CodecError) {
        switch type {
        case .integer32, .unsigned32, .float32, .enumerated, .time:
            guard data.remaining == 4 else { throw data.error(.invalidLength(data.remaining), "AVP \(code)") }
        case .integer64, .unsigned64, .float64:
            guard data.remaining == 8 else { throw data.error(.invalidLength(data.remaining), "AVP \(code)") }
        case .address:
            let family = try data.u16("Address family")
            guard (family != 1 || data.remaining == 4) && (family != 2 || data.remaining == 16) else {
                throw data.error(.invalidLength(data.remaining + 2), "AVP \(code) address")
            }
        case .utf8String, .diameterIdentity, .diameterURI, .ipFilterRule, .qosFilterRule:
            guard data.isValidUTF8 else { throw data.error(.invalidValue("not UTF-8"), "AVP \(code)") }
        case .grouped:
            guard depth < DiameterMessage.maximumNesting else {
                throw data.error(.nestingTooDeep(limit: DiameterMessage.maximumNesting), "AVP \(code)")
            }
            try validateAll(&data, depth: depth + 1, in: source)
        case .octetString: break
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
            guard data.isValidUTF8 else { throw data.error(.invalidValue("not UTF-8"), "AVP \(code)") }
            return .utf8(data.rest())
        case .grouped:
            guard depth < DiameterMessage.maximumNesting else {
                throw data.error(.nestingTooDeep(limit: DiameterMessage.maximumNesting), "AVP \(code)")
            }
            if !trusted {
                let start = data.position
                try validateAll(&data, depth: depth + 1)
                data.rewind(to: start)
            }
            return .grouped(AVPGroup(validated: data.rest()))
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
