import NIOCore

/// Protocol Configuration Options (TS 24.008 10.5.6.3), shared by NAS (ESM) and GTPv2-C.
///
/// The UE asks for DNS and P-CSCF addresses through containers; the network answers in the same
/// form. The value is kept in its wire form (validated when decoded) and read through
/// `containers`: a PCO usually passes through a node untouched, so parsing it eagerly would be
/// wasted work on every Create Session.
public struct ProtocolConfigurationOptions: Hashable, Sendable {
    /// One protocol or container entry: 2-octet identifier, 1-octet length, contents.
    public struct Container: Hashable, Sendable {
        public var id: ContainerID
        public var contents: ByteBuffer

        public init(id: ContainerID, contents: ByteBuffer = ByteBuffer()) {
            self.id = id
            self.contents = contents
        }

        public init(id: ContainerID, address: IPAddress) {
            self.init(id: id, contents: address.encoded())
        }
    }

    /// Identifiers of protocols (PPP: IPCP 0x8021, PAP, CHAP) and of the additional-parameter
    /// containers of 10.5.6.3; unknown values are kept.
    public struct ContainerID: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let ipcp = Self(rawValue: 0x8021)
        public static let pcscfIPv6Address = Self(rawValue: 0x0001)
        public static let imCNSubsystemSignallingFlag = Self(rawValue: 0x0002)
        public static let dnsServerIPv6Address = Self(rawValue: 0x0003)
        public static let msSupportOfNetworkRequestedBearerControl = Self(rawValue: 0x0005)
        public static let ipAddressAllocationViaNAS = Self(rawValue: 0x000A)
        public static let pcscfIPv4Address = Self(rawValue: 0x000C)
        public static let dnsServerIPv4Address = Self(rawValue: 0x000D)
        public static let ipv4LinkMTU = Self(rawValue: 0x0010)
    }

    /// The value as on the wire: configuration-protocol octet, then the containers.
    public let bytes: ByteBuffer

    public init(containers: [Container], configurationProtocol: UInt8 = 0) {
        var bytes = ByteBuffer()
        bytes.writeU8(0x80 | (configurationProtocol & 0x07))
        for container in containers {
            bytes.writeU16(container.id.rawValue)
            bytes.writeU8(UInt8(truncatingIfNeeded: container.contents.readableBytes))
            bytes.writeImmutableBuffer(container.contents)
        }
        self.bytes = bytes
    }

    private init(validated bytes: ByteBuffer) { self.bytes = bytes }

    /// Octet 3: extension bit and configuration protocol (0 = PPP for IP PDN types).
    public var header: UInt8 { bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0x80 }

    public var containers: [Container] {
        var result = [Container]()
        forEachContainer { result.append(Container(id: $0, contents: $1)) }
        return result
    }

    public func first(_ id: ContainerID) -> Container? {
        var found: Container?
        forEachContainer { if found == nil, $0 == id { found = Container(id: $0, contents: $1) } }
        return found
    }

    public func contains(_ id: ContainerID) -> Bool { first(id) != nil }

    private func forEachContainer(_ body: (ContainerID, ByteBuffer) -> Void) {
        var rest = bytes
        rest.moveReaderIndex(forwardBy: min(1, rest.readableBytes))
        while let id = rest.readInteger(endianness: .big, as: UInt16.self),
              let length = rest.readInteger(as: UInt8.self),
              let contents = rest.readSlice(length: Int(length)) {
            body(ContainerID(rawValue: id), contents)
        }
    }

    /// Takes the value part (after the IEI and length) that fills `reader`, checking that the
    /// containers tile it exactly.
    public static func decode(_ reader: inout WireReader) throws(CodecError) -> ProtocolConfigurationOptions {
        var walk = reader
        try validate(&walk)
        return ProtocolConfigurationOptions(validated: reader.rest())
    }

    /// Consumes the value, checking that the containers tile it exactly.
    public static func validate(_ reader: inout WireReader) throws(CodecError) {
        _ = try reader.u8("PCO configuration protocol")
        while !reader.isAtEnd {
            _ = try reader.u16("PCO container identifier")
            try reader.skip(Int(try reader.u8("PCO container length")), "PCO container contents")
        }
    }

    @inlinable
    public func encode(into writer: inout WireWriter) { writer.writeBuffer(bytes) }

    public var encodedLength: Int { bytes.readableBytes }
}
