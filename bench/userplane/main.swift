import Foundation
import GTPU
import NIOCore
import UserPlane
import Wire

/// Issue #7's user-plane figures: the highest rate with at most 0.1 % loss, in packets/s and Gbit/s, through the SGW and PGW forwarding loops in
/// their own network namespaces (S1-U → S5-U → SGi TUN → data network, and back), 64- and
/// 1,400-octet payloads, with two references over the same hops on the same batched I/O (UDP GRO
/// in, GSO out): a plain UDP relay at both hops, and the same SGW-hop relay with a TUN relay at the
/// PGW hop (unwrap into a TUN device, wrap what it routes out), the PGW's own I/O with its tables and
/// filters taken away. Root; the namespaces are removed at the end.
///
/// Run: swift build -c release --product userplane-bench && sudo .build/release/userplane-bench [--seconds 2] [--sizes 64,1400]

var chosenSeconds = 2.0
var sizes = [64, 1400]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--seconds": chosenSeconds = Double(arguments.next() ?? "") ?? chosenSeconds
    case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
    default: fatalError("unknown argument \(argument) (--seconds S, --sizes 64,1400)")
    }
}
let seconds = chosenSeconds
guard geteuid() == 0 else { fatalError("userplane-bench needs root (network namespaces, TUN)") }

let topology = Topology()
topology.create()
defer { topology.destroy() }

func endpoint(_ address: String, _ port: UInt16) -> IPv4Endpoint { IPv4Endpoint(address, port: port)! }
let sessions = 1000
func ueAddress(_ index: Int) -> String { "10.45.\(index / 250).\(index % 250 + 1)" }

// The SGW and PGW forwarding loops, each on its namespace's addresses, port 2152, with 1,000 sessions.
let sgw = SGWDataPath(s1u: try topology.socket(topology.sgw, Topology.sgwS1U, 2152),
                      s5u: try topology.socket(topology.sgw, Topology.sgwS5U, 2152))
let pgw = PGWDataPath(s5u: try topology.socket(topology.pgw, Topology.pgwS5U, 2152), tun: try topology.tun())
for index in 0..<sessions {
    let i = UInt32(index)
    sgw.apply(.install(SGWBearerRule(s1uTEID: 0x1000 + i, s5uTEID: 0x2000 + i,
                                     pgw: TunnelEndpoint(address: endpoint(Topology.pgwS5U, 2152), teid: 0x3000 + i),
                                     enb: TunnelEndpoint(address: endpoint(Topology.enbAddress, 2152), teid: 0x4000 + i))))
    pgw.apply(.install(ueAddress: endpoint(ueAddress(index), 0).address,
                       bearers: [PGWBearerRule(uplinkTEID: 0x3000 + i, sgw: TunnelEndpoint(address: endpoint(Topology.sgwS5U, 2152), teid: 0x2000 + i))]))
}

// The reference: relays on the same hops (ports 2153 up, 2154 down), the same batched I/O.
let relays = [
    Relay(from: try topology.socket(topology.sgw, Topology.sgwS1U, 2153), to: try topology.socket(topology.sgw, Topology.sgwS5U, 0),
          destination: endpoint(Topology.pgwS5U, 2153)),
    Relay(from: try topology.socket(topology.pgw, Topology.pgwS5U, 2153), to: try topology.socket(topology.pgw, Topology.pgwSGi, 0),
          destination: endpoint(Topology.dnAddress, 9)),
    Relay(from: try topology.socket(topology.pgw, Topology.pgwSGi, 2154), to: try topology.socket(topology.pgw, Topology.pgwS5U, 0),
          destination: endpoint(Topology.sgwS5U, 2154)),
    Relay(from: try topology.socket(topology.sgw, Topology.sgwS5U, 2154), to: try topology.socket(topology.sgw, Topology.sgwS1U, 0),
          destination: endpoint(Topology.enbAddress, 2152)),
]
relays.forEach { $0.start() }
// The PGW hop's reference on the PGW's own I/O (socket and TUN): uplink to port 2155 into sgi1,
// downlink from the data network to 10.46.0.0/16 out of sgi1 to the SGW's relay on 2154.
let tunRelay = TunRelay(socket: try topology.socket(topology.pgw, Topology.pgwS5U, 2155), tun: try topology.tun("sgi1", routing: "10.46.0.0/16"),
                        downlinkTo: endpoint(Topology.sgwS5U, 2154))
