import GTPv2C
import Wire

extension CreateSessionRequest {
    /// An initial Create Session Request for an IPv4 PDN connection to the APN `internet` with
    /// default bearer EBI 5 (QCI 9), as the process tests' MME or SGW sends it: `sender` is its
    /// S11 or S5/S8-C F-TEID, `pgw` the PGW it proposes, `s5u` an SGW's S5/S8-U F-TEID for the bearer.
    public static func initial(sequence: UInt32, imsi: String, sender: FTEID, pgw: FTEID? = nil, s5u: FTEID? = nil,
                               apnAMBR: AMBR, recovery: UInt8) -> GTPv2Message {
        var request = CreateSessionRequest(teid: 0, sequenceNumber: sequence)
        request.imsi = IMSI(imsi)
        request.servingNetwork = PLMN(mcc: "001", mnc: "01")
        request.ratType = .eutran
        request.senderFTEID = sender
        request.pgwS5S8Address = pgw
        request.apn = APN("internet")
        request.selectionMode = .msOrNetworkProvidedSubscriptionVerified
        request.pdnType = .ipv4
        request.paa = PDNAddressAllocation(ipv4: IPv4Address(0))
        request.apnAMBR = apnAMBR
        var bearer = BearerContext()
        bearer.ebi = 5
        bearer.bearerQoS = BearerQoS(qci: 9, arp: AllocationRetentionPriority(priorityLevel: 8, mayPreempt: false, preemptable: true))
        if let s5u { bearer.setFTEID(s5u, instance: CreateSessionBearerFTEID.requestS5S8SGW) }
        request.bearerContextsToBeCreated = [bearer]
        request.recovery = recovery
        return request.message
    }
}
