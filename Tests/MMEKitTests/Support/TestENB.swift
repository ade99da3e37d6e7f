import MMEKit
import S1AP
import Wire

/// An eNB double: one SCTP association, a tracking area, and builders for the S1AP messages an
/// eNB sends (TS 36.413).
struct TestENB {
    let association: ENBAssociationID
    let plmn: PLMN
    let tac: UInt16
    let macroID: UInt32
    /// The eNB's S1-U address, given to the SGW through the MME.
    let userPlane = IPv4Address(10, 0, 0, 2)
    var nextUEID: UInt32 = 100
    var nextTEID: UInt32 = 0x0E00_0000

    var tai: TAI { TAI(plmn: plmn, tac: tac) }
    var s1apTAI: S1APTAI { S1APTAI(tai) }
    var cell: EUTRANCGI { EUTRANCGI(plmnIdentity: PLMNIdentity(plmn), cellID: macroID << 8 | 1) }

    mutating func newUEID() -> UInt32 {
        nextUEID += 1
        return nextUEID
    }

    mutating func newTEID() -> UInt32 {
        nextTEID += 1
        return nextTEID
    }

    func s1SetupRequest(tacs: [UInt16]? = nil, plmn: PLMN? = nil) -> S1APMessage {
        var request = S1SetupRequest()
        request.globalENBID = GlobalENBID(plmnIdentity: PLMNIdentity(self.plmn), enbID: .macroENBID(macroID))
        request.enbName = "test-enb-\(macroID)"
        request.supportedTAs = (tacs ?? [tac]).map { SupportedTAsItem(tac: $0, broadcastPLMNs: [PLMNIdentity(plmn ?? self.plmn)]) }
        request.defaultPagingDRX = .v128
        return request.message
    }

    func initialUEMessage(_ ue: TestUE, nas: [UInt8], sTMSI: STMSI? = nil) -> S1APMessage {
        var message = InitialUEMessage()
        message.enbUES1APID = ue.enbUES1APID
        message.nasPDU = nas
        message.tai = s1apTAI
        message.eutranCGI = cell
        message.rrcEstablishmentCause = sTMSI == nil ? .moSignalling : .moData
        message.sTMSI = sTMSI
        return message.message
    }

    func uplinkNASTransport(_ ue: TestUE, nas: [UInt8]) -> S1APMessage {
        var message = S1AP.UplinkNASTransport()
        message.mmeUES1APID = ue.mmeUES1APID ?? 0
        message.enbUES1APID = ue.enbUES1APID
        message.nasPDU = nas
        message.eutranCGI = cell
        message.tai = s1apTAI
        return message.message
    }

    /// This eNB's S1-U address and a fresh TEID for each E-RAB asked for.
    mutating func userPlane(for erabs: [ERABID]) -> [(erab: ERABID, address: TransportLayerAddress, teid: UInt32)] {
        erabs.map { ($0, TransportLayerAddress(transportLayerAddress: .v4(userPlane)), newTEID()) }
    }

    /// Initial Context Setup Response setting up every E-RAB asked for, with this eNB's F-TEIDs.
    mutating func initialContextSetupResponse(_ ue: TestUE, to request: InitialContextSetupRequest) -> (S1APMessage, [UInt8: UInt32]) {
        let tunnels = userPlane(for: (request.erabsToBeSetup ?? []).map(\.erabID))
        var response = InitialContextSetupResponse()
        response.mmeUES1APID = ue.mmeUES1APID ?? 0
        response.enbUES1APID = ue.enbUES1APID
        response.erabsSetup = tunnels.map { ERABSetupItemCtxtSURes(erabID: $0.erab, transportLayerAddress: $0.address, gtpTEID: $0.teid) }
        return (response.message, Self.teids(tunnels))
    }

    mutating func erabSetupResponse(_ ue: TestUE, to request: ERABSetupRequest) -> (S1APMessage, [UInt8: UInt32]) {
        let tunnels = userPlane(for: (request.erabsToBeSetup ?? []).map(\.erabID))
        var response = ERABSetupResponse()
        response.mmeUES1APID = ue.mmeUES1APID ?? 0
        response.enbUES1APID = ue.enbUES1APID
        response.erabsSetup = tunnels.map { ERABSetupItemBearerSURes(erabID: $0.erab, transportLayerAddress: $0.address, gtpTEID: $0.teid) }
        return (response.message, Self.teids(tunnels))
    }

    static func teids(_ tunnels: [(erab: ERABID, address: TransportLayerAddress, teid: UInt32)]) -> [UInt8: UInt32] {
        Dictionary(uniqueKeysWithValues: tunnels.map { (UInt8($0.erab), $0.teid) })
    }

    func erabReleaseResponse(_ ue: TestUE, ebis: [UInt8]) -> S1APMessage {
        var response = ERABReleaseResponse()
        response.mmeUES1APID = ue.mmeUES1APID ?? 0
        response.enbUES1APID = ue.enbUES1APID
        response.erabsReleased = ebis.map { ERABReleaseItemBearerRelComp(erabID: ERABID($0)) }
        return response.message
    }

    func ueContextReleaseRequest(_ ue: TestUE, cause: Cause = .radioNetwork(.userInactivity)) -> S1APMessage {
        var request = UEContextReleaseRequest()
        request.mmeUES1APID = ue.mmeUES1APID ?? 0
        request.enbUES1APID = ue.enbUES1APID
        request.cause = cause
        return request.message
    }

    func ueContextReleaseComplete(mmeUES1APID: UInt32, enbUES1APID: UInt32) -> S1APMessage {
        var complete = UEContextReleaseComplete()
        complete.mmeUES1APID = mmeUES1APID
        complete.enbUES1APID = enbUES1APID
        return complete.message
    }
}