tunRelay.start()
let uplinkRelayToTun = Relay(from: try topology.socket(topology.sgw, Topology.sgwS1U, 2155), to: try topology.socket(topology.sgw, Topology.sgwS5U, 0),
                             destination: endpoint(Topology.pgwS5U, 2155))
uplinkRelayToTun.start()
usleep(300_000)

/// A UE's datagram as a Linux host's unconnected UDP socket sends it: DF set (path MTU discovery,
/// the default), Identification 0.
func udp(from source: String, _ sourcePort: UInt16, to destination: String, _ destinationPort: UInt16, size: Int) -> [UInt8] {
    let from = IPEndpoint(IPAddress(source)!, sourcePort), to = IPEndpoint(IPAddress(destination)!, destinationPort)
    let datagram = try! UDPDatagram.make(from: from, to: to, payload: ByteBuffer(repeating: 0x5A, count: size))
    let packet = try! IPPacket.make(source: from.address, destination: to.address, protocol: .udp, payload: datagram, dontFragment: true)
    return Array(packet.readableBytesView)
}

func gpdu(teid: UInt32, _ payload: [UInt8]) -> [UInt8] {
    var buffer = ByteBuffer()
    GTPUMessage.gPDU(teid: teid, payload: ByteBuffer(bytes: payload)).encode(into: &buffer)
    return Array(buffer.readableBytesView)
}

/// One trial: sends for `seconds` from `namespace` at `rate` (nil: flat out) and returns the
/// packets per second that reached the sink and the share of what was sent that did.
func trial(from namespace: String, _ source: String, _ sourcePort: UInt16, datagrams: [[UInt8]], to destinations: [IPv4Endpoint],
           sinkIn sinkNamespace: String, _ sinkAddress: String, _ sinkPort: UInt16, rate: Double?) throws -> (rate: Double, delivered: Double) {
    let sink = Sink(socket: try topology.socket(sinkNamespace, sinkAddress, sinkPort))
    sink.start()
    let blaster = Blaster(socket: try topology.socket(namespace, source, sourcePort), datagrams: datagrams, to: destinations)
    blaster.start(rate: rate)
    usleep(UInt32(seconds * 1_000_000))
    blaster.running.store(false, ordering: .relaxed)
    usleep(300_000)
    let received = sink.finish()
    let sent = blaster.sent.load(ordering: .relaxed)
    return (received.packetsPerSecond, sent > 0 ? Double(received.packets) / Double(sent) : 0)
}

/// The highest offered rate delivered with at most 0.1 % loss (RFC 2544's throughput, with a
/// loss allowance for a shared 2-core machine): a flat-out trial gives the ceiling, then a binary
/// search between 0 and it.
func throughput(from namespace: String, _ source: String, _ sourcePort: UInt16, datagrams: [[UInt8]], to destinations: [IPv4Endpoint],
                sinkIn sinkNamespace: String, _ sinkAddress: String, _ sinkPort: UInt16) throws -> Double {
    func run(_ rate: Double?) throws -> (rate: Double, delivered: Double) {
        try trial(from: namespace, source, sourcePort, datagrams: datagrams, to: destinations,
                  sinkIn: sinkNamespace, sinkAddress, sinkPort, rate: rate)
    }
    let ceiling = try run(nil).rate
    var low = 0.0, high = ceiling * 1.5
    for _ in 0..<7 {
        let middle = (low + high) / 2
        if try run(middle).delivered >= 0.999 { low = middle } else { high = middle }
    }
    return low
}

struct Row {
    var direction: String
    var size: Int
    var ours: Double
    var relay: Double
    var tunRelay: Double
}

