import NIOCore

/// Fully qualified tunnel endpoint identifier (TS 29.274 8.22): which interface, the TEID (or GRE
/// key) and the IPv4 and/or IPv6 address of the endpoint.
public struct FTEID: Hashable, Sendable, CustomStringConvertible {
    /// The interface the endpoint belongs to; unknown values are kept as they came.
    public struct InterfaceType: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue & 0x3F }

        public static let s1uENodeBGTPU = Self(rawValue: 0)
        public static let s1uSGWGTPU = Self(rawValue: 1)
        public static let s5s8SGWGTPU = Self(rawValue: 4)
        public static let s5s8PGWGTPU = Self(rawValue: 5)
        public static let s5s8SGWGTPC = Self(rawValue: 6)
        public static let s5s8PGWGTPC = Self(rawValue: 7)
        public static let s11MMEGTPC = Self(rawValue: 10)
        public static let s11s4SGWGTPC = Self(rawValue: 11)
        public static let s10MMEGTPC = Self(rawValue: 12)
        public static let eNodeBGTPUDownlinkForwarding = Self(rawValue: 19)
        public static let eNodeBGTPUUplinkForwarding = Self(rawValue: 20)
        public static let sgwGTPUDownlinkForwarding = Self(rawValue: 23)
        public static let s11MMEGTPU = Self(rawValue: 38)
        public static let s11SGWGTPU = Self(rawValue: 39)
    }

    public var interfaceType: InterfaceType
    public var teid: UInt32
    public var ipv4: IPv4Address?
    public var ipv6: IPv6Address?

    public init(interfaceType: InterfaceType, teid: UInt32, ipv4: IPv4Address? = nil, ipv6: IPv6Address? = nil) {
        self.interfaceType = interfaceType
        self.teid = teid
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public var description: String {
        let addresses = [ipv4?.description, ipv6?.description].compactMap { $0 }.joined(separator: ",")
        return "if=\(interfaceType.rawValue) teid=0x\(String(teid, radix: 16)) \(addresses)"
    }

    public var encodedLength: Int { 5 + (ipv4 == nil ? 0 : 4) + (ipv6 == nil ? 0 : 16) }

    /// Reads the F-TEID that fills the whole reader.
    public static func decode(_ reader: inout WireReader) throws(CodecError) -> FTEID {
        let flags = try reader.u8("F-TEID flags")
        var fteid = FTEID(interfaceType: InterfaceType(rawValue: flags), teid: try reader.u32("F-TEID TEID"))
        if flags & 0x80 != 0 { fteid.ipv4 = try IPv4Address.decode(&reader) }
        if flags & 0x40 != 0 { fteid.ipv6 = try IPv6Address.decode(&reader) }
        return fteid
    }

    @inlinable
    public func encode(into writer: inout WireWriter) {
        var flags = interfaceType.rawValue
        if ipv4 != nil { flags |= 0x80 }
        if ipv6 != nil { flags |= 0x40 }
        writer.writeU8(flags)
        writer.writeU32(teid)
        ipv4?.encode(into: &writer)
        ipv6?.encode(into: &writer)
    }
}
