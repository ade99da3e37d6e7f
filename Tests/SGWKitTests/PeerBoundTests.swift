import GTPv2C
import GatewayKit
import SGWKit
import Testing
import Wire

/// What the SGW keeps per GTPv2-C peer stays bounded however many addresses send to it: only the
/// peers with sessions or pending requests are sure to be kept.
@Suite struct PeerBoundTests {
    /// A sender the SGW has nothing to do with: one of 65,536 addresses in 10.9.0.0/16.
    private func stranger(_ n: Int) -> IPEndpoint {
        IPEndpoint(.v4(IPv4Address(10, 9, UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n))), 2123)
    }

    @Test func echoRequestsFromEveryAddressDoNotGrowThePeerState() throws {
        var sgw = SGWHarness()
        var mme = TestMME()
        var pgw = TestPGW()
        _ = try sgw.establish(mme: &mme, pgw: &pgw)
        let capacity = PeerTable<IPAddress, UInt8>.defaultCapacity
        for n in 0..<(capacity + 500) {
            let sent = try sgw.deliver(GTPCReplies.echoRequest(sequence: UInt32(n), recovery: 1), from: stranger(n))
            #expect(sent.map(\.message.type) == [.echoResponse], "every Echo Request is still answered")
        }
        #expect(sgw.sgw.context.peerRestarts.count <= capacity)
        #expect(sgw.sgw.context.peerRestarts[Net.mme.address] == mme.recovery, "a peer with sessions is kept")
        #expect(sgw.sgw.context.peerRestarts[Net.pgw.address] == pgw.recovery)
        #expect(sgw.sgw.peers == [Net.mme, Net.pgw])

        // The PGW's restart is still seen, however many strangers spoke since.
        let sent = try sgw.deliver(GTPCReplies.echoRequest(sequence: 1, recovery: pgw.recovery + 1), from: Net.pgw)
        #expect(sent.contains { $0.message.type == .deleteBearerRequest && $0.to == Net.mme })
        #expect(sgw.sgw.statistics.peerRestarts == 1)
    }

    @Test func aFullTableEvictsThePeersNotInUseAndKeepsTheOthers() {
        var table = PeerTable<Int, String>(capacity: 3)
        table.update("a", for: 1, inUse: { [] })
        table.update("b", for: 2, inUse: { [] })
        table.update("c", for: 3, inUse: { [] })
        #expect(table.update("c2", for: 3, inUse: { Issue.record("a known peer needs no room"); return [] }) == "c")
        table.update("d", for: 4, inUse: { [1] })
        #expect(table.count == 2)
        #expect(table[1] == "a" && table[4] == "d" && table[2] == nil && table[3] == nil)
    }

    @Test func aTableFullOfPeersInUseKeepsNoNewOne() {
        var table = PeerTable<Int, String>(capacity: 2)
        table.update("a", for: 1, inUse: { [] })
        table.update("b", for: 2, inUse: { [] })
        #expect(table.update("c", for: 3, inUse: { [1, 2] }) == nil)
        #expect(table.count == 2 && table[3] == nil)
        #expect(table.isFull(for: 3) && !table.isFull(for: 1))
    }
}
