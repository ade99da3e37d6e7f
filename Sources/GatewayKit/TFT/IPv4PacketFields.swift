/// The header fields of an IPv4 packet that TFT packet filters look at (TS 24.008 10.5.6.12),
/// read in place from the packet's bytes.
public struct IPv4PacketFields: Sendable, Hashable {
    public var source: UInt32
    public var destination: UInt32
    public var protocolNumber: UInt8
    public var typeOfService: UInt8
    /// Zero when the packet is not TCP, UDP or SCTP, or is a non-first fragment (no ports in it).
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The IPsec SPI of an ESP packet (protocol 50), else nil.
    public var securityParameterIndex: UInt32?

    public init(source: UInt32, destination: UInt32, protocolNumber: UInt8, typeOfService: UInt8 = 0,
                sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, securityParameterIndex: UInt32? = nil) {
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.typeOfService = typeOfService
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.securityParameterIndex = securityParameterIndex
    }

    /// Reads the fields of the IPv4 packet at the start of `bytes`; nil when it is not one (too
    /// short, another version, a header length out of range). Never allocates.
    public init?(packet bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 20, bytes[0] >> 4 == 4 else { return nil }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= 20, bytes.count >= headerLength else { return nil }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) << 16 | UInt32(u16(at + 2)) }
        self.init(source: u32(12), destination: u32(16), protocolNumber: bytes[9], typeOfService: bytes[1])
        // Only the first fragment carries the transport header.
        let fragmentOffset = u16(6) & 0x1FFF
        guard fragmentOffset == 0, bytes.count >= headerLength + 4 else { return }
        switch protocolNumber {
        case 6, 17, 132:
            sourcePort = u16(headerLength)
            destinationPort = u16(headerLength + 2)
        case 50:
            securityParameterIndex = u32(headerLength)
        default:
            break
        }
    }
}
