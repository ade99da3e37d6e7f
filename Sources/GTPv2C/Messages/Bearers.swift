import Wire

/// Create Bearer Request (TS 29.274 7.2.3): PGW → SGW → MME, a dedicated bearer (e.g. QCI 1 for
/// VoLTE media) with its TFT and QoS.
public struct CreateBearerRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.createBearerRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var pti: UInt8? { get { message[.pti()] } set { message[.pti()] = newValue } }
    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Create Bearer Response (TS 29.274 7.2.4).
public struct CreateBearerResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.createBearerResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var ueTimeZone: UETimeZone? { get { message[.ueTimeZone()] } set { message[.ueTimeZone()] = newValue } }
    public var userLocation: UserLocationInformation? { get { message[.uli()] } set { message[.uli()] = newValue } }
}

/// Update Bearer Request (TS 29.274 7.2.15): new QoS or TFT for existing bearers.
public struct UpdateBearerRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.updateBearerRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var pti: UInt8? { get { message[.pti()] } set { message[.pti()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var apnAMBR: AMBR? { get { message[.ambr()] } set { message[.ambr()] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Update Bearer Response (TS 29.274 7.2.16).
public struct UpdateBearerResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.updateBearerResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
}

/// Delete Bearer Request (TS 29.274 7.2.9.2): removes dedicated bearers (EBIs with instance 1) or,
/// with a linked EBI, the whole PDN connection.
public struct DeleteBearerRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.deleteBearerRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var linkedEBI: UInt8? { get { message[.ebi(0)] } set { message[.ebi(0)] = newValue } }
    /// The EPS Bearer IDs to delete (the EBI IE with instance 1 repeats, one per bearer).
    public var epsBearerIDs: [UInt8] {
        get { message.all(GTPv2IEKey(.ebi, instance: 1)).compactMap { if case .ebi(let v) = $0.value { v } else { nil } } }
        set {
            let key = GTPv2IEKey(.ebi, instance: 1)
            message.remove(key)
            message.ies.append(contentsOf: newValue.map { GTPv2IE(.ebi($0), instance: 1) })
        }
    }
    public var pti: UInt8? { get { message[.pti()] } set { message[.pti()] = newValue } }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
    public var cause: GTPv2Cause? { get { message[.cause()] } set { message[.cause()] = newValue } }
}

/// Delete Bearer Response (TS 29.274 7.2.10.2).
public struct DeleteBearerResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.deleteBearerResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var linkedEBI: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var pco: ProtocolConfigurationOptions? { get { message[.pco()] } set { message[.pco()] = newValue } }
}
