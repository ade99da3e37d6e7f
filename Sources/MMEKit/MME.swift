import Diameter
import GTPv2C
import Logging
import NAS
import NIOCore
import S1AP
import Wire

/// The MME: a value that takes one event at a time and returns what to do about it.
///
/// No sockets, no clocks, no randomness of its own: the I/O layer feeds it S1AP PDUs, Diameter
/// and GTPv2-C messages and timer expiries, and performs the actions it returns (send, arm or
/// disarm a timer, log). Everything it knows is in `context`.
public struct MME: Sendable {
    public internal(set) var context: MMEContext
    var sgwSelection: any SGWSelectionPolicy
    /// The actions of the event being handled, returned and cleared by `handle(_:)`.
    var actions: [MMEAction] = []

    /// - Parameters:
    ///   - recoveryCounter: the restart counter to announce on S11, which the executable keeps
    ///     across restarts and increments on each (TS 23.007 18).
    ///   - instanceSeed: a random number per start; M-TMSIs and Diameter identifiers derive from it.
    public init(settings: MMESettings, recoveryCounter: UInt8, instanceSeed: UInt32,
                sgwSelection: any SGWSelectionPolicy = RoundRobinSGWSelection()) {
        context = MMEContext(settings: settings, recoveryCounter: recoveryCounter, instanceSeed: instanceSeed)
        self.sgwSelection = sgwSelection
        actions.reserveCapacity(8)
    }

    public init(configuration: MMEConfiguration, recoveryCounter: UInt8, instanceSeed: UInt32,
                sgwSelection: any SGWSelectionPolicy = RoundRobinSGWSelection()) throws(MMEConfigurationError) {
        self.init(settings: try configuration.resolved(), recoveryCounter: recoveryCounter, instanceSeed: instanceSeed,
                  sgwSelection: sgwSelection)
    }

    public var settings: MMESettings { context.settings }
    public var statistics: MMEStatistics { context.statistics }

    /// Handles one event and returns the actions it calls for, in order.
    public mutating func handle(_ event: MMEEvent) -> [MMEAction] {
        switch event {
        case .s1apAssociationUp(let association, let streams):
            associationUp(association, outboundStreams: streams)
        case .s1apAssociationDown(let association):
            associationDown(association)
        case .s1ap(let association, let stream, let bytes):
            receiveS1AP(bytes, association: association, stream: stream)
        case .diameterBytes(let bytes):
            receiveDiameter(bytes)
        case .diameter(let message):
            receiveDiameter(message)
        case .gtp(let bytes, let peer):
            receiveGTP(bytes, from: peer)
        case .timerExpired(let timer):
            timerExpired(timer)
        case .sgwCandidates(let candidates):
            context.sgwCandidates = candidates
        case .pgwCandidates(let candidates):
            context.pgwCandidates = candidates
        case .detach(let imsi, let reattachRequired):
            detachSubscriber(imsi, reattachRequired: reattachRequired)
        }
        let result = actions
        actions.removeAll(keepingCapacity: true)
        return result
    }

    // MARK: actions

    mutating func log(_ level: Logger.Level, _ message: @autoclosure () -> String, imsi: IMSI? = nil) {
        actions.append(.log(MMELogEvent(level, message(), imsi: imsi?.digits)))
    }

    mutating func send(_ message: S1APMessage, to association: ENBAssociationID, stream: UInt16 = 0) {
        actions.append(.sendS1AP(association, stream: stream, message))
    }

    /// Sends a UE-associated S1AP message on the UE's connection; nothing when it has none.
    mutating func send(_ message: S1APMessage, to ue: UEContext) {
        guard let connection = ue.connection else { return }
        actions.append(.sendS1AP(connection.association, stream: connection.stream, message))
    }

    /// Arms a timer with a fresh generation and returns its id.
    mutating func startTimer(_ kind: MMETimerID.Kind, owner: UInt32, after duration: Duration) -> MMETimerID {
        let timer = MMETimerID(kind: kind, owner: owner, generation: context.identifiers.nextGeneration())
        actions.append(.startTimer(timer, after: duration))
        return timer
    }

    mutating func stopTimer(_ timer: MMETimerID?) {
        if let timer { actions.append(.stopTimer(timer)) }
    }

    // MARK: UE contexts

    /// Runs `body` on a UE context taken out of the table, and puts it back after (or drops it
    /// when `body` released it): handlers change one UE in place without copying it.
    mutating func withUE(_ id: UEID, _ body: (inout MME, inout UEContext) -> Void) {
        guard var ue = context.ues.removeValue(forKey: id) else { return }
        body(&self, &ue)
        putBack(ue)
    }

    /// Stores a context a handler held, or forgets it when the handler discarded it.
    mutating func putBack(_ ue: UEContext) {
        if context.releasedUEs.remove(ue.id) != nil {
            unindex(ue)
        } else {
            context.ues[ue.id] = ue
        }
    }

