import MobileCrypto
import NAS
import NIOCore
import Wire

/// A UE's S1 signalling connection as a capture shows it: the SCTP association (its two ends)
/// and the eNB-UE-S1AP-ID.
struct UEConnectionKey: Hashable {
    var association: Set<IPEndpoint>
    var enbUES1APID: UInt32
}

/// One EPS security context watched from both ends: the MME's copy verifies what goes uplink,
/// the UE's copy what comes downlink, each with its own NAS COUNT estimate.
struct FollowedContext {
    var uplink: NASSecurityContext
    var downlink: NASSecurityContext

    init?(kasme: Key256, keySetIdentifier: UInt8, selected: NASSecurityAlgorithms) {
        guard let uplink = NASSecurityContext(kasme: kasme, keySetIdentifier: keySetIdentifier, selected: selected, role: .network),
              let downlink = NASSecurityContext(kasme: kasme, keySetIdentifier: keySetIdentifier, selected: selected, role: .ue)
        else { return nil }
        self.uplink = uplink
        self.downlink = downlink
    }

    /// Verifies (and deciphers) a message travelling `direction`; the COUNT advances only on success.
    mutating func unprotect(_ envelope: ProtectedNAS, direction: NASDirection) throws(NASSecurityError) -> ByteBuffer {
        switch direction {
        case .uplink: try uplink.unprotect(envelope)
        case .downlink: try downlink.unprotect(envelope)
        }
    }
}


/// What the follower knows about one S1 connection.
struct FollowedConnection {
    /// The subscriber, once an identity, a GUTI, an authentication or a verified MAC told.
    var imsi: IMSI?
    /// The PLMN of the TAI the eNB reported: the serving network of KASME.
    var servingNetwork: PLMN?
    /// KASME from an authentication on this connection, waiting for its SECURITY MODE COMMAND.
    var pending: (keySetIdentifier: UInt8, kasme: Key256, imsi: IMSI)?
    /// The ciphering a SECURITY MODE COMMAND selected here, readable even without keys.
    var ciphering: CipheringAlgorithmID?
}
