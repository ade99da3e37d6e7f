import PGWKit
import UserPlane
import Wire

/// Brings the SGi TUN device up: each APN pool's first address, the SGi gateway no UE gets, goes
/// on the device with the pool's prefix length, which routes the pool to it. Needs only
/// CAP_NET_ADMIN (rtnetlink, no iproute2 in the pod).
enum SGiInterface {
    static func configure(device: String, pools: [IPv4Prefix]) throws(UserPlaneError) {
        try NetworkInterface.up(device)
        for pool in pools.sorted(by: { $0.network < $1.network }) {
            try NetworkInterface.replaceIPv4Address(pool.network.value + 1, prefixLength: pool.length, on: device)
        }
    }
}
