import GatewayKit
import GTPv2C
import Wire

/// What the SGW asks its I/O layer to do, in order.
public typealias SGWAction = GatewayAction<SGWUserPlaneRule, Never>

/// What the SGW's user plane does with one bearer's packets.
///
/// Uplink: G-PDUs arriving on `s1uTEID` go to the PGW's S5/S8-U F-TEID. Downlink: G-PDUs
/// arriving on `s5uTEID` go as `downlink` says.
public struct SGWBearerForwarding: Sendable, Hashable {
    public enum Downlink: Sendable, Hashable {
        /// To the eNB's S1-U F-TEID.
        case forward(FTEID)
        /// Kept (the UE is idle); the first packet is reported with `.downlinkDataArrived`.
        case buffer
        /// No eNB yet (a session being set up): dropped.
        case drop
    }

    /// The SGW's S1-U TEID: uplink from the eNB arrives on it.
    public var s1uTEID: UInt32
    /// The SGW's S5/S8-U TEID: downlink from the PGW arrives on it.
    public var s5uTEID: UInt32
    /// The PGW's S5/S8-U F-TEID: where uplink goes.
    public var pgw: FTEID
    public var downlink: Downlink

    public init(s1uTEID: UInt32, s5uTEID: UInt32, pgw: FTEID, downlink: Downlink) {
        self.s1uTEID = s1uTEID
        self.s5uTEID = s5uTEID
        self.pgw = pgw
        self.downlink = downlink
    }
}

/// User-plane rule changes, one bearer at a time.
public enum SGWUserPlaneRule: Sendable, Hashable {
    /// A new bearer: start forwarding both ways.
    case install(SGWBearerForwarding)
    /// A bearer's forwarding changed (eNB F-TEID, idle buffering on or off).
    case modify(SGWBearerForwarding)
    /// The bearer is gone: drop its TEIDs and anything buffered for it.
    case remove(s1uTEID: UInt32, s5uTEID: UInt32)
    /// Send a GTP-U End Marker to the old eNB on its F-TEID (path switch, TS 23.401 5.5.1.1.2),
    /// before any downlink goes to the new one.
    case endMarker(FTEID)
    /// Send the packets buffered for this bearer to its eNB (the UE is connected again).
    case deliverBuffered(s5uTEID: UInt32)
    /// Drop the packets buffered for this bearer (paging failed).
    case discardBuffered(s5uTEID: UInt32)
}