var rows: [Row] = []
for size in sizes {
    let uplink = (0..<64).map { gpdu(teid: 0x1000 + UInt32($0), udp(from: ueAddress($0), 4000, to: Topology.dnAddress, 9, size: size)) }
    let oursUp = try throughput(from: topology.enb, Topology.enbAddress, 40000, datagrams: uplink, to: [endpoint(Topology.sgwS1U, 2152)],
                             sinkIn: topology.dn, Topology.dnAddress, 9)
    let relayUp = try throughput(from: topology.enb, Topology.enbAddress, 40001, datagrams: uplink, to: [endpoint(Topology.sgwS1U, 2153)],
                              sinkIn: topology.dn, Topology.dnAddress, 9)
    let tunRelayUp = try throughput(from: topology.enb, Topology.enbAddress, 40002, datagrams: uplink, to: [endpoint(Topology.sgwS1U, 2155)],
                                    sinkIn: topology.dn, Topology.dnAddress, 9)
    rows.append(Row(direction: "uplink", size: size, ours: oursUp, relay: relayUp, tunRelay: tunRelayUp))

    let payload = [UInt8](repeating: 0x5A, count: size)
    let ues = (0..<64).map { endpoint(ueAddress($0), 5000) }
    let oursDown = try throughput(from: topology.dn, Topology.dnAddress, 10, datagrams: Array(repeating: payload, count: 64), to: ues,
                               sinkIn: topology.enb, Topology.enbAddress, 2152)
    let relayed = gpdu(teid: 0x4000, udp(from: Topology.dnAddress, 10, to: ueAddress(0), 5000, size: size))
    let relayDown = try throughput(from: topology.dn, Topology.dnAddress, 11, datagrams: Array(repeating: relayed, count: 64),
                                to: [endpoint(Topology.pgwSGi, 2154)], sinkIn: topology.enb, Topology.enbAddress, 2152)
    let tunRelayDown = try throughput(from: topology.dn, Topology.dnAddress, 12, datagrams: Array(repeating: payload, count: 64),
                                      to: (0..<64).map { endpoint("10.46.0.\($0 + 1)", 5000) }, sinkIn: topology.enb, Topology.enbAddress, 2152)
    rows.append(Row(direction: "downlink", size: size, ours: oursDown, relay: relayDown, tunRelay: tunRelayDown))
    // Bulk downlink as a data-network host's UDP GSO sends make it (a QUIC server, a TCP sender's
    // TSO alike): runs of 16 datagrams to one UE, 4 UEs. The kernel forwards each run whole into
    // the TUN device and the PGW cuts it; the TUN relay cannot cut runs, so it has no column here.
    let runs = (0..<64).map { endpoint(ueAddress($0 / 16), 5000) }
    let oursRuns = try throughput(from: topology.dn, Topology.dnAddress, 13, datagrams: Array(repeating: payload, count: 64), to: runs,
                                  sinkIn: topology.enb, Topology.enbAddress, 2152)
    rows.append(Row(direction: "downlink, runs of 16", size: size, ours: oursRuns, relay: relayDown, tunRelay: 0))
}

sgw.stop()
pgw.stop()
relays.forEach { $0.running.store(false, ordering: .relaxed) }
uplinkRelayToTun.running.store(false, ordering: .relaxed)
tunRelay.running.store(false, ordering: .relaxed)
usleep(300_000)

print("direction | UDP payload | SGW+PGW packets/s | Gbit/s (inner IP packets) | UDP relay packets/s | ÷ UDP relay | TUN relay packets/s | ÷ TUN relay")
print("---|---|---|---|---|---|---|---")
for row in rows {
    let gigabits = row.ours * Double(row.size + 28) * 8 / 1e9
    let tunRelay = row.tunRelay > 0 ? String(format: "%.0f | %.2f", row.tunRelay, row.ours / row.tunRelay) : "– | –"
    print(String(format: "%@ | %d B | %.0f | %.2f | %.0f | %.2f | ", row.direction, row.size, row.ours, gigabits, row.relay,
                 row.relay > 0 ? row.ours / row.relay : 0) + tunRelay)
}
print("SGW: \(sgw.statistics[.uplinkPackets]) up, \(sgw.statistics[.downlinkPackets]) down, dropped (send) \(sgw.statistics[.droppedSendFailed]); "
      + "PGW: \(pgw.statistics[.uplinkPackets]) up, \(pgw.statistics[.downlinkPackets]) down, no session \(pgw.statistics[.droppedNoSession])")
