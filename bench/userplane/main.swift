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
/// The PGW takes its downlink from a packet ring on its SGi veth and sends its uplink out of a
/// packet socket there, as the `pgw` does with `sgi.interface` set; `--sgi tun` leaves the
/// downlink to the TUN device alone (`sgi.packetRing: false`), `--transmit tun` the uplink
/// (`sgi.packetTransmit: false`).
///
/// Run: swift build -c release --product userplane-bench && sudo .build/release/userplane-bench [--seconds 2] [--sizes 64,1400]
///      [--sgi ring|tun] [--transmit socket|tun] [--rows uplink,interleaved,runs]

var chosenSeconds = 2.0
var sizes = [64, 1400]
var useRing = true
/// The PGW sends uplink packets out of its SGi veth on a packet socket (`--transmit socket`, as the
/// `pgw` does with `sgi.interface`) or leaves them all to the TUN device and the kernel's forwarding.
var useTransmit = true
/// Which rows to measure (for A/B runs of one path): uplink, interleaved, runs.
var chosenRows: Set<String> = ["uplink", "interleaved", "runs"]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--seconds": chosenSeconds = Double(arguments.next() ?? "") ?? chosenSeconds
    case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
    case "--sgi": useRing = arguments.next() != "tun"
    case "--transmit": useTransmit = arguments.next() != "tun"
    case "--rows": chosenRows = Set((arguments.next() ?? "").split(separator: ",").map(String.init))
    case "--interleaved-only": chosenRows = ["interleaved"]
    default: fatalError("unknown argument \(argument) (--seconds S, --sizes 64,1400, --sgi ring|tun, --transmit socket|tun, --rows uplink,interleaved,runs, --interleaved-only)")
    }
}
let seconds = chosenSeconds
guard geteuid() == 0 else { fatalError("userplane-bench needs root (network namespaces, TUN)") }

let topology = Topology()
topology.create()
defer { topology.destroy() }

func endpoint(_ address: String, _ port: UInt16) -> IPv4Endpoint { IPv4Endpoint(address, port: port)! }
let sessions = 1000
/// From 10.45.0.2: the pool's first address is the PGW's own, on the TUN device.
func ueAddress(_ index: Int) -> String { "10.45.\(index / 250).\(index % 250 + 2)" }

// The SGW and PGW forwarding loops, each on its namespace's addresses, port 2152, with 1,000 sessions.
let sgw = SGWDataPath(s1u: try topology.socket(topology.sgw, Topology.sgwS1U, 2152),
                      s5u: try topology.socket(topology.sgw, Topology.sgwS5U, 2152))
let ring = useRing ? try topology.ring() : nil
let pgwTun = try topology.tun()
let pgw = PGWDataPath(s5u: try topology.socket(topology.pgw, Topology.pgwS5U, 2152), tun: pgwTun, ring: ring,
                      transmit: useTransmit ? try topology.transmit() : nil)
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
// The UDP relay again, for traffic shaped as the interleaved downlink is: the data network sends
// to 64 addresses the PGW's namespace owns (10.47.0.0/24), one datagram each, so there are no GSO
// runs to one address; the relay takes them on port 2156 of any of them.
let interleavedRelay = Relay(from: try topology.socket(topology.pgw, "0.0.0.0", 2156), to: try topology.socket(topology.pgw, Topology.pgwS5U, 0),
                             destination: endpoint(Topology.sgwS5U, 2154))
interleavedRelay.start()
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

/// One path's traffic for a trial: sent from a namespace's socket to its destinations, counted
/// by a sink.
struct Path {
    var namespace: String, source: String, sourcePort: UInt16
    var datagrams: [[UInt8]]
    var destinations: [IPv4Endpoint]
    var sinkNamespace: String, sinkAddress: String, sinkPort: UInt16

