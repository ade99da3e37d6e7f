import SGWKit
import UserPlane
import Wire

/// The SGW's user-plane actions as the forwarding loops' rule changes (docs/architecture.md,
/// "Wiring to the user plane").
enum UserPlaneRules {
    /// GTP-U peers listen on 2152 (TS 29.281 4.4.2.3); F-TEIDs carry no port.
    static let gtpuPort: UInt16 = 2152

    /// The change for `rule`; nil when there is nothing to change (`deliverBuffered`: the loop
    /// delivers a bearer's buffer itself when the bearer gets its eNB end back) or when an F-TEID
    /// has no IPv4 address, which the loops cannot reach (`unreachable` names it).
    static func change(for rule: SGWUserPlaneRule) -> Result<SGWRuleChange, Unreachable>? {
        switch rule {
        case .install(let forwarding), .modify(let forwarding):
            guard let pgw = tunnel(forwarding.pgw) else { return .failure(Unreachable(fteid: forwarding.pgw)) }
            var enb: TunnelEndpoint?
            if case .forward(let fteid) = forwarding.downlink {
                guard let end = tunnel(fteid) else { return .failure(Unreachable(fteid: fteid)) }
                enb = end
            }
            // `.buffer` and `.drop` both leave the eNB end out: the loop keeps downlink (bounded)
            // until there is one, which is what a bearer being set up needs too.
            return .success(.install(SGWBearerRule(s1uTEID: forwarding.s1uTEID, s5uTEID: forwarding.s5uTEID, pgw: pgw, enb: enb)))
        case .remove(let s1uTEID, let s5uTEID):
            return .success(.remove(s1uTEID: s1uTEID, s5uTEID: s5uTEID))
        case .endMarker(let fteid):
            guard let old = tunnel(fteid) else { return .failure(Unreachable(fteid: fteid)) }
            return .success(.endMarker(old))
        case .deliverBuffered:
            return nil
        case .discardBuffered(let s5uTEID):
            return .success(.discardBuffered(s5uTEID: s5uTEID))
        }
    }

    static func tunnel(_ fteid: FTEID) -> TunnelEndpoint? {
        guard let address = fteid.ipv4 else { return nil }
        return TunnelEndpoint(address: IPv4Endpoint(address: address.value, port: gtpuPort), teid: fteid.teid)
    }

    struct Unreachable: Error, CustomStringConvertible {
        var fteid: FTEID
        var description: String { "F-TEID \(fteid) has no IPv4 address: the user plane cannot reach it" }
    }
}
