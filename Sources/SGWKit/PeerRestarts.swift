import GTPv2C
import GatewayKit
import Wire

/// Peer restarts seen in the Recovery IE (TS 23.007 18): a peer whose restart counter changed
/// lost every session it had, so what the SGW keeps for them is cleaned up.
extension SGW {
    mutating func noteRecovery(_ counter: UInt8, of peer: IPAddress) {
        if context.peerRestarts.isFull(for: peer) { context.peerRestarts.evict(keeping: Set(peers.map(\.address))) }
        guard context.peerRestarts.note(counter, of: peer) else { return }
        context.statistics.peerRestarts += 1
        log(.warning, "GTPv2-C peer \(peer) restarted (restart counter now \(counter))")
        pgwRestarted(peer, counter: counter)
        mmeRestarted(peer, counter: counter)
    }

    /// The PDN connections on a restarted PGW are gone there: each goes here too, and the MME
    /// is asked to delete it with "reactivation requested" so the UE reconnects (TS 23.007 18.2).
    private mutating func pgwRestarted(_ address: IPAddress, counter: UInt8) {
        for s11 in context.sessions.keys.sorted() {
            guard var session = context.sessions[s11] else { continue }
            let lost = session.pdnConnections.values.filter { pdn in
                pdn.established && pdn.pgw.address == address && pdn.pgwRecovery != nil && pdn.pgwRecovery != counter
            }.map(\.linkedEBI).sorted()
            guard !lost.isEmpty else { continue }
            for linked in lost {
                removePDN(linked, from: &session)
                request(SGWBuild.deleteBearerRequest(mmeTEID: session.mmeControl.teid, linkedEBI: linked,
                                                     sequence: nextSequence(), cause: .reactivationRequested),
                        to: session.mme, purpose: .localDeleteBearer)
            }
            store(session)
        }
    }

    /// The sessions of a restarted MME are gone there: each goes here, and its PDN connections
    /// are deleted at their PGWs (nobody waits for those answers).
    private mutating func mmeRestarted(_ address: IPAddress, counter: UInt8) {
        for s11 in context.sessions.keys.sorted() {
            guard let session = context.sessions[s11], session.mme.address == address,
                  session.mmeRecovery != nil, session.mmeRecovery != counter else { continue }
            dropSession(s11, reason: "its MME restarted")
        }
    }

    /// Forgets a session the MME no longer has, deleting its PDN connections at their PGWs.
    mutating func dropSession(_ s11TEID: UInt32, reason: String) {
        guard var session = context.sessions[s11TEID] else { return }
        for linked in session.pdnConnections.keys.sorted() {
            guard let pdn = session.pdnConnections[linked] else { continue }
            if pdn.established, let pgwControl = pdn.pgwControl {
                request(SGWBuild.deleteSessionRequest(pgwTEID: pgwControl.teid, linkedEBI: linked, sequence: nextSequence()),
                        to: pdn.pgw, purpose: .deleteSession(s11TEID: s11TEID, linkedEBI: linked, mmeSequence: nil))
            }
            removePDN(linked, from: &session)
        }
        store(session)
        log(.info, "session dropped: \(reason)", imsi: session.imsi)
    }
}