    func trial(rate: Double?) throws -> (rate: Double, delivered: Double) {
        try userplane_bench.trial(from: namespace, source, sourcePort, datagrams: datagrams, to: destinations,
                                  sinkIn: sinkNamespace, sinkAddress, sinkPort, rate: rate)
    }
}

/// Each path's highest offered rate delivered with at most 0.1 % loss (RFC 2544's throughput,
/// with a loss allowance for a shared 2-core machine): a flat-out trial gives the ceiling, then a
/// binary search between 0 and it. The paths' searches go in lockstep — at each step one trial
/// of each in turn — so the load of a shared machine, which drifts over minutes, falls on the
/// path and its references alike and their ratio holds.
func throughputs(_ paths: [Path]) throws -> [Double] {
    var low = [Double](repeating: 0, count: paths.count), high = low
    for (index, path) in paths.enumerated() {
        let ceiling = try path.trial(rate: nil).rate
        FileHandle.standardError.write(Data("flat out from \(path.namespace) to \(path.destinations[0]) (\(path.destinations.count) addresses): \(Int(ceiling)) packets/s\n".utf8))
        high[index] = ceiling * 1.5
    }
    for _ in 0..<7 {
        for (index, path) in paths.enumerated() where high[index] > 0 {
            let middle = (low[index] + high[index]) / 2
            if try path.trial(rate: middle).delivered >= 0.999 { low[index] = middle } else { high[index] = middle }
        }
    }
    return low
}

struct Row {
    var direction: String
    var size: Int
    var ours: Double
    var relay: Double
    var tunRelay: Double
    /// The UDP relay fed as the interleaved downlink is (64 addresses), 0 where not measured.
    var interleavedRelay: Double = 0
}

var rows: [Row] = []
func uplinkRow(_ size: Int) throws -> Row {
    let uplink = (0..<64).map { gpdu(teid: 0x1000 + UInt32($0), udp(from: ueAddress($0), 4000, to: Topology.dnAddress, 9, size: size)) }
    func path(_ sourcePort: UInt16, to port: UInt16) -> Path {
        Path(namespace: topology.enb, source: Topology.enbAddress, sourcePort: sourcePort, datagrams: uplink,
             destinations: [endpoint(Topology.sgwS1U, port)], sinkNamespace: topology.dn, sinkAddress: Topology.dnAddress, sinkPort: 9)
    }
    let results = try throughputs([path(40000, to: 2152), path(40001, to: 2153), path(40002, to: 2155)])
    return Row(direction: "uplink", size: size, ours: results[0], relay: results[1], tunRelay: results[2])
}

/// The UDP relay's downlink datagram: what the PGW would send, ready made.
func relayedDownlink(_ size: Int) -> [[UInt8]] {
    Array(repeating: gpdu(teid: 0x4000, udp(from: Topology.dnAddress, 10, to: ueAddress(0), 5000, size: size)), count: 64)
}

/// Single datagrams interleaved over 64 UEs, against the UDP relay fed both ways (GSO runs to its
/// one address; single datagrams to 64 addresses) and the TUN relay.
func interleavedDownlinkRow(_ size: Int) throws -> Row {
    let payloads = Array(repeating: [UInt8](repeating: 0x5A, count: size), count: 64)
    let results = try throughputs([
        downlinkPath(10, payloads, to: (0..<64).map { endpoint(ueAddress($0), 5000) }),
        downlinkPath(11, relayedDownlink(size), to: [endpoint(Topology.pgwSGi, 2154)]),
        downlinkPath(14, relayedDownlink(size), to: (0..<64).map { endpoint("10.47.0.\($0 + 1)", 2156) }),
        downlinkPath(12, payloads, to: (0..<64).map { endpoint("10.46.0.\($0 + 1)", 5000) }),
    ])
    return Row(direction: "downlink (64 UEs interleaved)", size: size, ours: results[0], relay: results[1], tunRelay: results[3],
               interleavedRelay: results[2])
}

