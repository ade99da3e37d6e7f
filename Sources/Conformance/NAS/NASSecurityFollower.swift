import MobileCrypto
import NAS
import NIOCore
import Wire

/// Follows UEs through a capture the way their MME and USIM would: learns who each S1 connection
/// belongs to, runs Milenage on each authentication challenge with the subscribers' keys, takes the
/// context a SECURITY MODE COMMAND starts, and from then on verifies the MAC of every protected NAS
/// message and deciphers the ciphered ones, with NAS COUNTs estimated as a receiver does.
///
/// Without subscribers it still reads what needs no key: integrity-only messages, and ciphered
/// ones where the SECURITY MODE COMMAND selected EEA0.
struct NASSecurityFollower {
    let subscribers: [SubscriberKey]
    private(set) var counts = SecurityCounts()
    /// Why each MAC failed, since the last `takeProblems()`.
    private var problems: [String] = []
    private var connections: [UEConnectionKey: FollowedConnection] = [:]
    /// Each subscriber's contexts, oldest first; the last is the current one.
    private var contexts: [IMSI: [FollowedContext]] = [:]
    /// M-TMSI → subscriber, from the GUTIs the network assigned.
    private var tmsiOwners: [UInt32: IMSI] = [:]

    init(subscribers: [SubscriberKey]) { self.subscribers = subscribers }

    var followsSecurity: Bool { !subscribers.isEmpty }

    /// What a protected message's inner octets are, once the follower has looked at it.
    enum Opened {
        /// The plain message: integrity-only, deciphered, or ciphered with EEA0.
        case plain(ByteBuffer)
        /// Ciphered with an unknown algorithm (the SECURITY MODE COMMAND was not seen): plain if
        /// the algorithm was EEA0, which is worth a try.
        case maybePlain(ByteBuffer)
        /// Ciphered and no key to decipher it.
        case ciphered
    }

    // MARK: S1 connections

    /// An Initial UE Message starts a connection: what was known under its key before is gone.
    mutating func connectionStarted(_ key: UEConnectionKey, servingNetwork: PLMN?, mTMSI: UInt32?) {
        connections[key] = FollowedConnection(imsi: mTMSI.flatMap { tmsiOwners[$0] }, servingNetwork: servingNetwork)
    }

    mutating func servingNetworkReported(_ key: UEConnectionKey, _ plmn: PLMN?) {
        if let plmn { connections[key, default: FollowedConnection()].servingNetwork = plmn }
    }

    // MARK: protected messages

    mutating func open(_ envelope: ProtectedNAS, direction: NASDirection, on key: UEConnectionKey) -> Opened {
        var connection = connections[key, default: FollowedConnection()]
        defer { connections[key] = connection }
        if direction == .downlink, envelope.headerType == .integrityProtectedWithNewEPSSecurityContext {
            return startContext(envelope, connection: &connection)
        }
        let readable = readableWithoutKey(envelope, connection: connection)
        guard followsSecurity else { return readable }
        let candidates = candidateContexts(for: connection)
        guard !candidates.isEmpty else {
            counts.noKey += 1
            return readable
        }
        for (imsi, index) in candidates {
            var context = contexts[imsi]![index]
            guard let inner = try? context.unprotect(envelope, direction: direction) else { continue }
            contexts[imsi]![index] = context
            connection.imsi = imsi
            counts.verified += 1
            if envelope.headerType.isCiphered { counts.deciphered += 1 }
            return .plain(inner)
        }
        if let imsi = connection.imsi {
            macFailed("\(direction) \(envelope.headerType) sequence number \(envelope.sequenceNumber): "
                      + "no context of IMSI \(imsi) verifies it")
        } else {
            // Nothing tied the connection to a subscriber (an unknown GUTI, say) and no
            // subscriber's context verifies it: as for the MME, there is no key for this UE.
            counts.noKey += 1
        }
        return readable
    }

    mutating func takeProblems() -> [String] {
        defer { problems = [] }
        return problems
    }

    private mutating func macFailed(_ why: String) {
        counts.macFailed += 1
        problems.append(why)
    }

    mutating func verify(_ request: ServiceRequest, on key: UEConnectionKey) {
        guard followsSecurity else { return }
        let candidates = candidateContexts(for: connections[key] ?? FollowedConnection())
        guard !candidates.isEmpty else {
            counts.noKey += 1
            return
        }
        for (imsi, index) in candidates {
            var context = contexts[imsi]![index]
            guard (try? context.uplink.verify(request)) != nil else { continue }
            contexts[imsi]![index] = context
            connections[key, default: FollowedConnection()].imsi = imsi
            counts.verified += 1
            return
        }
        if let imsi = connections[key]?.imsi {
            macFailed("SERVICE REQUEST sequence number \(request.sequenceNumber): no context of IMSI \(imsi) verifies its short MAC")
        } else {
            counts.noKey += 1
        }
    }

