// TS 29.272 7.3.1, codes 1400 to 1499 (S6a/S6d, S7a/S7d, S13/S13'), plus the AVPs of other specifications that
// S6a messages carry: MSISDN (TS 29.329 6.3.2), Served-Party-IP-Address (TS 32.299), GMLC-Address (TS 29.173).
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let subscriptionData = AVPDefinition("Subscription-Data", code: 1400, vendor: tgpp, type: .grouped)
    public static let terminalInformation = AVPDefinition(
        "Terminal-Information", code: 1401, vendor: tgpp, type: .grouped)
    public static let imei = AVPDefinition("IMEI", code: 1402, vendor: tgpp, type: .utf8String)
    public static let softwareVersion = AVPDefinition("Software-Version", code: 1403, vendor: tgpp, type: .utf8String)
    public static let qosSubscribed = AVPDefinition("QoS-Subscribed", code: 1404, vendor: tgpp, type: .octetString)
    public static let ulrFlags = AVPDefinition("ULR-Flags", code: 1405, vendor: tgpp, type: .unsigned32)
    public static let ulaFlags = AVPDefinition("ULA-Flags", code: 1406, vendor: tgpp, type: .unsigned32)
    public static let visitedPLMNId = AVPDefinition("Visited-PLMN-Id", code: 1407, vendor: tgpp, type: .octetString)
    public static let requestedEUTRANAuthenticationInfo = AVPDefinition(
        "Requested-EUTRAN-Authentication-Info", code: 1408, vendor: tgpp, type: .grouped)
    public static let requestedUTRANGERANAuthenticationInfo = AVPDefinition(
        "Requested-UTRAN-GERAN-Authentication-Info", code: 1409, vendor: tgpp, type: .grouped)
    public static let numberOfRequestedVectors = AVPDefinition(
        "Number-Of-Requested-Vectors", code: 1410, vendor: tgpp, type: .unsigned32)
    public static let reSynchronizationInfo = AVPDefinition(
        "Re-Synchronization-Info", code: 1411, vendor: tgpp, type: .octetString)
    public static let immediateResponsePreferred = AVPDefinition(
        "Immediate-Response-Preferred", code: 1412, vendor: tgpp, type: .unsigned32)
    public static let authenticationInfo = AVPDefinition(
        "Authentication-Info", code: 1413, vendor: tgpp, type: .grouped)
    public static let eutranVector = AVPDefinition("E-UTRAN-Vector", code: 1414, vendor: tgpp, type: .grouped)
    public static let utranVector = AVPDefinition("UTRAN-Vector", code: 1415, vendor: tgpp, type: .grouped)
    public static let geranVector = AVPDefinition("GERAN-Vector", code: 1416, vendor: tgpp, type: .grouped)
    public static let networkAccessMode = AVPDefinition(
        "Network-Access-Mode", code: 1417, vendor: tgpp, type: .enumerated,
        enumeration: [0: "PACKET_AND_CIRCUIT", 1: "Reserved", 2: "ONLY_PACKET"])
    public static let hplmnODB = AVPDefinition("HPLMN-ODB", code: 1418, vendor: tgpp, type: .unsigned32)
    public static let itemNumber = AVPDefinition("Item-Number", code: 1419, vendor: tgpp, type: .unsigned32)
    public static let cancellationType = AVPDefinition(
        "Cancellation-Type", code: 1420, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "MME_UPDATE_PROCEDURE", 1: "SGSN_UPDATE_PROCEDURE", 2: "SUBSCRIPTION_WITHDRAWAL",
            3: "UPDATE_PROCEDURE_IWF", 4: "INITIAL_ATTACH_PROCEDURE",
        ])
    public static let dsrFlags = AVPDefinition("DSR-Flags", code: 1421, vendor: tgpp, type: .unsigned32)
    public static let dsaFlags = AVPDefinition("DSA-Flags", code: 1422, vendor: tgpp, type: .unsigned32)
    public static let contextIdentifier = AVPDefinition(
        "Context-Identifier", code: 1423, vendor: tgpp, type: .unsigned32)
    public static let subscriberStatus = AVPDefinition(
        "Subscriber-Status", code: 1424, vendor: tgpp, type: .enumerated,
        enumeration: [0: "SERVICE_GRANTED", 1: "OPERATOR_DETERMINED_BARRING"])
    public static let operatorDeterminedBarring = AVPDefinition(
        "Operator-Determined-Barring", code: 1425, vendor: tgpp, type: .unsigned32)
    public static let accessRestrictionData = AVPDefinition(
        "Access-Restriction-Data", code: 1426, vendor: tgpp, type: .unsigned32)
    public static let apnOIReplacement = AVPDefinition(
        "APN-OI-Replacement", code: 1427, vendor: tgpp, type: .utf8String)
    public static let allAPNConfigurationsIncludedIndicator = AVPDefinition(
        "All-APN-Configurations-Included-Indicator", code: 1428, vendor: tgpp, type: .enumerated,
        enumeration: [0: "All_APN_CONFIGURATIONS_INCLUDED", 1: "MODIFIED_ADDED_APN_CONFIGURATIONS_INCLUDED"])
    public static let apnConfigurationProfile = AVPDefinition(
        "APN-Configuration-Profile", code: 1429, vendor: tgpp, type: .grouped)
    public static let apnConfiguration = AVPDefinition("APN-Configuration", code: 1430, vendor: tgpp, type: .grouped)
    public static let epsSubscribedQoSProfile = AVPDefinition(
        "EPS-Subscribed-QoS-Profile", code: 1431, vendor: tgpp, type: .grouped)
    public static let vplmnDynamicAddressAllowed = AVPDefinition(
        "VPLMN-Dynamic-Address-Allowed", code: 1432, vendor: tgpp, type: .enumerated,
        enumeration: [0: "NOTALLOWED", 1: "ALLOWED"])
    public static let stnSR = AVPDefinition("STN-SR", code: 1433, vendor: tgpp, type: .octetString)
    public static let alertReason = AVPDefinition(
        "Alert-Reason", code: 1434, vendor: tgpp, type: .enumerated,
        enumeration: [0: "UE_PRESENT", 1: "UE_MEMORY_AVAILABLE"])
    public static let ambr = AVPDefinition("AMBR", code: 1435, vendor: tgpp, type: .grouped)
    public static let csgSubscriptionData = AVPDefinition(
        "CSG-Subscription-Data", code: 1436, vendor: tgpp, type: .grouped)
    public static let csgId = AVPDefinition("CSG-Id", code: 1437, vendor: tgpp, type: .unsigned32)
    public static let pdnGWAllocationType = AVPDefinition(
        "PDN-GW-Allocation-Type", code: 1438, vendor: tgpp, type: .enumerated,
        enumeration: [0: "STATIC", 1: "DYNAMIC"])
    public static let expirationDate = AVPDefinition("Expiration-Date", code: 1439, vendor: tgpp, type: .time)
    public static let ratFrequencySelectionPriorityID = AVPDefinition(
        "RAT-Frequency-Selection-Priority-ID", code: 1440, vendor: tgpp, type: .unsigned32)
    public static let idaFlags = AVPDefinition("IDA-Flags", code: 1441, vendor: tgpp, type: .unsigned32)
    public static let puaFlags = AVPDefinition("PUA-Flags", code: 1442, vendor: tgpp, type: .unsigned32)
    public static let norFlags = AVPDefinition("NOR-Flags", code: 1443, vendor: tgpp, type: .unsigned32)
    public static let userId = AVPDefinition(
        "User-Id", code: 1444, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let equipmentStatus = AVPDefinition(
        "Equipment-Status", code: 1445, vendor: tgpp, type: .enumerated,
        enumeration: [0: "WHITELISTED", 1: "BLACKLISTED", 2: "GREYLISTED"])
    public static let regionalSubscriptionZoneCode = AVPDefinition(
        "Regional-Subscription-Zone-Code", code: 1446, vendor: tgpp, type: .octetString)
    public static let rand = AVPDefinition("RAND", code: 1447, vendor: tgpp, type: .octetString)
    public static let xres = AVPDefinition("XRES", code: 1448, vendor: tgpp, type: .octetString)
    public static let autn = AVPDefinition("AUTN", code: 1449, vendor: tgpp, type: .octetString)
    public static let kasme = AVPDefinition("KASME", code: 1450, vendor: tgpp, type: .octetString)
    public static let traceCollectionEntity = AVPDefinition(
        "Trace-Collection-Entity", code: 1452, vendor: tgpp, type: .address)
    public static let kc = AVPDefinition("Kc", code: 1453, vendor: tgpp, type: .octetString)
    public static let sres = AVPDefinition("SRES", code: 1454, vendor: tgpp, type: .octetString)
    public static let pdnType = AVPDefinition(
        "PDN-Type", code: 1456, vendor: tgpp, type: .enumerated,
        enumeration: [0: "IPv4", 1: "IPv6", 2: "IPv4v6", 3: "IPv4_OR_IPv6"])
    public static let roamingRestrictedDueToUnsupportedFeature = AVPDefinition(
        "Roaming-Restricted-Due-To-Unsupported-Feature", code: 1457, vendor: tgpp, type: .enumerated,
        enumeration: [0: "Roaming-Restricted-Due-To-Unsupported-Feature"])
    public static let traceData = AVPDefinition("Trace-Data", code: 1458, vendor: tgpp, type: .grouped)
    public static let traceReference = AVPDefinition("Trace-Reference", code: 1459, vendor: tgpp, type: .octetString)
    public static let traceDepth = AVPDefinition(
        "Trace-Depth", code: 1462, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "Minimum", 1: "Medium", 2: "Maximum", 3: "MinimumWithoutVendorSpecificExtension",
            4: "MediumWithoutVendorSpecificExtension", 5: "MaximumWithoutVendorSpecificExtension",
        ])
    public static let traceNETypeList = AVPDefinition(
        "Trace-NE-Type-List", code: 1463, vendor: tgpp, type: .octetString)
    public static let traceInterfaceList = AVPDefinition(
        "Trace-Interface-List", code: 1464, vendor: tgpp, type: .octetString)
    public static let traceEventList = AVPDefinition("Trace-Event-List", code: 1465, vendor: tgpp, type: .octetString)
    public static let omcId = AVPDefinition("OMC-Id", code: 1466, vendor: tgpp, type: .octetString)
    public static let gprsSubscriptionData = AVPDefinition(
        "GPRS-Subscription-Data", code: 1467, vendor: tgpp, type: .grouped)
    public static let completeDataListIncludedIndicator = AVPDefinition(
        "Complete-Data-List-Included-Indicator", code: 1468, vendor: tgpp, type: .enumerated,
        enumeration: [0: "All_PDP_CONTEXTS_INCLUDED", 1: "MODIFIED_ADDED_PDP_CONTEXTS_INCLUDED"])
    public static let pdpContext = AVPDefinition("PDP-Context", code: 1469, vendor: tgpp, type: .grouped)
    public static let pdpType = AVPDefinition("PDP-Type", code: 1470, vendor: tgpp, type: .octetString)
    public static let tgpp2MEID = AVPDefinition("3GPP2-MEID", code: 1471, vendor: tgpp, type: .octetString)
    public static let specificAPNInfo = AVPDefinition("Specific-APN-Info", code: 1472, vendor: tgpp, type: .grouped)
    public static let lcsInfo = AVPDefinition("LCS-Info", code: 1473, vendor: tgpp, type: .grouped)
    public static let gmlcNumber = AVPDefinition("GMLC-Number", code: 1474, vendor: tgpp, type: .octetString)
    public static let lcsPrivacyException = AVPDefinition(
        "LCS-PrivacyException", code: 1475, vendor: tgpp, type: .grouped)
    public static let ssCode = AVPDefinition("SS-Code", code: 1476, vendor: tgpp, type: .octetString)
    public static let ssStatus = AVPDefinition("SS-Status", code: 1477, vendor: tgpp, type: .octetString)
    public static let notificationToUEUser = AVPDefinition(
        "Notification-To-UE-User", code: 1478, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "NOTIFY_LOCATION_ALLOWED", 1: "NOTIFYANDVERIFY_LOCATION_ALLOWED_IF_NO_RESPONSE",
            2: "NOTIFYANDVERIFY_LOCATION_NOT_ALLOWED_IF_NO_RESPONSE", 3: "LOCATION_NOT_ALLOWED",
        ])
    public static let externalClient = AVPDefinition("External-Client", code: 1479, vendor: tgpp, type: .grouped)
    public static let clientIdentity = AVPDefinition("Client-Identity", code: 1480, vendor: tgpp, type: .octetString)
    public static let gmlcRestriction = AVPDefinition(
        "GMLC-Restriction", code: 1481, vendor: tgpp, type: .enumerated,
        enumeration: [0: "GMLC_LIST", 1: "HOME_COUNTRY"])
    public static let plmnClient = AVPDefinition(
        "PLMN-Client", code: 1482, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "BROADCAST_SERVICE", 1: "O_AND_M_HPLMN", 2: "O_AND_M_VPLMN", 3: "ANONYMOUS_LOCATION",
            4: "TARGET_UE_SUBSCRIBED_SERVICE",
        ])
    // Named lcsServiceType here: RFC 7155 Service-Type (code 6) has the plain name.
    public static let lcsServiceType = AVPDefinition("Service-Type", code: 1483, vendor: tgpp, type: .grouped)
    public static let serviceTypeIdentity = AVPDefinition(
        "ServiceTypeIdentity", code: 1484, vendor: tgpp, type: .unsigned32)
    public static let moLR = AVPDefinition("MO-LR", code: 1485, vendor: tgpp, type: .grouped)
    public static let teleserviceList = AVPDefinition("Teleservice-List", code: 1486, vendor: tgpp, type: .grouped)
    public static let tsCode = AVPDefinition("TS-Code", code: 1487, vendor: tgpp, type: .octetString)
    public static let callBarringInfo = AVPDefinition("Call-Barring-Info", code: 1488, vendor: tgpp, type: .grouped)
    public static let sgsnNumber = AVPDefinition("SGSN-Number", code: 1489, vendor: tgpp, type: .octetString)
    public static let idrFlags = AVPDefinition("IDR-Flags", code: 1490, vendor: tgpp, type: .unsigned32)
    public static let icsIndicator = AVPDefinition(
        "ICS-Indicator", code: 1491, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "FALSE", 1: "TRUE"])
    public static let imsVoiceOverPSSessionsSupported = AVPDefinition(
        "IMS-Voice-Over-PS-Sessions-Supported", code: 1492, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NOT_SUPPORTED", 1: "SUPPORTED"])
    public static let homogeneousSupportOfIMSVoiceOverPSSessions = AVPDefinition(
        "Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions", code: 1493, vendor: tgpp, type: .enumerated,
        mandatory: .mustNot,
        enumeration: [0: "NOT_SUPPORTED", 1: "SUPPORTED"])
    public static let lastUEActivityTime = AVPDefinition(
        "Last-UE-Activity-Time", code: 1494, vendor: tgpp, type: .time, mandatory: .mustNot)
    public static let epsUserState = AVPDefinition(
        "EPS-User-State", code: 1495, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let epsLocationInformation = AVPDefinition(
        "EPS-Location-Information", code: 1496, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let mmeUserState = AVPDefinition(
        "MME-User-State", code: 1497, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let sgsnUserState = AVPDefinition(
        "SGSN-User-State", code: 1498, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let userState = AVPDefinition(
        "User-State", code: 1499, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "DETACHED", 1: "ATTACHED_NOT_REACHABLE_FOR_PAGING", 2: "ATTACHED_REACHABLE_FOR_PAGING",
            3: "CONNECTED_NOT_REACHABLE_FOR_PAGING", 4: "CONNECTED_REACHABLE_FOR_PAGING",
            5: "NETWORK_DETERMINED_NOT_REACHABLE",
        ])
    // TS 29.329 6.3.2
    public static let msisdn = AVPDefinition("MSISDN", code: 701, vendor: tgpp, type: .octetString)
    // TS 32.299 7.2.187
    public static let servedPartyIPAddress = AVPDefinition(
        "Served-Party-IP-Address", code: 848, vendor: tgpp, type: .address)
    // TS 29.173 6.4.2
    public static let gmlcAddress = AVPDefinition("GMLC-Address", code: 2405, vendor: tgpp, type: .address)

    /// Every definition above, in table order.
    static let s6aAVPs: [AVPDefinition] = [
        .subscriptionData, .terminalInformation, .imei, .softwareVersion, .qosSubscribed, .ulrFlags, .ulaFlags,
        .visitedPLMNId, .requestedEUTRANAuthenticationInfo, .requestedUTRANGERANAuthenticationInfo,
        .numberOfRequestedVectors, .reSynchronizationInfo, .immediateResponsePreferred, .authenticationInfo,
        .eutranVector, .utranVector, .geranVector, .networkAccessMode, .hplmnODB, .itemNumber, .cancellationType,
        .dsrFlags, .dsaFlags, .contextIdentifier, .subscriberStatus, .operatorDeterminedBarring, .accessRestrictionData,
        .apnOIReplacement, .allAPNConfigurationsIncludedIndicator, .apnConfigurationProfile, .apnConfiguration,
        .epsSubscribedQoSProfile, .vplmnDynamicAddressAllowed, .stnSR, .alertReason, .ambr, .csgSubscriptionData,
        .csgId, .pdnGWAllocationType, .expirationDate, .ratFrequencySelectionPriorityID, .idaFlags, .puaFlags,
        .norFlags, .userId, .equipmentStatus, .regionalSubscriptionZoneCode, .rand, .xres, .autn, .kasme,
        .traceCollectionEntity, .kc, .sres, .pdnType, .roamingRestrictedDueToUnsupportedFeature, .traceData,
        .traceReference, .traceDepth, .traceNETypeList, .traceInterfaceList, .traceEventList, .omcId,
        .gprsSubscriptionData, .completeDataListIncludedIndicator, .pdpContext, .pdpType, .tgpp2MEID, .specificAPNInfo,
        .lcsInfo, .gmlcNumber, .lcsPrivacyException, .ssCode, .ssStatus, .notificationToUEUser, .externalClient,
        .clientIdentity, .gmlcRestriction, .plmnClient, .lcsServiceType, .serviceTypeIdentity, .moLR, .teleserviceList,
        .tsCode, .callBarringInfo, .sgsnNumber, .idrFlags, .icsIndicator, .imsVoiceOverPSSessionsSupported,
        .homogeneousSupportOfIMSVoiceOverPSSessions, .lastUEActivityTime, .epsUserState, .epsLocationInformation,
        .mmeUserState, .sgsnUserState, .userState, .msisdn, .servedPartyIPAddress, .gmlcAddress,
    ]
}