/// Downlink traffic from the data network's port `sourcePort`, counted at the eNB.
func downlinkPath(_ sourcePort: UInt16, _ datagrams: [[UInt8]], to destinations: [IPv4Endpoint]) -> Path {
    Path(namespace: topology.dn, source: Topology.dnAddress, sourcePort: sourcePort, datagrams: datagrams, destinations: destinations,
         sinkNamespace: topology.enb, sinkAddress: Topology.enbAddress, sinkPort: 2152)
}

/// Bulk downlink as a data-network host's UDP GSO sends make it (a QUIC server, a TCP sender's TSO
/// alike): runs of 16 datagrams to one UE, 4 UEs. The PGW takes a run whole (from the ring when it
/// fits the MTU, else from the TUN device, which the kernel forwarded it into) and cuts it; the TUN
/// relay cannot cut runs, so it has no column here.
func runsRow(_ size: Int) throws -> Row {
    let payloads = Array(repeating: [UInt8](repeating: 0x5A, count: size), count: 64)
    let results = try throughputs([downlinkPath(13, payloads, to: (0..<64).map { endpoint(ueAddress($0 / 16), 5000) }),
                                   downlinkPath(11, relayedDownlink(size), to: [endpoint(Topology.pgwSGi, 2154)])])
    return Row(direction: "downlink, runs of 16", size: size, ours: results[0], relay: results[1], tunRelay: 0)
}

for size in sizes {
    if chosenRows.contains("uplink") { rows.append(try uplinkRow(size)) }
    if chosenRows.contains("interleaved") { rows.append(try interleavedDownlinkRow(size)) }
    if chosenRows.contains("runs") { rows.append(try runsRow(size)) }
}

sgw.stop()
pgw.stop()
relays.forEach { $0.running.store(false, ordering: .relaxed) }
interleavedRelay.running.store(false, ordering: .relaxed)
uplinkRelayToTun.running.store(false, ordering: .relaxed)
tunRelay.running.store(false, ordering: .relaxed)
usleep(300_000)

print("SGi downlink: \(useRing ? "packet ring on the SGi veth, TUN device for the rest" : "TUN device only"); "
      + "uplink: \(useTransmit ? "packet socket on the SGi veth, TUN device for the rest" : "TUN device only")")
print("direction | UDP payload | SGW+PGW packets/s | Gbit/s (inner IP packets) | UDP relay packets/s | ÷ UDP relay | "
      + "UDP relay, 64 addresses | ÷ that | TUN relay packets/s | ÷ TUN relay")
print("---|---|---|---|---|---|---|---|---|---")
func ratio(_ ours: Double, _ reference: Double) -> String {
    reference > 0 ? String(format: "%.0f | %.2f", reference, ours / reference) : "– | –"
}
for row in rows {
    let gigabits = row.ours * Double(row.size + 28) * 8 / 1e9
    print(String(format: "%@ | %d B | %.0f | %.2f | ", row.direction, row.size, row.ours, gigabits)
          + [ratio(row.ours, row.relay), ratio(row.ours, row.interleavedRelay), ratio(row.ours, row.tunRelay)].joined(separator: " | "))
}
print("SGW: \(sgw.statistics[.uplinkPackets]) up, \(sgw.statistics[.downlinkPackets]) down, dropped (send) \(sgw.statistics[.droppedSendFailed]); "
      + "PGW: \(pgw.statistics[.uplinkPackets]) up, \(pgw.statistics[.downlinkPackets]) down, no session \(pgw.statistics[.droppedNoSession]), "
      + "from the ring \(pgw.statistics[.sgiRingTaken]), ring full \(pgw.statistics[.droppedRingFull]), "
      + "runs cut \(pgw.statistics[.sgiRunsCut]), sent on the SGi packet socket \(pgw.statistics[.sgiTransmitted]), malformed \(pgw.statistics[.droppedMalformed])")
