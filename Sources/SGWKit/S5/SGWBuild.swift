import GTPv2C
import GatewayKit
import Wire

/// Messages the SGW builds from scratch (the relayed ones are the peer's message with a new header).
enum SGWBuild {
    /// Delete Session Request toward the PGW (TS 29.274 7.2.9.1), with what the MME's request
    /// said about the UE's location and its PCO.
    static func deleteSessionRequest(pgwTEID: UInt32, linkedEBI: UInt8, sequence: UInt32,
                                     from request: DeleteSessionRequest? = nil) -> GTPv2Message {
        var relay = DeleteSessionRequest(teid: pgwTEID, sequenceNumber: sequence)
        relay.linkedEBI = linkedEBI
        relay.userLocation = request?.userLocation
        relay.pco = request?.pco
        relay.ueTimeZone = request?.ueTimeZone
        return relay.message
    }

    /// Delete Bearer Request toward the MME for a whole PDN connection (TS 29.274 7.2.9.2).
    static func deleteBearerRequest(mmeTEID: UInt32, linkedEBI: UInt8, sequence: UInt32, cause: GTPv2CauseValue) -> GTPv2Message {
        var request = DeleteBearerRequest(teid: mmeTEID, sequenceNumber: sequence)
        request.linkedEBI = linkedEBI
        request.cause = GTPv2Cause(cause)
        return request.message
    }

    /// A peer's message under a new header: the relay of a request or of a response. The
    /// Recovery IE is the sender's restart counter, which is no business of the next peer.
    static func relay(_ message: GTPv2Message, teid: UInt32, sequence: UInt32) -> GTPv2Message {
        var copy = message
        copy.header = GTPv2Header(messageType: message.type, teid: teid, sequenceNumber: sequence)
        copy.remove(GTPv2IEKey(.recovery))
        return copy
    }
}
