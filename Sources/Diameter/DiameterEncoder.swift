import NIOCore
import Wire

extension DiameterMessage: WireEncodable {
    /// Exact for the common value types, so a message is encoded in one pass.
    public var encodedSizeEstimate: Int { 20 + list.encodedLength }

    public func encode(into writer: inout WireWriter) {
        let start = writer.count
        writer.writeU8(1)
        let lengthAt = writer.reserveLength(width: 3)
        writer.writeU8(header.flags.rawValue)
        writer.writeU24(header.commandCode)
        writer.writeU32(header.applicationID)
        writer.writeU32(header.hopByHop)
        writer.writeU32(header.endToEnd)
        list.encode(into: &writer)
        writer.patchLength(at: lengthAt, width: 3, from: start)
    }
}

extension AVP: WireEncodable {
    public var encodedSizeEstimate: Int {
        let data: Int
        switch value {
        case .octetString(let bytes), .opaque(let bytes), .utf8(let bytes): data = bytes.readableBytes
        case .grouped(let group): data = group.bytes.readableBytes
        case .integer64, .unsigned64, .float64: data = 8
        case .address(let address):
            switch address {
            case .ipv4: data = 6
            case .ipv6: data = 18
            case .other(_, let bytes): data = 2 + bytes.readableBytes
            }
        default: data = 4
        }
        return (vendorID == nil ? 8 : 12) + (data + 3) & ~3
    }

    public func encode(into writer: inout WireWriter) {
        let start = writer.count
        writer.writeU32(code)
        writer.writeU8(flags.rawValue)
        let lengthAt = writer.reserveLength(width: 3)
        if let vendorID { writer.writeU32(vendorID) }
        value.encode(into: &writer)
        writer.patchLength(at: lengthAt, width: 3, from: start)
        let padding = (4 - (writer.count - start) % 4) % 4
        writer.writeRepeating(0, count: padding)
    }
}

extension AVPValue {
    func encode(into writer: inout WireWriter) {
        switch self {
        case .octetString(let bytes), .opaque(let bytes), .utf8(let bytes): writer.writeBuffer(bytes)
        case .integer32(let v): writer.writeU32(UInt32(bitPattern: v))
        case .integer64(let v): writer.writeU64(UInt64(bitPattern: v))
        case .unsigned32(let v): writer.writeU32(v)
        case .unsigned64(let v): writer.writeU64(v)
        case .float32(let v): writer.writeU32(v.bitPattern)
        case .float64(let v): writer.writeU64(v.bitPattern)
        case .enumerated(let v): writer.writeU32(UInt32(bitPattern: v))
        case .time(let v): writer.writeU32(v)
        case .grouped(let group): writer.writeBuffer(group.bytes)
        case .address(let address):
            switch address {
            case .ipv4(let v4):
                writer.writeU16(1)
                v4.encode(into: &writer)
            case .ipv6(let v6):
                writer.writeU16(2)
                v6.encode(into: &writer)
            case .other(let family, let bytes):
                writer.writeU16(family)
                writer.writeBuffer(bytes)
            }
        }
    }
}
