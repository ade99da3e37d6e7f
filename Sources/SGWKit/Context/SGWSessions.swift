import GTPv2C
import GatewayKit
import Wire

/// Keeping the session table and its indexes in step, and the user-plane rules with them.
extension SGW {
    /// The forwarding rule of a bearer as it stands.
    func forwarding(_ bearer: SGWBearer, idle: Bool) -> SGWBearerForwarding? {
        guard let pgw = bearer.pgw else { return nil }
        let downlink: SGWBearerForwarding.Downlink = idle ? .buffer : bearer.enb.map { .forward($0) } ?? .drop
        return SGWBearerForwarding(s1uTEID: bearer.s1uTEID, s5uTEID: bearer.s5uTEID, pgw: pgw, downlink: downlink)
    }

    /// Adds a bearer to a PDN connection of a session and indexes it.
    mutating func add(_ bearer: SGWBearer, to session: inout SGWSession, linkedEBI: UInt8) {
        session.pdnConnections[linkedEBI]?.bearers[bearer.ebi] = bearer
        context.bearersByS5UTEID[bearer.s5uTEID] = SGWBearerKey(s11TEID: session.s11TEID, linkedEBI: linkedEBI, ebi: bearer.ebi)
    }

    /// Forgets a bearer: its TEIDs, its index and (when it was installed) its user-plane rule.
    mutating func remove(bearer ebi: UInt8, from session: inout SGWSession, linkedEBI: UInt8) {
        guard let bearer = session.pdnConnections[linkedEBI]?.bearers.removeValue(forKey: ebi) else { return }
        context.bearersByS5UTEID[bearer.s5uTEID] = nil
        releaseTEID(bearer.s1uTEID)
        releaseTEID(bearer.s5uTEID)
        if bearer.pgw != nil { userPlane(.remove(s1uTEID: bearer.s1uTEID, s5uTEID: bearer.s5uTEID)) }
    }

    /// Forgets a PDN connection and its bearers.
    mutating func removePDN(_ linkedEBI: UInt8, from session: inout SGWSession) {
        guard let pdn = session.pdnConnections[linkedEBI] else { return }
        for ebi in pdn.bearers.keys.sorted() { remove(bearer: ebi, from: &session, linkedEBI: linkedEBI) }
        session.pdnConnections[linkedEBI] = nil
        context.pdnsByS5CTEID[pdn.s5cTEID] = nil
        releaseTEID(pdn.s5cTEID)
    }

    /// Stores a session after a handler changed it, or forgets it once it has no PDN connection.
    mutating func store(_ session: SGWSession) {
        if session.pdnConnections.isEmpty {
            context.sessions[session.s11TEID] = nil
            releaseTEID(session.s11TEID)
        } else {
            context.sessions[session.s11TEID] = session
        }
    }

    /// The session and PDN connection an S5/S8-C TEID names.
    func pdn(forS5C teid: UInt32?) -> (session: SGWSession, linkedEBI: UInt8)? {
        guard let teid, let (s11, ebi) = context.pdnsByS5CTEID[teid], let session = context.sessions[s11],
              session.pdnConnections[ebi] != nil else { return nil }
        return (session, ebi)
    }

    // MARK: PGW selection

    /// The PGW for a new PDN connection: the one the MME named when it is among the ready
    /// replicas for the APN (or when DNS gave none), else one of those replicas, the same for
    /// the same subscriber while the set stays the same (rendezvous hashing).
    func selectPGW(apn: APN, imsi: IMSI?, proposed: IPAddress?) -> IPAddress? {
        let candidates = context.pgwCandidates[apn.networkIdentifier.lowercased()] ?? context.defaultPGWCandidates
        guard !candidates.isEmpty else { return proposed }
        if let proposed, candidates.contains(proposed) { return proposed }
        let key = imsi?.digits ?? apn.name
        return candidates.max { weight($0, key) < weight($1, key) }
    }

    /// FNV-1a over the subscriber and the address: stable across processes, unlike `Hasher`.
    private func weight(_ address: IPAddress, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(key.utf8) + Array(address.description.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
