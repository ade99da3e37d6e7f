import Foundation
import OCIImage
import UserPlane

/// Four network namespaces in a line, like a small EPC on one host:
///
///     enb 10.201.1.1 ── 10.201.1.2 sgw 10.201.2.1 ── 10.201.2.2 pgw [sgi0 TUN, 10.45.0.0/16] 10.201.3.1 ── 10.201.3.2 dn
///
/// The PGW namespace forwards between its TUN device and the data network's veth, as a PGW pod
/// routes SGi traffic.
struct Topology {
    let prefix = "vcub\(getpid() % 10000)-"
    var enb: String { prefix + "enb" }
    var sgw: String { prefix + "sgw" }
    var pgw: String { prefix + "pgw" }
    var dn: String { prefix + "dn" }
    var all: [String] { [enb, sgw, pgw, dn] }

    static let enbAddress = "10.201.1.1", sgwS1U = "10.201.1.2", sgwS5U = "10.201.2.1", pgwS5U = "10.201.2.2"
    static let pgwSGi = "10.201.3.1", dnAddress = "10.201.3.2"

    func path(_ namespace: String) -> String { "/var/run/netns/\(namespace)" }

    func ip(_ arguments: [String]) {
        let result = try? Subprocess.run(Subprocess.which("ip") ?? "/usr/sbin/ip", arguments, timeout: 10)
        if result?.status != 0 { fatalError("ip \(arguments.joined(separator: " ")): \(result?.errorText ?? "did not run")") }
    }

    func create() {
        for namespace in all {
            ip(["netns", "add", namespace])
            ip(["-n", namespace, "link", "set", "lo", "up"])
        }
        link(enb, Self.enbAddress, sgw, Self.sgwS1U, "s1")
        link(sgw, Self.sgwS5U, pgw, Self.pgwS5U, "s5")
        link(pgw, Self.pgwSGi, dn, Self.dnAddress, "gi")
        ip(["-n", dn, "route", "add", "10.45.0.0/16", "via", Self.pgwSGi])
        ip(["-n", dn, "route", "add", "10.46.0.0/16", "via", Self.pgwSGi])
        ip(["-n", dn, "route", "add", "10.47.0.0/24", "via", Self.pgwSGi])
        // Every address of 10.47.0.0/24 is the PGW namespace's own, for the interleaved UDP relay.
        ip(["-n", pgw, "route", "add", "local", "10.47.0.0/24", "dev", "lo"])
        ip(["netns", "exec", pgw, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        // The UE pool's packets arrive on the TUN device, whose reverse path is the TUN itself.
        ip(["netns", "exec", pgw, "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=0"])
    }

    /// A TUN device in the PGW's namespace, up and routing `pool`: sgi0 for the PGW's UE pool
    /// 10.45.0.0/16, sgi1 for the TUN relay's 10.46.0.0/16.
    func tun(_ name: String = "sgi0", routing pool: String = "10.45.0.0/16") throws -> TunDevice {
        let device = try NetworkNamespaceEntry.perform(in: path(pgw)) { try TunDevice(name: name) }
        ip(["-n", pgw, "link", "set", name, "up", "txqueuelen", "\(TunDevice.defaultQueueLength)"])
        ip(["-n", pgw, "route", "add", pool, "dev", name])
        ip(["netns", "exec", pgw, "sysctl", "-q", "-w", "net.ipv4.conf.\(name).rp_filter=0"])
        return device
    }

    /// The PGW's downlink ring on its SGi veth, taking what goes to 10.45.0.0/16 but 10.45.0.1
    /// (the pool's own address, which the `pgw` puts on its TUN device).
    func ring() throws -> SGiRing {
        try NetworkNamespaceEntry.perform(in: path(pgw)) {
            try SGiRing(interface: "\(prefix)gia", pools: [SGiRing.Pool(network: IPv4Endpoint("10.45.0.0", port: 0)!.address, prefixLength: 16,
                                                                       local: IPv4Endpoint("10.45.0.1", port: 0)!.address)],
                        maxLength: 1500)
        }
    }

    /// The PGW's uplink sender on its SGi veth, for packets the TUN device sgi0 would bring.
    func transmit() throws -> SGiTransmit {
        try NetworkNamespaceEntry.perform(in: path(pgw)) { try SGiTransmit(interface: "\(prefix)gia", tun: "sgi0") }
    }

    func socket(_ namespace: String, _ address: String, _ port: UInt16) throws -> DatagramSocket {
        try NetworkNamespaceEntry.perform(in: path(namespace)) {
            try DatagramSocket(bind: IPv4Endpoint(address, port: port)!, bufferBytes: 32 << 20)
        }
    }

    private func link(_ a: String, _ addressA: String, _ b: String, _ addressB: String, _ name: String) {
        ip(["link", "add", "\(prefix)\(name)a", "netns", a, "type", "veth", "peer", "name", "\(prefix)\(name)b", "netns", b])
        ip(["-n", a, "addr", "add", "\(addressA)/24", "dev", "\(prefix)\(name)a"])
        ip(["-n", b, "addr", "add", "\(addressB)/24", "dev", "\(prefix)\(name)b"])
        ip(["-n", a, "link", "set", "\(prefix)\(name)a", "up"])
        ip(["-n", b, "link", "set", "\(prefix)\(name)b", "up"])
    }

    func destroy() {
        for namespace in all { _ = try? Subprocess.run(Subprocess.which("ip") ?? "/usr/sbin/ip", ["netns", "delete", namespace], timeout: 10) }
    }
}
