import Wire

/// One packet filter of a TFT (TS 24.008 10.5.6.12) in the form the downlink forwarding loop
/// evaluates on raw IPv4 packets: every component present must match. "Remote" is the far end
/// (the server on the data network), "local" the UE, so for a downlink packet the remote side is
/// its source and the local side its destination.
public struct DownlinkFilter: Hashable, Sendable {
    public var remoteAddress: UInt32?
    public var remoteMask: UInt32
    public var protocolNumber: UInt8?
    public var localPorts: ClosedRange<UInt16>?
    public var remotePorts: ClosedRange<UInt16>?
    public var typeOfService: UInt8?
    public var typeOfServiceMask: UInt8
    /// The filter's evaluation precedence among all of a UE's filters, lower first (TS 23.060
    /// 15.3.3.4): filters of different bearers interleave by it.
    public var precedence: UInt8

    /// The filter of a TFT as the UE or the PCRF gave it; nil when it does not apply to downlink
    /// IPv4 packets (uplink only, IPv6 addresses, or a component the loop does not evaluate: SPI,
    /// flow label, Ethernet), so that it can never match more than it says.
    public init?(_ filter: PacketFilter) {
        guard filter.direction.coversDownlink else { return nil }
        self.init(precedence: filter.precedence)
        for component in filter.components {
            switch component {
            case .ipv4RemoteAddress(let address, let mask):
                remoteAddress = address.value
                remoteMask = mask.value
            case .ipv4LocalAddress:
                // The UE's own address: every downlink packet routed to this session has it.
                continue
            case .protocolIdentifier(let number): protocolNumber = number
            case .singleLocalPort(let port): localPorts = port...port
            case .localPortRange(let low, let high): localPorts = min(low, high)...max(low, high)
            case .singleRemotePort(let port): remotePorts = port...port
            case .remotePortRange(let low, let high): remotePorts = min(low, high)...max(low, high)
            case .typeOfService(let value, let mask):
                typeOfService = value
                typeOfServiceMask = mask
            case .ipv6RemoteAddress, .ipv6RemotePrefix, .ipv6LocalPrefix, .securityParameterIndex, .flowLabel, .ethernet:
                return nil
            }
        }
    }

    public init(remoteAddress: UInt32? = nil, remoteMask: UInt32 = 0xFFFF_FFFF, protocolNumber: UInt8? = nil,
                localPorts: ClosedRange<UInt16>? = nil, remotePorts: ClosedRange<UInt16>? = nil,
                typeOfService: UInt8? = nil, typeOfServiceMask: UInt8 = 0xFF, precedence: UInt8 = 255) {
        self.remoteAddress = remoteAddress
        self.remoteMask = remoteMask
        self.protocolNumber = protocolNumber
        self.localPorts = localPorts
        self.remotePorts = remotePorts
        self.typeOfService = typeOfService
        self.typeOfServiceMask = typeOfServiceMask
        self.precedence = precedence
    }

    /// Whether a downlink IPv4 packet (toward the UE) matches. Ports are read only from an
    /// unfragmented (or first-fragment) TCP, UDP or SCTP header that is all there; a filter on
    /// ports never matches a packet whose ports can't be read.
    @inline(__always)
    public func matchesDownlink(_ packet: UnsafePointer<UInt8>, length: Int) -> Bool {
        guard length >= 20, packet[0] >> 4 == 4 else { return false }
        if let remoteAddress {
            let source = UInt32(packet[12]) << 24 | UInt32(packet[13]) << 16 | UInt32(packet[14]) << 8 | UInt32(packet[15])
            guard source & remoteMask == remoteAddress & remoteMask else { return false }
        }
        if let protocolNumber, packet[9] != protocolNumber { return false }
        if let typeOfService, packet[1] & typeOfServiceMask != typeOfService & typeOfServiceMask { return false }
        guard localPorts != nil || remotePorts != nil else { return true }
        let headerLength = Int(packet[0] & 0x0F) * 4
        let fragmentOffset = (UInt16(packet[6]) << 8 | UInt16(packet[7])) & 0x1FFF
        let transport = packet[9]
        guard fragmentOffset == 0, transport == 6 || transport == 17 || transport == 132, length >= headerLength + 4 else { return false }
        let sourcePort = UInt16(packet[headerLength]) << 8 | UInt16(packet[headerLength + 1])
        let destinationPort = UInt16(packet[headerLength + 2]) << 8 | UInt16(packet[headerLength + 3])
        if let remotePorts, !remotePorts.contains(sourcePort) { return false }
        if let localPorts, !localPorts.contains(destinationPort) { return false }
        return true
    }
}
