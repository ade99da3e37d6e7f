import NFKit
import PGWKit
import UserPlane
import Wire

/// Brings the SGi TUN device up: each APN pool's first address, the SGi gateway no UE gets, goes
/// on the device with the pool's prefix length, which routes the pool to it. Needs only
/// CAP_NET_ADMIN (rtnetlink, no iproute2 in the pod).
enum SGiInterface {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What `setUp` made of the downlink's packet ring and the uplink's packet socket.
    struct PacketSockets {
        var ring: SGiRing?
        /// Why the ring is off although `sgi.packetRing` was left to its default (the kernel has
        /// no AF_PACKET rings or no nf_tables netdev family): the TUN device then carries it all.
        var unavailable: String?
        var transmit: SGiTransmit?
        /// Why the packet socket is off although `sgi.packetTransmit` was left to its default.
        var transmitUnavailable: String?
    }

    /// The device, the pools' routing domain when `sgi.interface` is set, and the downlink's packet
    /// ring when it is on (else the drop rules of an earlier PGW that had one are removed). (One
    /// synchronous call from main: Swift 6.3's optimizer crashed splitting the async top level
    /// around these calls made there one by one.)
    static func setUp(device: String, pools: [IPv4Prefix], configuration: PGWFileConfiguration) throws -> PacketSockets {
        try configure(device: device, pools: pools)
        try NetworkInterface.setQueueLength(configuration.sgiQueueLength, on: device)
        if let interface = configuration.sgi?.interface {
            try isolate(pools: pools, interface: interface, gateway: configuration.sgiGateway, table: configuration.sgiRoutingTable)
        }
        var sockets = try openRing(device: device, pools: pools, configuration: configuration)
        if let interface = configuration.sgiTransmitInterface {
            do {
                sockets.transmit = try SGiTransmit(interface: interface, tun: device)
            } catch where configuration.sgi?.packetTransmit == nil {
                sockets.transmitUnavailable = "\(error)"
            } catch {
                throw Failure(description: "sgi.packetTransmit: \(error)")
            }
        }
        return sockets
    }

    private static func openRing(device: String, pools: [IPv4Prefix], configuration: PGWFileConfiguration) throws -> PacketSockets {
        guard let interface = configuration.sgiRingInterface else {
            // A kernel without nf_tables has no rule to remove.
            try? SGiRing.removeDropRules()
            return PacketSockets()
        }
        do {
            guard pools.count <= SGiRing.maximumPools else {
                throw Failure(description: "takes at most \(SGiRing.maximumPools) pools, the APNs have \(pools.count)")
            }
            // Packets longer than the TUN device's MTU stay with the kernel, which answers them with ICMP.
            let ringPools = pools.map { SGiRing.Pool(network: $0.network.value, prefixLength: $0.length, local: $0.network.value + 1) }
            return PacketSockets(ring: try SGiRing(interface: interface, pools: ringPools, maxLength: NetworkInterface.mtu(of: device),
                                          frames: configuration.sgiRingFrames))
        } catch where configuration.sgi?.packetRing == nil {
            // An earlier PGW's rules would drop what no ring takes now.
            try? SGiRing.removeDropRules()
            return PacketSockets(unavailable: "\(error)")
        } catch {
            throw Failure(description: "sgi.packetRing: \(error)")
        }
    }

    static func configure(device: String, pools: [IPv4Prefix]) throws(UserPlaneError) {
        try NetworkInterface.up(device)
        for pool in pools.sorted(by: { $0.network < $1.network }) {
            try NetworkInterface.replaceIPv4Address(pool.network.value + 1, prefixLength: pool.length, on: device)
        }
    }

    /// Keeps UE traffic on the SGi LAN, as a PGW keeps each APN in its own routing domain: packets
    /// from the pools look up `table` (policy rules), which holds the LAN of `interface`, a
    /// default route via `gateway` when there is one, and else an unreachable default. Without
    /// it, the pod's default route (the cluster network) would carry UE packets to every pod.
    static func isolate(pools: [IPv4Prefix], interface: String, gateway: IPv4Address?, table: UInt32) throws {
        guard let lan = InterfaceAddresses.ipv4Network(interface) else {
            throw Failure(description: "sgi.interface: the pod has no interface \(interface) with an IPv4 address")
        }
        try NetworkInterface.replaceIPv4Route(to: lan.network, prefixLength: lan.prefixLength, via: nil, device: interface, table: table)
        if let gateway {
            try NetworkInterface.replaceIPv4Route(to: 0, prefixLength: 0, via: gateway.value, device: interface, table: table)
        } else {
            try NetworkInterface.replaceUnreachableIPv4Route(to: 0, prefixLength: 0, table: table)
        }
        for pool in pools {
            try NetworkInterface.addIPv4SourceRule(from: pool.network.value, prefixLength: pool.length, table: table, priority: 100)
        }
    }
}
