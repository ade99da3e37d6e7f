import Wire

/// Create Session Request (TS 29.274 7.2.1): MME → SGW on S11, SGW → PGW on S5/S8.
public struct CreateSessionRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.createSessionRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var imsi: IMSI? { get { message[.imsi()] } set { message[.imsi()] = newValue } }
    public var msisdn: MSISDN? { get { message[.msisdn()] } set { message[.msisdn()] = newValue } }
    public var mei: IMEI? { get { message[.mei()] } set { message[.mei()] = newValue } }
    public var userLocation: UserLocationInformation? { get { message[.uli()] } set { message[.uli()] = newValue } }
    public var servingNetwork: PLMN? { get { message[.servingNetwork()] } set { message[.servingNetwork()] = newValue } }
    public var ratType: RATType? { get { message[.ratType()] } set { message[.ratType()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
    /// The sender's control-plane F-TEID (S11 MME or S5/S8 SGW).
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
    /// On S11: the PGW the SGW should use for this PDN connection.
    public var pgwS5S8Address: FTEID? { get { message[.fteid(1)] } set { message[.fteid(1)] = newValue } }
    public var apn: APN? { get { message[.apn()] } set { message[.apn()] = newValue } }
    public var selectionMode: SelectionMode? { get { message[.selectionMode()] } set { message[.selectionMode()] = newValue } }
    public var pdnType: PDNType? { get { message[.pdnType()] } set { message[.pdnType()] = newValue } }
    public var paa: PDNAddressAllocation? { get { message[.paa()] } set { message[.paa()] = newValue } }
    public var maximumAPNRestriction: UInt8? { get { message[.apnRestriction()] } set { message[.apnRestriction()] = newValue } }
    public var apnAMBR: AMBR? { get { message[.ambr()] } set { message[.ambr()] = newValue } }
    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var bearerContextsToBeCreated: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var bearerContextsToBeRemoved: [BearerContext] {
        get { message[bearerContexts: 1] }
        set { message[bearerContexts: 1] = newValue }
    }
    public var recovery: UInt8? { get { message[.recovery()] } set { message[.recovery()] = newValue } }
    public var mmeFQCSID: FQCSID? { get { message[.fqCSID(0)] } set { message[.fqCSID(0)] = newValue } }
    public var sgwFQCSID: FQCSID? { get { message[.fqCSID(1)] } set { message[.fqCSID(1)] = newValue } }
    public var ueTimeZone: UETimeZone? { get { message[.ueTimeZone()] } set { message[.ueTimeZone()] = newValue } }
    public var chargingCharacteristics: UInt16? {
        get { message[.chargingCharacteristics()] }
        set { message[.chargingCharacteristics()] = newValue }
    }
}

/// Create Session Response (TS 29.274 7.2.2).
public struct CreateSessionResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.createSessionResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
    /// On S11: the PGW's S5/S8 control-plane F-TEID, which the MME keeps for handovers.
    public var pgwS5S8FTEID: FTEID? { get { message[.fteid(1)] } set { message[.fteid(1)] = newValue } }
    public var paa: PDNAddressAllocation? { get { message[.paa()] } set { message[.paa()] = newValue } }
    public var apnRestriction: UInt8? { get { message[.apnRestriction()] } set { message[.apnRestriction()] = newValue } }
    public var apnAMBR: AMBR? { get { message[.ambr()] } set { message[.ambr()] = newValue } }
    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var bearerContextsCreated: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var bearerContextsMarkedForRemoval: [BearerContext] {
        get { message[bearerContexts: 1] }
        set { message[bearerContexts: 1] = newValue }
    }
    public var pgwFQCSID: FQCSID? { get { message[.fqCSID(0)] } set { message[.fqCSID(0)] = newValue } }
    public var sgwFQCSID: FQCSID? { get { message[.fqCSID(1)] } set { message[.fqCSID(1)] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// F-TEID instances inside the Bearer Contexts of Create Session Request/Response.
public enum CreateSessionBearerFTEID {
    /// In the request: the SGW's S5/S8-U F-TEID (SGW → PGW).
    public static let requestS5S8SGW: UInt8 = 2
    /// In the request: the PGW's S5/S8-U F-TEID (on S11, for handover cases).
    public static let requestS5S8PGW: UInt8 = 3
    /// In the response: the SGW's S1-U F-TEID for the eNB.
    public static let responseS1USGW: UInt8 = 0
    /// In the response: the PGW's S5/S8-U F-TEID.
    public static let responseS5S8PGW: UInt8 = 2
}
