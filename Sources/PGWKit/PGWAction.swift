import Diameter
import GTPv2C
import GatewayKit
import Wire

/// What the PGW asks its I/O layer to do, in order.
public typealias PGWAction = GatewayAction<PGWUserPlaneRule, DiameterMessage>

/// User-plane rule changes, one UE session at a time: the user plane replaces what it had for
/// the UE's address with the rule it is given.
public enum PGWUserPlaneRule: Sendable, Hashable {
    /// Install or replace the session of a UE address.
    case install(PGWSessionRule)
    /// The session is gone: drop its address and TEIDs.
    case remove(ueAddress: IPv4Address)
}

/// How the PGW's user plane handles one UE: uplink G-PDUs arrive on a bearer's `s5uTEID` and
/// must come from `ueAddress` (others are dropped); downlink packets to `ueAddress` are matched
/// against the bearers' downlink packet filters (in the user plane, UserPlane's `DownlinkFilter`)
/// and go to that bearer's SGW F-TEID.
public struct PGWSessionRule: Sendable, Hashable {
    public var ueAddress: IPv4Address
    /// The UE's /64 for an IPv4v6 connection: downlink to any address in it is the UE's.
    public var ueIPv6Prefix: IPv6Address?
    public var apn: String
    /// The default bearer: it takes what no packet filter matches.
    public var defaultEBI: UInt8
    public var bearers: [PGWBearerForwarding]

    public init(ueAddress: IPv4Address, ueIPv6Prefix: IPv6Address? = nil, apn: String, defaultEBI: UInt8, bearers: [PGWBearerForwarding]) {
        self.ueAddress = ueAddress
        self.ueIPv6Prefix = ueIPv6Prefix
        self.apn = apn
        self.defaultEBI = defaultEBI
        self.bearers = bearers
    }
}

public struct PGWBearerForwarding: Sendable, Hashable {
    public var ebi: UInt8
    /// The PGW's S5/S8-U TEID: uplink arrives on it.
    public var s5uTEID: UInt32
    /// The SGW's S5/S8-U F-TEID: downlink goes to it.
    public var sgw: FTEID
    /// Empty for the default bearer.
    public var packetFilters: [PacketFilter]

    public init(ebi: UInt8, s5uTEID: UInt32, sgw: FTEID, packetFilters: [PacketFilter]) {
        self.ebi = ebi
        self.s5uTEID = s5uTEID
        self.sgw = sgw
        self.packetFilters = packetFilters
    }
}
