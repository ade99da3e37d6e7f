import Diameter
import DiameterPeer
import Foundation
import MobileCrypto
import NIOCore
import Synchronization
import Wire

/// AIR/AIA per second over TCP: `connections` MMEs (Diameter nodes of their own), each keeping
/// `inFlight` AIRs outstanding for random provisioned subscribers, one E-UTRAN vector each.
struct AIRRate {
    let hss: HSSUnderTest
    /// The indices (`ImportRate.imsi`) of the provisioned subscribers.
    let subscribers: ClosedRange<Int>
    let connections: Int
    let inFlight: Int

    struct Result {
        var answersPerSecond: Double
        var p50: Duration
        var p99: Duration
        var failures: Int
    }

    static let realm = "bench"
    static let plmn = AVP(.visitedPLMNId, octets: PLMN(mcc: "001", mnc: "01")!.encoded())

    static func air(_ identity: DiameterNodeIdentity, imsi: String, sequence: Int) -> DiameterMessage {
        DiameterMessage.request(.authenticationInformation, sessionID: "\(identity.originHost);1;\(sequence)", from: identity,
                                destinationRealm: realm,
                                avps: [AVP(.userName, imsi), AVP(.requestedEUTRANAuthenticationInfo, [AVP(.numberOfRequestedVectors, unsigned32: 1)]),
                                       plmn])
    }

    /// The first answer's vector must verify with Milenage, or the figures would mean nothing.
    static func check(_ aia: DiameterMessage) throws {
        guard aia.resultCode == 2001, let vector = aia[.authenticationInfo]?[.eutranVector],
              let rand = vector[.rand]?.value.octets.flatMap({ Key128(bytes: Array($0.readableBytesView)) }),
              let autn = vector[.autn]?.value.octets.flatMap({ AUTN(bytes: Array($0.readableBytesView)) }) else {
            throw BenchError("unexpected AIA: \(aia)")
        }
        let milenage = Milenage(k: Key128(hex: ImportRate.k)!, opc: Key128(hex: ImportRate.opc)!)
        _ = try milenage.respond(rand: rand, autn: autn, freshness: .any, highestAcceptedSQN: SQN(0)!)
    }

    /// What the workers measured: latencies of the answers inside the window, and failures.
    final class Samples: Sendable {
        let latencies = Mutex<[Duration]>([])
        let failures = Atomic<Int>(0)
    }

    /// Runs for `warmUp`, then measures for `duration`.
    func measure(warmUp: Duration, duration: Duration) async throws -> Result {
        var opened: [(DiameterNodeIdentity, DiameterConnection)] = []
        for index in 0..<connections {
            let identity = DiameterNodeIdentity(originHost: "mme\(index).bench", originRealm: Self.realm, originStateID: 1, applications: [.s6a])
            let node = DiameterNode(identity: identity, settings: DiameterPeerSettings(requestTimeout: .seconds(30)))
            let connection = try await node.connect(host: hss.host, port: hss.diameterPort)
            guard await node.waitForPeer(timeout: .seconds(10)) != nil else { throw BenchError("no CEA from the hss") }
            opened.append((identity, connection))
        }
        let links = opened
        try Self.check(try await links[0].1.request(Self.air(links[0].0, imsi: ImportRate.imsi(subscribers.lowerBound), sequence: 0)))

        let start = ContinuousClock.now
        let measuring = start + warmUp
        let end = measuring + duration
        let samples = Samples()
        let inFlight = self.inFlight
        let subscribers = self.subscribers
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, link) in links.enumerated() {
                for worker in 0..<inFlight {
                    group.addTask {
                        var sequence = (index * inFlight + worker) << 32
                        var mine: [Duration] = []
                        while ContinuousClock.now < end {
                            sequence += 1
                            let sent = ContinuousClock.now
                            let answer = try await link.1.request(Self.air(link.0, imsi: ImportRate.imsi(Int.random(in: subscribers)),
                                                                            sequence: sequence))
                            let received = ContinuousClock.now
                            guard received >= measuring, received <= end else { continue }
                            if answer.resultCode == 2001 { mine.append(received - sent) } else { samples.failures.add(1, ordering: .relaxed) }
                        }
                        samples.latencies.withLock { $0 += mine }
                    }
                }
            }
            try await group.waitForAll()
        }
        for link in links { await link.1.disconnect(cause: .rebooting) }
        let sorted = samples.latencies.withLock { $0 }.sorted()
        guard !sorted.isEmpty else { throw BenchError("no answers") }
        return Result(answersPerSecond: Double(sorted.count) / duration.seconds, p50: sorted[sorted.count / 2],
                      p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], failures: samples.failures.load(ordering: .relaxed))
    }
}
