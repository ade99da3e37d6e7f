#if canImport(Glibc)
import Glibc
#endif
import GTPU
import NetworkTestSupport
import Testing
import NIOCore
import UserPlane
import Wire

/// Packets the user-plane tests send: IPv4/UDP and ICMP inside G-PDUs, built with the Wire and
/// GTPU codecs (which are checked against tshark elsewhere).
enum Packets {
    static func udp(from source: String, _ sourcePort: UInt16, to destination: String, _ destinationPort: UInt16,
                    payload: String = "vcore") -> [UInt8] {
        let packet = try! UDPDatagram.packet(from: IPEndpoint(IPAddress(source)!, sourcePort), to: IPEndpoint(IPAddress(destination)!, destinationPort),
                                             payload: ByteBuffer(string: payload))
        return Array(packet.readableBytesView)
    }

    static func echoRequest(from source: String, to destination: String, identifier: UInt16, sequence: UInt16) -> [UInt8] {
        let icmp = ICMPEcho(.request, identifier: identifier, sequenceNumber: sequence, payload: Array("ping through the core".utf8))
        let packet = try! IPPacket.make(source: IPAddress(source)!, destination: IPAddress(destination)!, protocol: .icmp,
                                        payload: icmp.encodeV4())
        return Array(packet.readableBytesView)
    }