    /// SECURITY MODE COMMAND (header type 3, never ciphered): the algorithms it selects, and with
    /// the KASME of this connection's authentication, the new context it starts.
    private mutating func startContext(_ envelope: ProtectedNAS, connection: inout FollowedConnection) -> Opened {
        guard case .emm(.securityModeCommand(let command))? = try? NASMessage.decode(envelope.inner, direction: .downlink) else {
            if followsSecurity { macFailed("header type 3 carries no SECURITY MODE COMMAND") }
            return .plain(envelope.inner)
        }
        connection.ciphering = command.selectedAlgorithms.ciphering
        guard followsSecurity else { return .plain(envelope.inner) }
        guard let pending = connection.pending, pending.keySetIdentifier == command.nasKeySetIdentifier.value,
              var context = FollowedContext(kasme: pending.kasme, keySetIdentifier: pending.keySetIdentifier,
                                            selected: command.selectedAlgorithms) else {
            counts.noKey += 1
            return .plain(envelope.inner)
        }
        do {
            _ = try context.unprotect(envelope, direction: .downlink)
        } catch {
            macFailed("SECURITY MODE COMMAND with the KASME of this connection's authentication: \(error)")
            return .plain(envelope.inner)
        }
        counts.verified += 1
        contexts[pending.imsi, default: []].append(context)
        connection.imsi = pending.imsi
        return .plain(envelope.inner)
    }

    /// The contexts a message on this connection may be protected with: the subscriber's, newest
    /// first; every subscriber's current one while the connection's owner is unknown (an attach
    /// or service request protected with a context from an earlier connection).
    private func candidateContexts(for connection: FollowedConnection) -> [(IMSI, Int)] {
        if let imsi = connection.imsi {
            return (contexts[imsi] ?? []).indices.reversed().map { (imsi, $0) }
        }
        return contexts.compactMap { imsi, list in list.isEmpty ? nil : (imsi, list.count - 1) }
    }

    private func readableWithoutKey(_ envelope: ProtectedNAS, connection: FollowedConnection) -> Opened {
        guard envelope.headerType.isCiphered else { return .plain(envelope.inner) }
        switch connection.ciphering?.algorithm {
        case .eea0?: return .plain(envelope.inner)
        case nil where connection.ciphering == nil: return .maybePlain(envelope.inner)
        default: return .ciphered
        }
    }

    // MARK: plain messages

    /// Learns from a message that could be read: identities, GUTIs, authentication challenges.
    mutating func observe(_ message: NASMessage, direction: NASDirection, on key: UEConnectionKey) {
        guard case .emm(let emm) = message else { return }
        var connection = connections[key, default: FollowedConnection()]
        defer { connections[key] = connection }
        switch emm {
        case .attachRequest(let request): identify(request.epsMobileIdentity, &connection)
        case .trackingAreaUpdateRequest(let request): identify(request.oldGUTI, &connection)
        case .identityResponse(let response): if let imsi = response.mobileIdentity.imsi { connection.imsi = imsi }
        case .extendedServiceRequest(let request):
            if let tmsi = request.mTMSI.tmsi, let owner = tmsiOwners[tmsi] { connection.imsi = owner }
        case .attachAccept(let accept): assign(accept.guti, connection)
        case .trackingAreaUpdateAccept(let accept): assign(accept.guti, connection)
        case .gutiReallocationCommand(let command): assign(command.guti, connection)
        case .authenticationRequest(let request): challenge(request, &connection)
        default: break
        }
    }

    private func identify(_ identity: EPSMobileIdentity, _ connection: inout FollowedConnection) {
        if let imsi = identity.imsi {
            connection.imsi = imsi
        } else if let guti = identity.guti, let owner = tmsiOwners[guti.mTMSI] {
            connection.imsi = owner
        }
    }

    private mutating func assign(_ identity: EPSMobileIdentity?, _ connection: FollowedConnection) {
        if let guti = identity?.guti, let imsi = connection.imsi { tmsiOwners[guti.mTMSI] = imsi }
    }

    /// Runs the challenge through each candidate subscriber's USIM: the one whose MAC-A checks out
    /// is the UE's, and its CK and IK with the serving network give KASME.
    private func challenge(_ request: AuthenticationRequest, _ connection: inout FollowedConnection) {
        guard followsSecurity, let rand = Key128(bytes: request.rand), let autn = AUTN(bytes: request.autn) else { return }
        let candidates = subscribers.filter { connection.imsi == nil || $0.imsi == connection.imsi }
        for subscriber in candidates {
            guard let response = try? subscriber.milenage.respond(rand: rand, autn: autn, freshness: .any,
                                                                  highestAcceptedSQN: SQN(0)!,
                                                                  requireEPSSeparationBit: false) else { continue }
            connection.imsi = subscriber.imsi
            if let network = connection.servingNetwork {
                connection.pending = (request.nasKeySetIdentifier.value, response.kasme(servingNetwork: network), subscriber.imsi)
            }
            return
        }
    }
}
