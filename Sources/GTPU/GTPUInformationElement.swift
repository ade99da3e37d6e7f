import NIOCore
import Wire

/// Private Extension (TS 29.281 8.6): vendor-specific data under an IANA enterprise number.
public struct GTPUPrivateExtension: Hashable, Sendable {
    public var identifier: UInt16
    public var value: ByteBuffer

    public init(identifier: UInt16, value: ByteBuffer) {
        self.identifier = identifier
        self.value = value
    }
}

/// An information element of a GTP-U signalling message (TS 29.281 8).
public enum GTPUInformationElement: Hashable, Sendable {
    /// Recovery (8.2): the restart counter, which GTP-U sends as 0 and receivers ignore.
    case recovery(UInt8)
    /// Tunnel Endpoint Identifier Data I (8.3): the TEID of the G-PDU an Error Indication is about.
    case tunnelEndpointIdentifierDataI(UInt32)
    /// GTP-U Peer Address (8.4): the destination address of that G-PDU.
    case gtpuPeerAddress(IPAddress)
    /// Extension Header Type List (8.5): the extension header types a node supports.
    case extensionHeaderTypeList([GTPUExtensionHeaderType])
    case privateExtension(GTPUPrivateExtension)
    /// A TLV element this codec does not model, value kept as sent. A type below 128 is written
    /// as TV (type and value, no length), which a receiver can only parse if it knows the type.
    case unknown(type: GTPUInformationElementType, value: ByteBuffer)

    public var type: GTPUInformationElementType {
        switch self {
        case .recovery: .recovery
        case .tunnelEndpointIdentifierDataI: .tunnelEndpointIdentifierDataI
        case .gtpuPeerAddress: .gtpuPeerAddress
        case .extensionHeaderTypeList: .extensionHeaderTypeList
        case .privateExtension: .privateExtension
        case .unknown(let type, _): type
        }
    }

    /// Reads elements until the reader is empty.
    static func decodeAll(_ reader: inout WireReader) throws(CodecError) -> [GTPUInformationElement] {
        var elements: [GTPUInformationElement] = []
        while !reader.isAtEnd {
            elements.append(try decode(&reader))
        }
        return elements
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> GTPUInformationElement {
        let at = reader.offset
        let type = GTPUInformationElementType(rawValue: try reader.u8("GTP-U IE type"))
        if !type.isTLV {
            guard let length = type.fixedLength else {
                throw CodecError(.unsupported("TV \(type): its length is unknown, so it cannot be skipped"),
                                 at: at, in: "GTP-U IE")
            }
            var value = try reader.slice(length, "GTP-U TV IE value")
            return type == .recovery
                ? .recovery(try value.u8("Recovery"))
                : .tunnelEndpointIdentifierDataI(try value.u32("TEID Data I"))
        }
        // TS 29.281 8.5 gives this one TLV type a one-octet length: the number of types listed.
        if type == .extensionHeaderTypeList {
            let count = Int(try reader.u8("Extension Header Type List length"))
            let types = try reader.array(count, "Extension Header Type List")
            return .extensionHeaderTypeList(types.map(GTPUExtensionHeaderType.init(rawValue:)))
        }
        let length = Int(try reader.u16("GTP-U IE length"))
        var value = try reader.slice(length, "GTP-U TLV IE value")
        switch type {
        case .gtpuPeerAddress:
            switch length {
            case 4: return .gtpuPeerAddress(.v4(try IPv4Address.decode(&value)))
            case 16: return .gtpuPeerAddress(.v6(try IPv6Address.decode(&value)))
            default: throw CodecError(.invalidLength(length), at: at, in: "GTP-U Peer Address")
            }
        case .privateExtension:
            guard length >= 2 else { throw CodecError(.invalidLength(length), at: at, in: "Private Extension") }
            return .privateExtension(GTPUPrivateExtension(identifier: try value.u16("Extension Identifier"),
                                                          value: value.rest()))
        default:
            return .unknown(type: type, value: value.rest())
        }
    }

    /// Octets on the wire, type octet included.
    var encodedLength: Int {
        switch self {
        case .recovery: 2
        case .tunnelEndpointIdentifierDataI: 5
        case .gtpuPeerAddress(let address): 3 + address.byteCount
        case .extensionHeaderTypeList(let types): 2 + types.count
        case .privateExtension(let vendorData): 5 + vendorData.value.readableBytes
        case .unknown(let type, let value): (type.isTLV ? 3 : 1) + value.readableBytes
        }
    }

    /// - Precondition: lengths fit their fields (255 extension header types, 65535 value octets).
    func encode(into buffer: inout ByteBuffer) {
        buffer.writeU8(type.rawValue)
        switch self {
        case .recovery(let counter):
            buffer.writeU8(counter)
        case .tunnelEndpointIdentifierDataI(let teid):
            buffer.writeU32(teid)
        case .gtpuPeerAddress(let address):
            buffer.writeU16(UInt16(address.byteCount))
            address.encode(into: &buffer)
        case .extensionHeaderTypeList(let types):
            precondition(types.count <= Int(UInt8.max), "an Extension Header Type List holds at most 255 types")
            buffer.writeU8(UInt8(types.count))
            for type in types { buffer.writeU8(type.rawValue) }
        case .privateExtension(let vendorData):
            buffer.writeU16(Self.length(2 + vendorData.value.readableBytes))
            buffer.writeU16(vendorData.identifier)
            buffer.writeImmutableBuffer(vendorData.value)
        case .unknown(let type, let value):
            if type.isTLV { buffer.writeU16(Self.length(value.readableBytes)) }
            buffer.writeImmutableBuffer(value)
        }
    }

    private static func length(_ count: Int) -> UInt16 {
        precondition(count <= Int(UInt16.max), "a GTP-U IE value holds at most 65535 octets")
        return UInt16(count)
    }
}

extension [GTPUInformationElement] {
    /// The elements in ascending type order, as TS 29.060 7.7.0 asks senders to put them; elements
    /// of one type keep their relative order.
    func sortedByType() -> [GTPUInformationElement] {
        enumerated().sorted { ($0.element.type, $0.offset) < ($1.element.type, $1.offset) }.map(\.element)
    }
}
