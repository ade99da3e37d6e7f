@testable import MMEKit
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// Thousands of mutated S1AP PDUs and NAS messages from one eNB, through the MME's real state:
/// nothing traps, and a UE on another eNB goes on as if nothing happened (its security context
/// did not move, and it still gets service).
@Suite struct MutationTests {
    /// SplitMix64: a reproducible stream of random numbers.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    /// Flips bits, overwrites, inserts, deletes or truncates.
    static func mutate(_ seed: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = seed
        for _ in 0...random.below(3) {
            let at = random.below(bytes.count)
            switch random.below(6) {
            case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1 << random.below(8))
            case 1 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: min(at, bytes.count))
            case 3 where !bytes.isEmpty: bytes.remove(at: at)
            case 4: bytes = Array(bytes.prefix(at))
            default: bytes += (0..<random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return bytes
    }

    @Test func mutatedS1APAndNASLeaveOtherUEsAlone() throws {
        var network = TestNetwork()
        var victimENB = network.connectENB(tac: 1)
        var victim = TestNetwork.subscriber()
        try network.attach(&victim, enb: &victimENB)

        // The corpus: everything a second UE and its eNB send in attach, release, service
        // request, PDN connectivity and detach.
        var fuzzENB = network.connectENB(tac: 2, macroID: 0x19B77)
        var other = network.secondSubscriber()
        let start = network.traffic.count
        try network.attach(&other, enb: &fuzzENB)
        try network.connectPDN(&other, enb: &fuzzENB, apn: "ims")
        try network.goIdle(&other, enb: fuzzENB)
        try network.serviceRequest(&other, enb: &fuzzENB)
        network.sendUplink(other.protect(DetachTests.detachRequest(switchOff: true)), ue: other, enb: fuzzENB)
        let seeds: [(stream: UInt16, bytes: [UInt8])] = network.traffic[start...].compactMap { entry in
            guard case .s1ap(let association, let stream, true, let bytes) = entry, association == fuzzENB.association else { return nil }
            return (stream, Array(bytes.readableBytesView))
        }
        let nasSeeds: [[UInt8]] = seeds.compactMap { seed in
            guard let message = try? S1APMessage.decode(bytes: seed.bytes) else { return nil }
            return message.nasPDUs.first?.pdu
        }
        #expect(seeds.count >= 12 && nasSeeds.count >= 6, "\(seeds.count) S1AP seeds, \(nasSeeds.count) NAS seeds")
        let before = try #require(network.ueContext(victim))

        var random = Random(state: 0x1D_2024)
        let rounds = 10_000
        var connections: [UInt32] = []
        for round in 0..<rounds {
            if round % 200 == 0 {
                connections = network.mme.context.ues.values.compactMap { $0.connection?.mmeUES1APID }.sorted()
            }
            let seed = seeds[random.below(seeds.count)]
            network.deliver(.s1ap(fuzzENB.association, stream: seed.stream, ByteBuffer(bytes: Self.mutate(seed.bytes, &random))))
            // The NAS layer gets its own mutations inside well-formed S1AP.
            let nas = Self.mutate(nasSeeds[random.below(nasSeeds.count)], &random)
            var carrier = TestNetwork.subscriber("001010000000002")
            carrier.mmeUES1APID = connections.randomElement(using: &random)
            carrier.enbUES1APID = UInt32(round % 50)
            let message = round % 2 == 0 ? fuzzENB.initialUEMessage(carrier, nas: nas) : fuzzENB.uplinkNASTransport(carrier, nas: nas)
            network.send(message, from: fuzzENB)
            if round % 1000 == 999 { network.inbox[fuzzENB.association] = [] }
        }
        network.inbox[fuzzENB.association] = []

        // The victim's context did not move: same connection, same COUNTs.
        let after = try #require(network.ueContext(victim))
        #expect(after.connection == before.connection)
        #expect(after.security?.lastReceivedCount == before.security?.lastReceivedCount)
        #expect(after.security?.sendCount == before.security?.sendCount)
        #expect(after.pdnConnections == before.pdnConnections)
        #expect(network.pending(on: victimENB).isEmpty, "nothing was sent to the victim's eNB")
        #expect(network.mme.statistics.malformed["s1ap", default: 0] > 1000)
        #expect(network.mme.statistics.malformed["nas", default: 0] > 100)

        // And it still gets service: a PDN connection, idle, service request, detach.
        try network.connectPDN(&victim, enb: &victimENB, apn: "ims")
        try network.goIdle(&victim, enb: victimENB)
        try network.serviceRequest(&victim, enb: &victimENB)
        network.sendUplink(victim.protect(DetachTests.detachRequest(switchOff: false)), ue: victim, enb: victimENB)
        guard case .emm(.detachAccept) = try network.downlinkNAS(&victim, enb: victimENB) else {
            Issue.record("the victim's detach was not accepted")
            return
        }
    }
}

extension MutationTests.Random: RandomNumberGenerator {}