    static func gpdu(teid: UInt32, _ payload: [UInt8], sequenceNumber: UInt16? = nil, extensionHeaders: [GTPUExtensionHeader] = []) -> [UInt8] {
        var buffer = ByteBuffer()
        GTPUMessage.gPDU(teid: teid, payload: ByteBuffer(bytes: payload), sequenceNumber: sequenceNumber,
                         extensionHeaders: extensionHeaders).encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func encode(_ message: GTPUMessage) -> [UInt8] {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func decode(_ bytes: [UInt8]) -> GTPUMessage? {
        try? GTPUMessage.decode(ByteBuffer(bytes: bytes))
    }

    /// What forwarding makes of a packet: TTL one less, the header checksum redone, and the
    /// Identification the kernel's segmentation gives it when set.
    static func forwarded(_ packet: [UInt8], identification: UInt16? = nil) -> [UInt8] {
        var packet = packet
        packet[8] -= 1
        if let identification { (packet[4], packet[5]) = (UInt8(identification >> 8), UInt8(identification & 0xFF)) }
        (packet[10], packet[11]) = (0, 0)
        let checksum = InternetChecksum.compute(ByteBuffer(bytes: packet[0..<20]))
        (packet[10], packet[11]) = (UInt8(checksum >> 8), UInt8(checksum & 0xFF))
        return packet
    }

    /// Whether an IPv4 packet's UDP checksum holds for `source` → `destination` (its header's
    /// own checksum is checked apart).
    static func udpChecksumHolds(_ packet: [UInt8], from source: String, to destination: String) -> Bool {
        var checksum = InternetChecksum()
        checksum.addPseudoHeader(source: IPAddress(source)!, destination: IPAddress(destination)!, protocol: .udp, length: packet.count - 20)
        checksum.add(Array(packet[20...]))
        return checksum.foldedSum == 0xFFFF
    }

    /// The T-PDU of a G-PDU and its TEID.
    static func unwrap(_ bytes: [UInt8]) -> (teid: UInt32, payload: [UInt8])? {
        guard let message = decode(bytes), case .gPDU(let payload) = message.body else { return nil }
        return (message.header.teid, Array(payload.readableBytesView))
    }
}

/// The test's sockets as the forwarding loops' rules address them.
extension UDPPeer {
    var endpoint: IPv4Endpoint { IPv4Endpoint(address, port: port)! }

    func send(_ bytes: [UInt8], to destination: IPv4Endpoint) {
        let address = destination.address
        send(bytes, to: "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)", port: destination.port)
    }
}

/// A PGW namespace routing the UE pool 10.45.0.0/16 into its TUN device `sgi0` and forwarding to a
/// data-network namespace at 10.46.0.5 over a veth pair (the PGW's end 10.46.0.4), which routes
/// the pool back via the PGW.
struct SGiLab {
    let lab: NetworkLab
    let pgw: String
    let dn: String
    /// The PGW's and the data network's ends of the veth pair.
    let pgwLink: String
    let dnLink: String
    let tun: TunDevice

    init(_ tag: String) throws {
        lab = NetworkLab(tag)
        pgw = try lab.namespace("pgw")
        dn = try lab.namespace("dn")
        (pgwLink, dnLink) = try lab.connect(pgw, "10.46.0.4/24", dn, "10.46.0.5/24")
        tun = try lab.perform(in: pgw) { try TunDevice(name: "sgi0") }
        try lab.inside(pgw, ["link", "set", "sgi0", "up"])
        try lab.inside(pgw, ["route", "add", "10.45.0.0/16", "dev", "sgi0"])
        try lab.sysctl(pgw, "net.ipv4.ip_forward", "1")
        // The pool's packets come in on the TUN device, whose reverse path is the TUN itself.
        try lab.sysctl(pgw, "net.ipv4.conf.all.rp_filter", "0")
        try lab.sysctl(pgw, "net.ipv4.conf.sgi0.rp_filter", "0")
        try lab.inside(dn, ["route", "add", "10.45.0.0/16", "via", "10.46.0.4"])
    }

    /// Puts the data-network host in the PGW namespace's neighbour table as reachable, as an
    /// exchange of packets would have.
    func resolveDataNetworkHost() throws {
        let (_, mac) = try lab.run(in: dn, ["cat", "/sys/class/net/\(dnLink)/address"])
        try lab.inside(pgw, ["neigh", "replace", "10.46.0.5", "lladdr", mac.trimmingCharacters(in: .whitespacesAndNewlines),
                             "dev", pgwLink, "nud", "reachable"])
    }

    /// The PGW namespace's neighbour entry for the data-network host, as `ip neigh` shows it.
    func dataNetworkHostNeighbour() throws -> String {
        try lab.run(in: pgw, ["ip", "neigh", "show", "10.46.0.5", "dev", pgwLink]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Packets written into the TUN device (its receive counter: what it handed the kernel).
    func tunReceived() throws -> Int { try tunCounter("rx_packets") }

    /// Packets the kernel forwarded or sent into the TUN device (its transmit counter).
    func tunTransmitted() throws -> Int { try tunCounter("tx_packets") }

    private func tunCounter(_ name: String) throws -> Int {
        let (_, output) = try lab.run(in: pgw, ["cat", "/sys/class/net/sgi0/statistics/\(name)"])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Sends from the data-network host (10.46.0.5) to `ue`: a UDP datagram per payload (a
    /// socket's datagrams over veth carry partial checksums), with `ttl`, as one UDP GSO send when
    /// `segment` is set.
    func sendFromDataNetwork(_ payloads: [[UInt8]], to ue: String, port: UInt16 = 50_000, ttl: Int32 = 64, segment: Int32 = 0,
                             dontFragment: Bool = false) throws {
        try lab.perform(in: dn) {
            let sender = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(sender) }
            var value = ttl
            setsockopt(sender, Int32(IPPROTO_IP), IP_TTL, &value, socklen_t(MemoryLayout<Int32>.size))
            value = dontFragment ? 2 /* IP_PMTUDISC_DO */ : 0
            setsockopt(sender, Int32(IPPROTO_IP), IP_MTU_DISCOVER, &value, socklen_t(MemoryLayout<Int32>.size))
            if segment > 0 {
                value = segment
                #expect(setsockopt(sender, Int32(IPPROTO_UDP), 103 /* UDP_SEGMENT */, &value, socklen_t(MemoryLayout<Int32>.size)) == 0)
            }
            var destination = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: port.bigEndian,
                                          sin_addr: in_addr(s_addr: inet_addr(ue)), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            for payload in payloads {
                let sent = payload.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &destination) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(sender, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
                #expect(sent == payload.count, "send: \(String(cString: strerror(errno)))")
            }
        }
    }
}
