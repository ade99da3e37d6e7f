import CBatchIO
#if canImport(Glibc)
import Glibc
#endif

/// The downlink's fast way in: a packet ring on the SGi interface (`cbio_ring_*`) that sees frames
/// as they arrive, before IP, and an ingress rule in the same namespace that drops the ones it
/// takes, so the kernel does not route and forward them into the TUN device as well. It takes
/// plain IPv4 UDP and ICMP packets to the UE pools that fit the TUN device's MTU with a TTL to
/// spare; the PGW then does what forwarding would (TTL, partial checksums, UDP GSO frames cut).
/// TCP and other protocols, expiring and longer packets keep the TUN path, where the kernel sends
/// the ICMP errors and a connection's segments stay on one path, in order. Linux 6.2 or later.
public final class SGiRing: @unchecked Sendable {
    /// A UE pool the ring takes packets to, less `local`, the pool's address on the TUN device.
    public struct Pool: Sendable {
        public var network: UInt32
        public var prefixLength: UInt8
        public var local: UInt32

        public init(network: UInt32, prefixLength: UInt8, local: UInt32) {
            self.network = network
            self.prefixLength = prefixLength
            self.local = local
        }

        var selection: cbio_ring_pool {
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
            return cbio_ring_pool(network: network & mask, mask: mask, local: local)
        }
    }

    /// 4,096 frames of 2 KiB at a 1,500-octet MTU: 8 MiB, about as long as the TUN device's queue
    /// at the rates one downlink thread reaches.
    public static let defaultFrames = 4096

    /// How many pools one ring takes packets to (the APNs' pools).
    public static let maximumPools = Int(CBIO_RING_MAX_POOLS)

    private let ring: OpaquePointer
    public let interface: String

    /// Opens the ring on `interface` (in the calling thread's network namespace) and installs the
    /// drop rules, replacing what an earlier PGW left; packets up to `maxLength` octets (the TUN
    /// device's MTU). Needs CAP_NET_ADMIN and CAP_NET_RAW.
    public init(interface: String, pools: [Pool], maxLength: Int, frames: Int = SGiRing.defaultFrames) throws(UserPlaneError) {
        let selection = pools.map(\.selection)
        var error: Int32 = 0
        guard let ring = cbio_ring_open(interface, Int32(frames), Int32(maxLength), selection, Int32(selection.count), &error) else {
            throw UserPlaneError("open a packet ring on \(interface)", errno: -error)
        }
        // The ring first: a rule without it would drop what nobody takes.
        let installed = cbio_ring_install_drop_rules(interface, Int32(maxLength), selection, Int32(selection.count))
        guard installed == 0 else {
            cbio_ring_close(ring)
            throw UserPlaneError("install the SGi ingress rules on \(interface)", errno: -installed)
        }
        self.ring = ring
        self.interface = interface
    }

    /// Closes the ring. The rules stay until the next PGW replaces or removes them (a pod's
    /// namespace goes with the pod; without the PGW the TUN device is gone too).
    deinit { cbio_ring_close(ring) }

    /// Deletes the drop rules of an earlier PGW in this namespace (one that ran with the ring
    /// when this one does not); nothing there is success.
    public static func removeDropRules() throws(UserPlaneError) {
        let result = cbio_ring_remove_drop_rules()
        guard result == 0 else { throw UserPlaneError("remove the SGi ingress rules", errno: -result) }
    }

    var descriptor: Int32 { cbio_ring_descriptor(ring) }

    /// Up to `max` packets the ring selected (see `cbio_ring_take`); they stay valid until `release`.
    @inline(__always)
    func take(into packets: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, lengths: UnsafeMutablePointer<Int32>,
              segmentSizes: UnsafeMutablePointer<UInt16>, max: Int) -> Int {
        Int(cbio_ring_take(ring, packets, lengths, segmentSizes, Int32(max)))
    }

    @inline(__always)
    func release() { cbio_ring_release(ring) }

    /// Frames lost to a full ring since the last call.
    func fullDrops() -> Int { Int(cbio_ring_full_drops(ring)) }
}