    /// A new UE context with no identity yet.
    mutating func makeUE() -> UEContext {
        let id = context.identifiers.nextUE()
        let teid = context.identifiers.nextTEID()
        context.uesByS11TEID[teid] = id
        return UEContext(id: id, mmeS11TEID: teid)
    }

    /// Forgets a UE context once the running handler is done with it.
    mutating func discard(_ ue: inout UEContext) {
        stopTimer(ue.nasRetransmission?.timer)
        stopTimer(ue.paging?.timer)
        ue.nasRetransmission = nil
        ue.paging = nil
        context.releasedUEs.insert(ue.id)
    }

    private mutating func unindex(_ ue: UEContext) {
        if let imsi = ue.imsi, context.uesByIMSI[imsi] == ue.id { context.uesByIMSI[imsi] = nil }
        if let tmsi = ue.guti?.mTMSI, context.uesByMTMSI[tmsi] == ue.id { context.uesByMTMSI[tmsi] = nil }
        if let connection = ue.connection { unindexConnection(connection, of: ue.id) }
        if context.uesByS11TEID[ue.mmeS11TEID] == ue.id { context.uesByS11TEID[ue.mmeS11TEID] = nil }
        for (hopByHop, request) in context.diameterRequests where request.ue == ue.id {
            stopTimer(request.timer)
            context.diameterRequests[hopByHop] = nil
        }
    }

    /// Makes `ue` the one context of its IMSI, once the IMSI is proven (authentication): another
    /// context for the same subscriber is detached locally.
    mutating func claimIMSI(_ ue: inout UEContext) {
        guard let imsi = ue.imsi else { return }
        if let other = context.uesByIMSI[imsi], other != ue.id {
            withUE(other) { mme, old in mme.detachLocally(&old, reason: "replaced by a new attach") }
        }
        context.uesByIMSI[imsi] = ue.id
    }

    /// Gives the UE a new GUTI from this MME's GUMMEI.
    mutating func allocateGUTI(_ ue: inout UEContext) {
        if let old = ue.guti?.mTMSI, context.uesByMTMSI[old] == ue.id { context.uesByMTMSI[old] = nil }
        let tmsi = context.identifiers.nextMTMSI()
        ue.guti = GUTI(plmn: settings.plmns[0], mmeGroupID: settings.mmeGroupID, mmeCode: settings.mmeCode, mTMSI: tmsi)
        context.uesByMTMSI[tmsi] = ue.id
    }

    /// Binds a new UE-associated logical S1 connection to `ue`, releasing one it still had. A
    /// context the eNB had under the same eNB-UE-S1AP-ID lost its connection (TS 36.413 10.6).
    mutating func connect(_ ue: inout UEContext, association: ENBAssociationID, enbUES1APID: ENBUES1APID,
                          tai: TAI?, ecgi: ECGI?) {
        if ue.connection != nil { dropConnection(&ue, cause: .nas(.unspecified)) }
        let key = ENBConnectionKey(association: association, enbUES1APID: enbUES1APID)
        if let stale = context.uesByENBUES1APID[key], stale != ue.id {
            withUE(stale) { mme, old in mme.connectionLost(&old) }
        }
        let id = context.identifiers.nextMMEUES1APID()
        let stream = context.enbs[association]?.stream(for: id) ?? 0
        ue.connection = S1Connection(association: association, stream: stream, enbUES1APID: enbUES1APID,
                                     mmeUES1APID: id, tai: tai, ecgi: ecgi)
        if let tai { ue.tai = tai }
        if let ecgi { ue.ecgi = ecgi }
        context.uesByMMEUES1APID[id] = ue.id
        context.uesByENBUES1APID[key] = ue.id
    }

    /// Tells the eNB to release the UE's connection and forgets it at once (for a connection
    /// replaced by a newer one: its Release Complete will find nothing, which is fine).
    mutating func dropConnection(_ ue: inout UEContext, cause: Cause) {
        guard let connection = ue.connection else { return }
        send(S1APBuild.ueContextReleaseCommand(connection, cause: cause), to: connection.association, stream: connection.stream)
        forgetConnection(&ue)
    }

    /// The UE has no S1 connection any more.
    mutating func forgetConnection(_ ue: inout UEContext) {
        guard let connection = ue.connection else { return }
        unindexConnection(connection, of: ue.id)
        ue.connection = nil
    }

    private mutating func unindexConnection(_ connection: S1Connection, of id: UEID) {
        if context.uesByMMEUES1APID[connection.mmeUES1APID] == id { context.uesByMMEUES1APID[connection.mmeUES1APID] = nil }
        let key = ENBConnectionKey(association: connection.association, enbUES1APID: connection.enbUES1APID)
        if context.uesByENBUES1APID[key] == id { context.uesByENBUES1APID[key] = nil }
    }
}
