import Wire

/// Which way a packet goes, which decides what "remote" and "local" mean in a packet filter:
/// the local side is the UE.
public enum TrafficDirection: Sendable, Hashable {
    /// From the network to the UE: the remote address is the packet's source.
    case downlink
    /// From the UE to the network: the remote address is the packet's destination.
    case uplink
}

/// One TS 24.008 packet filter reduced to comparisons on IPv4 header fields. Components this
/// matcher cannot evaluate on IPv4 (IPv6 addresses, flow label, Ethernet) make the filter match
/// nothing, rather than everything: a bearer must never take traffic its filter did not describe.
public struct CompiledPacketFilter: Sendable, Hashable {
    var remoteAddress: UInt32 = 0, remoteMask: UInt32 = 0
    var localAddress: UInt32 = 0, localMask: UInt32 = 0
    var protocolNumber: UInt8?
    var localPorts: ClosedRange<UInt16>?
    var remotePorts: ClosedRange<UInt16>?
    var typeOfService: UInt8 = 0, typeOfServiceMask: UInt8 = 0
    var securityParameterIndex: UInt32?
    var matchesNothing = false

    public init(_ filter: PacketFilter) {
        for component in filter.components {
            switch component {
            case .ipv4RemoteAddress(let address, let mask):
                remoteAddress = address.value & mask.value
                remoteMask = mask.value
            case .ipv4LocalAddress(let address, let mask):
                localAddress = address.value & mask.value
                localMask = mask.value
            case .protocolIdentifier(let number): protocolNumber = number
            case .singleLocalPort(let port): localPorts = port...port
            case .localPortRange(let low, let high): localPorts = low <= high ? low...high : nil
            case .singleRemotePort(let port): remotePorts = port...port
            case .remotePortRange(let low, let high): remotePorts = low <= high ? low...high : nil
            case .typeOfService(let value, let mask):
                typeOfService = value & mask
                typeOfServiceMask = mask
            case .securityParameterIndex(let spi): securityParameterIndex = spi
            case .ipv6RemoteAddress, .ipv6RemotePrefix, .ipv6LocalPrefix, .flowLabel, .ethernet:
                matchesNothing = true
            }
            if case .localPortRange(let low, let high) = component, low > high { matchesNothing = true }
            if case .remotePortRange(let low, let high) = component, low > high { matchesNothing = true }
        }
    }

    @inlinable
    public func matches(_ packet: IPv4PacketFields, _ direction: TrafficDirection) -> Bool {
        matches(packet, remoteIsSource: direction == .downlink)
    }

    @usableFromInline
    func matches(_ packet: IPv4PacketFields, remoteIsSource: Bool) -> Bool {
        if matchesNothing { return false }
        let remote = remoteIsSource ? packet.source : packet.destination
        let local = remoteIsSource ? packet.destination : packet.source
        let remotePort = remoteIsSource ? packet.sourcePort : packet.destinationPort
        let localPort = remoteIsSource ? packet.destinationPort : packet.sourcePort
        guard remote & remoteMask == remoteAddress, local & localMask == localAddress,
              packet.typeOfService & typeOfServiceMask == typeOfService else { return false }
        if let protocolNumber, packet.protocolNumber != protocolNumber { return false }
        if let remotePorts, !remotePorts.contains(remotePort) { return false }
        if let localPorts, !localPorts.contains(localPort) { return false }
        if let securityParameterIndex, packet.securityParameterIndex != securityParameterIndex { return false }
        return true
    }
}

/// Picks the bearer a packet belongs to from the packet filters of a UE's bearers (TS 23.401
/// 5.3.6.3 / TS 23.060 15.3): filters are tried in evaluation-precedence order, the first whose
/// direction covers the packet and whose components all match decides; no match means the
/// default bearer (the one without a TFT). O(filters) per packet, no allocation.
public struct PacketFilterMatcher: Sendable {
    struct Entry: Sendable {
        var bearer: UInt8
        var precedence: UInt8
        var coversDownlink: Bool
        var coversUplink: Bool
        var filter: CompiledPacketFilter
    }

    private var entries: [Entry] = []
    public let defaultBearer: UInt8

    /// - Parameters:
    ///   - defaultBearer: the EBI of the bearer that takes what no filter matches.
    ///   - bearers: each dedicated bearer's EBI and packet filters.
    public init(defaultBearer: UInt8, bearers: [(ebi: UInt8, filters: [PacketFilter])]) {
        self.defaultBearer = defaultBearer
        for (ebi, filters) in bearers {
            for filter in filters {
                entries.append(Entry(bearer: ebi, precedence: filter.precedence,
                                     coversDownlink: filter.direction.coversDownlink, coversUplink: filter.direction.coversUplink,
                                     filter: CompiledPacketFilter(filter)))
            }
        }
        // Stable: equal precedences keep the order the bearers were given in.
        entries = entries.enumerated().sorted { ($0.element.precedence, $0.offset) < ($1.element.precedence, $1.offset) }
            .map(\.element)
    }

    public var filterCount: Int { entries.count }

    /// The EBI of the bearer for a packet going `direction`.
    public func bearer(for packet: IPv4PacketFields, direction: TrafficDirection) -> UInt8 {
        let remoteIsSource = direction == .downlink
        for entry in entries where remoteIsSource ? entry.coversDownlink : entry.coversUplink {
            if entry.filter.matches(packet, remoteIsSource: remoteIsSource) { return entry.bearer }
        }
        return defaultBearer
    }
}
