import GTPv2C

extension DeleteBearerResponse {
    /// The answer of an SGW or MME that accepts every bearer a Delete Bearer Request names (or,
    /// naming none, its whole PDN connection by the linked EBI), to the peer's TEID `teid`.
    public static func accepting(_ request: GTPv2Message, teid: UInt32) -> GTPv2Message {
        let delete = DeleteBearerRequest(unchecked: request)
        var response = DeleteBearerResponse(teid: teid, sequenceNumber: request.header.sequenceNumber)
        response.cause = GTPv2Cause(.requestAccepted)
        if delete.epsBearerIDs.isEmpty {
            response.linkedEBI = delete.linkedEBI
        } else {
            response.bearerContexts = delete.epsBearerIDs.map { ebi in
                var context = BearerContext()
                context.ebi = ebi
                context.cause = GTPv2Cause(.requestAccepted)
                return context
            }
        }
        return response.message
    }
}
