// TS 29.214 5.3 (Rx specific AVPs, Table 5.3.1). Codes 500 to 527 carry the M bit; later ones have it clear.
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let abortCause = AVPDefinition(
        "Abort-Cause", code: 500, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "BEARER_RELEASED", 1: "INSUFFICIENT_SERVER_RESOURCES", 2: "INSUFFICIENT_BEARER_RESOURCES",
            3: "PS_TO_CS_HANDOVER", 4: "SPONSORED_DATA_CONNECTIVITY_DISALLOWED",
        ])
    public static let accessNetworkChargingAddress = AVPDefinition(
        "Access-Network-Charging-Address", code: 501, vendor: tgpp, type: .address)
    public static let accessNetworkChargingIdentifier = AVPDefinition(
        "Access-Network-Charging-Identifier", code: 502, vendor: tgpp, type: .grouped)
    public static let accessNetworkChargingIdentifierValue = AVPDefinition(
        "Access-Network-Charging-Identifier-Value", code: 503, vendor: tgpp, type: .octetString)
    public static let afApplicationIdentifier = AVPDefinition(
        "AF-Application-Identifier", code: 504, vendor: tgpp, type: .octetString)
    public static let afChargingIdentifier = AVPDefinition(
        "AF-Charging-Identifier", code: 505, vendor: tgpp, type: .octetString)
    public static let authorizationToken = AVPDefinition(
        "Authorization-Token", code: 506, vendor: tgpp, type: .octetString)
    public static let flowDescription = AVPDefinition("Flow-Description", code: 507, vendor: tgpp, type: .ipFilterRule)
    public static let flowGrouping = AVPDefinition("Flow-Grouping", code: 508, vendor: tgpp, type: .grouped)
    public static let flowNumber = AVPDefinition("Flow-Number", code: 509, vendor: tgpp, type: .unsigned32)
    public static let flows = AVPDefinition("Flows", code: 510, vendor: tgpp, type: .grouped)
    public static let flowStatus = AVPDefinition(
        "Flow-Status", code: 511, vendor: tgpp, type: .enumerated,
        enumeration: [0: "ENABLED-UPLINK", 1: "ENABLED-DOWNLINK", 2: "ENABLED", 3: "DISABLED", 4: "REMOVED"])
    public static let flowUsage = AVPDefinition(
        "Flow-Usage", code: 512, vendor: tgpp, type: .enumerated,
        enumeration: [0: "NO_INFORMATION", 1: "RTCP", 2: "AF_SIGNALLING"])
    public static let specificAction = AVPDefinition(
        "Specific-Action", code: 513, vendor: tgpp, type: .enumerated,
        enumeration: [
            1: "CHARGING_CORRELATION_EXCHANGE", 2: "INDICATION_OF_LOSS_OF_BEARER",
            3: "INDICATION_OF_RECOVERY_OF_BEARER", 4: "INDICATION_OF_RELEASE_OF_BEARER", 6: "IP-CAN_CHANGE",
            7: "INDICATION_OF_OUT_OF_CREDIT", 8: "INDICATION_OF_SUCCESSFUL_RESOURCES_ALLOCATION",
            9: "INDICATION_OF_FAILED_RESOURCES_ALLOCATION", 10: "INDICATION_OF_LIMITED_PCC_DEPLOYMENT",
            11: "USAGE_REPORT", 12: "ACCESS_NETWORK_INFO_REPORT",
            13: "INDICATION_OF_RECOVERY_FROM_LIMITED_PCC_DEPLOYMENT",
            14: "INDICATION_OF_ACCESS_NETWORK_INFO_REPORTING_FAILURE", 15: "INDICATION_OF_TRANSFER_POLICY_EXPIRED",
            16: "PLMN_CHANGE",
        ])
    public static let maxRequestedBandwidthDL = AVPDefinition(
        "Max-Requested-Bandwidth-DL", code: 515, vendor: tgpp, type: .unsigned32)
    public static let maxRequestedBandwidthUL = AVPDefinition(
        "Max-Requested-Bandwidth-UL", code: 516, vendor: tgpp, type: .unsigned32)
    public static let mediaComponentDescription = AVPDefinition(
        "Media-Component-Description", code: 517, vendor: tgpp, type: .grouped)
    public static let mediaComponentNumber = AVPDefinition(
        "Media-Component-Number", code: 518, vendor: tgpp, type: .unsigned32)
    public static let mediaSubComponent = AVPDefinition("Media-Sub-Component", code: 519, vendor: tgpp, type: .grouped)
    // OTHER is 0xFFFFFFFF on the wire: -1 as the Int32 an Enumerated holds.
    public static let mediaType = AVPDefinition(
        "Media-Type", code: 520, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "AUDIO", 1: "VIDEO", 2: "DATA", 3: "APPLICATION", 4: "CONTROL", 5: "TEXT", 6: "MESSAGE", -1: "OTHER",
        ])
    public static let rrBandwidth = AVPDefinition("RR-Bandwidth", code: 521, vendor: tgpp, type: .unsigned32)
    public static let rsBandwidth = AVPDefinition("RS-Bandwidth", code: 522, vendor: tgpp, type: .unsigned32)
    public static let sipForkingIndication = AVPDefinition(
        "SIP-Forking-Indication", code: 523, vendor: tgpp, type: .enumerated,
        enumeration: [0: "SINGLE_DIALOGUE", 1: "SEVERAL_DIALOGUES"])
    public static let codecData = AVPDefinition("Codec-Data", code: 524, vendor: tgpp, type: .octetString)
    public static let serviceURN = AVPDefinition("Service-URN", code: 525, vendor: tgpp, type: .octetString)
    public static let acceptableServiceInfo = AVPDefinition(
        "Acceptable-Service-Info", code: 526, vendor: tgpp, type: .grouped)
    public static let serviceInfoStatus = AVPDefinition(
        "Service-Info-Status", code: 527, vendor: tgpp, type: .enumerated,
        enumeration: [0: "FINAL_SERVICE_INFORMATION", 1: "PRELIMINARY_SERVICE_INFORMATION"])
    public static let mpsIdentifier = AVPDefinition(
        "MPS-Identifier", code: 528, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let afSignallingProtocol = AVPDefinition(
        "AF-Signalling-Protocol", code: 529, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NO_INFORMATION", 1: "SIP"])
    public static let sponsoredConnectivityData = AVPDefinition(
        "Sponsored-Connectivity-Data", code: 530, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let sponsorIdentity = AVPDefinition(
        "Sponsor-Identity", code: 531, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let applicationServiceProviderIdentity = AVPDefinition(
        "Application-Service-Provider-Identity", code: 532, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let rxRequestType = AVPDefinition(
        "Rx-Request-Type", code: 533, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "INITIAL_REQUEST", 1: "UPDATE_REQUEST", 2: "PCSCF_RESTORATION"])
    public static let minRequestedBandwidthDL = AVPDefinition(
        "Min-Requested-Bandwidth-DL", code: 534, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let minRequestedBandwidthUL = AVPDefinition(
        "Min-Requested-Bandwidth-UL", code: 535, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let requiredAccessInfo = AVPDefinition(
        "Required-Access-Info", code: 536, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "USER_LOCATION", 1: "MS_TIME_ZONE"])
    public static let ipDomainId = AVPDefinition(
        "IP-Domain-Id", code: 537, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let gcsIdentifier = AVPDefinition(
        "GCS-Identifier", code: 538, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let sharingKeyDL = AVPDefinition(
        "Sharing-Key-DL", code: 539, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let sharingKeyUL = AVPDefinition(
        "Sharing-Key-UL", code: 540, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let retryInterval = AVPDefinition(
        "Retry-Interval", code: 541, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let sponsoringAction = AVPDefinition(
        "Sponsoring-Action", code: 542, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "DISABLE_SPONSORING", 1: "ENABLE_SPONSORING"])
    public static let maxSupportedBandwidthDL = AVPDefinition(
        "Max-Supported-Bandwidth-DL", code: 543, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let maxSupportedBandwidthUL = AVPDefinition(
        "Max-Supported-Bandwidth-UL", code: 544, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let minDesiredBandwidthDL = AVPDefinition(
        "Min-Desired-Bandwidth-DL", code: 545, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let minDesiredBandwidthUL = AVPDefinition(
        "Min-Desired-Bandwidth-UL", code: 546, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let mcpttIdentifier = AVPDefinition(
        "MCPTT-Identifier", code: 547, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let serviceAuthorizationInfo = AVPDefinition(
        "Service-Authorization-Info", code: 548, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let mediaComponentStatus = AVPDefinition(
        "Media-Component-Status", code: 549, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let prioritySharingIndicator = AVPDefinition(
        "Priority-Sharing-Indicator", code: 550, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "PRIORITY_SHARING_ENABLED", 1: "PRIORITY_SHARING_DISABLED"])
    public static let afRequestedData = AVPDefinition(
        "AF-Requested-Data", code: 551, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let contentVersion = AVPDefinition(
        "Content-Version", code: 552, vendor: tgpp, type: .unsigned64, mandatory: .mustNot)
    public static let preEmptionControlInfo = AVPDefinition(
        "Pre-emption-Control-Info", code: 553, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMaxRequestedBWDL = AVPDefinition(
        "Extended-Max-Requested-BW-DL", code: 554, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMaxRequestedBWUL = AVPDefinition(
        "Extended-Max-Requested-BW-UL", code: 555, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMaxSupportedBWDL = AVPDefinition(
        "Extended-Max-Supported-BW-DL", code: 556, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMaxSupportedBWUL = AVPDefinition(
        "Extended-Max-Supported-BW-UL", code: 557, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMinDesiredBWDL = AVPDefinition(
        "Extended-Min-Desired-BW-DL", code: 558, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMinDesiredBWUL = AVPDefinition(
        "Extended-Min-Desired-BW-UL", code: 559, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMinRequestedBWDL = AVPDefinition(
        "Extended-Min-Requested-BW-DL", code: 560, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedMinRequestedBWUL = AVPDefinition(
        "Extended-Min-Requested-BW-UL", code: 561, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let mcVideoIdentifier = AVPDefinition(
        "MCVideo-Identifier", code: 562, vendor: tgpp, type: .octetString, mandatory: .mustNot)

    /// Every definition above, in table order.
    static let rxAVPs: [AVPDefinition] = [
        .abortCause, .accessNetworkChargingAddress, .accessNetworkChargingIdentifier,
        .accessNetworkChargingIdentifierValue, .afApplicationIdentifier, .afChargingIdentifier, .authorizationToken,
        .flowDescription, .flowGrouping, .flowNumber, .flows, .flowStatus, .flowUsage, .specificAction,
        .maxRequestedBandwidthDL, .maxRequestedBandwidthUL, .mediaComponentDescription, .mediaComponentNumber,
        .mediaSubComponent, .mediaType, .rrBandwidth, .rsBandwidth, .sipForkingIndication, .codecData, .serviceURN,
        .acceptableServiceInfo, .serviceInfoStatus, .mpsIdentifier, .afSignallingProtocol, .sponsoredConnectivityData,
        .sponsorIdentity, .applicationServiceProviderIdentity, .rxRequestType, .minRequestedBandwidthDL,
        .minRequestedBandwidthUL, .requiredAccessInfo, .ipDomainId, .gcsIdentifier, .sharingKeyDL, .sharingKeyUL,
        .retryInterval, .sponsoringAction, .maxSupportedBandwidthDL, .maxSupportedBandwidthUL, .minDesiredBandwidthDL,
        .minDesiredBandwidthUL, .mcpttIdentifier, .serviceAuthorizationInfo, .mediaComponentStatus,
        .prioritySharingIndicator, .afRequestedData, .contentVersion, .preEmptionControlInfo, .extendedMaxRequestedBWDL,
        .extendedMaxRequestedBWUL, .extendedMaxSupportedBWDL, .extendedMaxSupportedBWUL, .extendedMinDesiredBWDL,
        .extendedMinDesiredBWUL, .extendedMinRequestedBWDL, .extendedMinRequestedBWUL, .mcVideoIdentifier,
    ]
}
