import Wire

/// Modify Bearer Request (TS 29.274 7.2.7): after attach, handover or service request, it gives
/// the SGW the eNB's S1-U F-TEID (instance 0 inside the bearer context).
public struct ModifyBearerRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.modifyBearerRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var mei: IMEI? { get { message[.mei()] } set { message[.mei()] = newValue } }
    public var userLocation: UserLocationInformation? { get { message[.uli()] } set { message[.uli()] = newValue } }
    public var servingNetwork: PLMN? { get { message[.servingNetwork()] } set { message[.servingNetwork()] = newValue } }
    public var ratType: RATType? { get { message[.ratType()] } set { message[.ratType()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
    public var apnAMBR: AMBR? { get { message[.ambr()] } set { message[.ambr()] = newValue } }
    public var delayDownlinkPacketNotification: UInt8? {
        get { message[.delayValue()] }
        set { message[.delayValue()] = newValue }
    }
    public var bearerContextsToBeModified: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var bearerContextsToBeRemoved: [BearerContext] {
        get { message[bearerContexts: 1] }
        set { message[bearerContexts: 1] = newValue }
    }
    public var recovery: UInt8? { get { message[.recovery()] } set { message[.recovery()] = newValue } }
    public var ueTimeZone: UETimeZone? { get { message[.ueTimeZone()] } set { message[.ueTimeZone()] = newValue } }
    public var mmeFQCSID: FQCSID? { get { message[.fqCSID(0)] } set { message[.fqCSID(0)] = newValue } }
}

/// Modify Bearer Response (TS 29.274 7.2.8).
public struct ModifyBearerResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.modifyBearerResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var msisdn: MSISDN? { get { message[.msisdn()] } set { message[.msisdn()] = newValue } }
    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var apnRestriction: UInt8? { get { message[.apnRestriction()] } set { message[.apnRestriction()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var bearerContextsModified: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var bearerContextsMarkedForRemoval: [BearerContext] {
        get { message[bearerContexts: 1] }
        set { message[bearerContexts: 1] = newValue }
    }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Delete Session Request (TS 29.274 7.2.9.1): tears down a PDN connection.
public struct DeleteSessionRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.deleteSessionRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var cause: GTPv2Cause? { get { message[.cause()] } set { message[.cause()] = newValue } }
    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var userLocation: UserLocationInformation? { get { message[.uli()] } set { message[.uli()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var originatingNode: NodeType? { get { message[.nodeType()] } set { message[.nodeType()] = newValue } }
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
    public var ueTimeZone: UETimeZone? { get { message[.ueTimeZone()] } set { message[.ueTimeZone()] = newValue } }
}

/// Delete Session Response (TS 29.274 7.2.10.1).
public struct DeleteSessionResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.deleteSessionResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Release Access Bearers Request (TS 29.274 7.2.21): the UE went idle; the SGW drops the S1-U
/// tunnels and buffers downlink data.
public struct ReleaseAccessBearersRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.releaseAccessBearersRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    /// When present, only these bearers are released (list of RABs, for S4-SGSN).
    public var ebi: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var originatingNode: NodeType? { get { message[.nodeType()] } set { message[.nodeType()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Release Access Bearers Response (TS 29.274 7.2.22).
public struct ReleaseAccessBearersResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.releaseAccessBearersResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }
}
