import NIOCore
import Wire

extension DiameterMessage {
    public func encode(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeU8(1)
        let lengthAt = buffer.reserveLength(width: 3)
        buffer.writeU8(header.flags.rawValue)
        buffer.writeU24(header.commandCode)
        buffer.writeU32(header.applicationID)
        buffer.writeU32(header.hopByHop)
        buffer.writeU32(header.endToEnd)
        for avp in avps { avp.encode(into: &buffer) }
        buffer.patchLength(at: lengthAt, width: 3, from: start)
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}

extension AVP {
    public func encode(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeU32(code)
        buffer.writeU8(flags.rawValue)
        let lengthAt = buffer.reserveLength(width: 3)
        if let vendorID { buffer.writeU32(vendorID) }
        value.encode(into: &buffer)
        buffer.patchLength(at: lengthAt, width: 3, from: start)
        let padding = (4 - (buffer.writerIndex - start) % 4) % 4
        if padding > 0 { buffer.writeRepeatingByte(0, count: padding) }
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}

extension AVPValue {
    func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .octetString(let bytes), .opaque(let bytes): buffer.writeImmutableBuffer(bytes)
        case .integer32(let v): buffer.writeU32(UInt32(bitPattern: v))
        case .integer64(let v): buffer.writeU64(UInt64(bitPattern: v))
        case .unsigned32(let v): buffer.writeU32(v)
        case .unsigned64(let v): buffer.writeU64(v)
        case .float32(let v): buffer.writeU32(v.bitPattern)
        case .float64(let v): buffer.writeU64(v.bitPattern)
        case .enumerated(let v): buffer.writeU32(UInt32(bitPattern: v))
        case .time(let v): buffer.writeU32(v)
        case .text(let text): buffer.writeString(text)
        case .grouped(let children): for child in children { child.encode(into: &buffer) }
        case .address(let address):
            switch address {
            case .ipv4(let v4):
                buffer.writeU16(1)
                v4.encode(into: &buffer)
            case .ipv6(let v6):
                buffer.writeU16(2)
                v6.encode(into: &buffer)
            case .other(let family, let bytes):
                buffer.writeU16(family)
                buffer.writeImmutableBuffer(bytes)
            }
        }
    }
}
