import Wire

/// Downlink Data Notification (TS 29.274 7.2.11): SGW → MME, downlink data arrived for an idle UE.
public struct DownlinkDataNotification: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.downlinkDataNotification
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var cause: GTPv2Cause? { get { message[.cause()] } set { message[.cause()] = newValue } }
    public var ebi: UInt8? { get { message[.ebi()] } set { message[.ebi()] = newValue } }
    public var arp: AllocationRetentionPriority? { get { message[.arp()] } set { message[.arp()] = newValue } }
    public var imsi: IMSI? { get { message[.imsi()] } set { message[.imsi()] = newValue } }
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
    public var indication: Indication? { get { message[.indication()] } set { message[.indication()] = newValue } }
}

/// Downlink Data Notification Acknowledge (TS 29.274 7.2.11.2).
public struct DownlinkDataNotificationAcknowledge: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.downlinkDataNotificationAcknowledge
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    /// Delay before the next notification, in multiples of 50 ms.
    public var dataNotificationDelay: UInt8? { get { message[.delayValue()] } set { message[.delayValue()] = newValue } }
    public var imsi: IMSI? { get { message[.imsi()] } set { message[.imsi()] = newValue } }
}

/// Downlink Data Notification Failure Indication (TS 29.274 7.2.11.3): paging failed.
public struct DownlinkDataNotificationFailureIndication: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.downlinkDataNotificationFailureIndication
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var originatingNode: NodeType? { get { message[.nodeType()] } set { message[.nodeType()] = newValue } }
    public var imsi: IMSI? { get { message[.imsi()] } set { message[.imsi()] = newValue } }
}

/// Modify Bearer Command (TS 29.274 7.2.17.1): MME → SGW → PGW after an HSS-initiated QoS change.
public struct ModifyBearerCommand: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.modifyBearerCommand
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var apnAMBR: AMBR? { get { message[.ambr()] } set { message[.ambr()] = newValue } }
    public var bearerContext: BearerContext? {
        get { message[bearerContexts: 0].first }
        set { message[bearerContexts: 0] = newValue.map { [$0] } ?? [] }
    }
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
}

/// Modify Bearer Failure Indication (TS 29.274 7.2.18.1).
public struct ModifyBearerFailureIndication: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.modifyBearerFailureIndication
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }
}

/// Delete Bearer Command (TS 29.274 7.2.17.2): the MME asks the PGW to delete dedicated bearers.
public struct DeleteBearerCommand: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.deleteBearerCommand
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
    public var userLocation: UserLocationInformation? { get { message[.uli()] } set { message[.uli()] = newValue } }
    public var ueTimeZone: UETimeZone? { get { message[.ueTimeZone()] } set { message[.ueTimeZone()] = newValue } }
    public var senderFTEID: FTEID? { get { message[.fteid(0)] } set { message[.fteid(0)] = newValue } }
}

/// Delete Bearer Failure Indication (TS 29.274 7.2.18.2).
public struct DeleteBearerFailureIndication: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.deleteBearerFailureIndication
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var bearerContexts: [BearerContext] {
        get { message[bearerContexts: 0] }
        set { message[bearerContexts: 0] = newValue }
    }
}
