/// What to do when a peer completes the capabilities exchange while another connection to the
/// same Origin-Host is already open (RFC 6733 5.6.4 and the R-Reject / Elect rows of 5.6).
public enum PeerAdmission: Hashable, Sendable {
    case accept
    /// Keep the new connection and disconnect the existing one (the election winner keeps the
    /// connection it accepted and drops the one it initiated).
    case acceptReplacingExisting
    case refuse

    /// - Parameters:
    ///   - existing: the role of the open connection to the same peer, nil when there is none.
    ///   - new: the role of the connection asking to be admitted.
    public static func decide(existing: PeerStateMachine.Role?, new: PeerStateMachine.Role,
                              localHost: String, peerHost: String) -> PeerAdmission {
        guard let existing else { return .accept }
        // Two connections of the same kind to one peer are a restarted or confused peer: the open
        // one stays, as R-Reject in R-Open / I-Open does.
        guard existing != new else { return .refuse }
        // One we initiated and one we accepted: the election decides which survives.
        let localWins = CapabilitiesExchange.localWinsElection(localHost: localHost, peerHost: peerHost)
        let keepResponder = localWins
        return (new == .responder) == keepResponder ? .acceptReplacingExisting : .refuse
    }
}
