import PGWKit
import UserPlane
import Wire

/// The PGW's user-plane actions as the forwarding loops' rule changes (docs/architecture.md,
/// "Wiring to the user plane").
enum UserPlaneRules {
    /// GTP-U peers listen on 2152 (TS 29.281 4.4.2.3); F-TEIDs carry no port.
    static let gtpuPort: UInt16 = 2152

    /// The change for `rule`, or the bearer whose SGW F-TEID has no IPv4 address (the loops
    /// cannot reach it). A bearer's TS 24.008 packet filters become the downlink filters the loop
    /// matches; an uplink-only or IPv6 filter is left out (it never classifies IPv4 downlink).
    static func change(for rule: PGWUserPlaneRule) -> Result<PGWRuleChange, Unreachable> {
        switch rule {
        case .install(let session):
            var bearers: [PGWBearerRule] = []
            for bearer in session.bearers {
                guard let address = bearer.sgw.ipv4 else { return .failure(Unreachable(fteid: bearer.sgw)) }
                bearers.append(PGWBearerRule(uplinkTEID: bearer.s5uTEID,
                                             sgw: TunnelEndpoint(address: IPv4Endpoint(address: address.value, port: gtpuPort), teid: bearer.sgw.teid),
                                             filters: bearer.packetFilters.compactMap(DownlinkFilter.init)))
            }
            return .success(.install(ueAddress: session.ueAddress.value, bearers: bearers))
        case .remove(let ueAddress):
            return .success(.remove(ueAddress: ueAddress.value))
        }
    }

    struct Unreachable: Error, CustomStringConvertible {
        var fteid: FTEID
        var description: String { "F-TEID \(fteid) has no IPv4 address: the user plane cannot reach it" }
    }
}
