import CBatchIO

/// The uplink's fast way out: frames for the SGi interface sent on a packet socket in one
/// `sendmmsg` per batch (`cbio_sgi_tx_*`), for the packets the kernel would forward out of it
/// after a TUN write with nothing changed but the TTL. The kernel still decides: the route (as
/// for a packet from the TUN device) and the next hop's MAC come from it, kept per destination for
/// a second, and the neighbour is marked in use each time so the kernel keeps confirming it. What
/// it would not forward that way — other routes, unresolved next hops, options, expiring or too
/// long packets — still goes through the TUN device, where the kernel resolves, fragments or
/// answers with ICMP. Frames sent here pass no netfilter forward or postrouting hook in the PGW's
/// namespace (no NAT there); `sgi.packetTransmit: false` keeps everything on the kernel's path.
public final class SGiTransmit: @unchecked Sendable {
    fileprivate let transmit: OpaquePointer
    public let interface: String

    /// Opens it on `interface` (an Ethernet link, in the calling thread's network namespace) for
    /// packets the TUN device `tun` would bring to the kernel. Needs CAP_NET_RAW.
    public init(interface: String, tun: String) throws(UserPlaneError) {
        var error: Int32 = 0
        guard let transmit = cbio_sgi_tx_open(interface, tun, &error) else {
            throw UserPlaneError("open a packet socket for sending on \(interface)", errno: -error)
        }
        self.transmit = transmit
        self.interface = interface
    }

    deinit { cbio_sgi_tx_close(transmit) }
}

extension Optional where Wrapped == SGiTransmit {
    /// The C handle, or nil for the TUN device alone.
    var handle: OpaquePointer? { self?.transmit }
}
