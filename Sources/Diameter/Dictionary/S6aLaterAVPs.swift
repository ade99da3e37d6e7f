// TS 29.272 7.3.1, codes 1600 and up: the AVPs added from Release 9 on. Their M bit must not be set unless
// noted.
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let mmeLocationInformation = AVPDefinition(
        "MME-Location-Information", code: 1600, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let sgsnLocationInformation = AVPDefinition(
        "SGSN-Location-Information", code: 1601, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let eutranCellGlobalIdentity = AVPDefinition(
        "E-UTRAN-Cell-Global-Identity", code: 1602, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let trackingAreaIdentity = AVPDefinition(
        "Tracking-Area-Identity", code: 1603, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let cellGlobalIdentity = AVPDefinition(
        "Cell-Global-Identity", code: 1604, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let routingAreaIdentity = AVPDefinition(
        "Routing-Area-Identity", code: 1605, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let locationAreaIdentity = AVPDefinition(
        "Location-Area-Identity", code: 1606, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let serviceAreaIdentity = AVPDefinition(
        "Service-Area-Identity", code: 1607, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let geographicalInformation = AVPDefinition(
        "Geographical-Information", code: 1608, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let geodeticInformation = AVPDefinition(
        "Geodetic-Information", code: 1609, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let currentLocationRetrieved = AVPDefinition(
        "Current-Location-Retrieved", code: 1610, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "ACTIVE-LOCATION-RETRIEVAL"])
    public static let ageOfLocationInformation = AVPDefinition(
        "Age-Of-Location-Information", code: 1611, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let activeAPN = AVPDefinition(
        "Active-APN", code: 1612, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let siptoPermission = AVPDefinition(
        "SIPTO-Permission", code: 1613, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "SIPTO_ABOVE_RAN_ALLOWED", 1: "SIPTO_ABOVE_RAN_NOTALLOWED"])
    public static let errorDiagnostic = AVPDefinition(
        "Error-Diagnostic", code: 1614, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "GPRS_DATA_SUBSCRIBED", 1: "NO_GPRS_DATA_SUBSCRIBED", 2: "ODB-ALL-APN", 3: "ODB-HPLMN-APN",
            4: "ODB-VPLMN-APN",
        ])
    public static let ueSRVCCCapability = AVPDefinition(
        "UE-SRVCC-Capability", code: 1615, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "UE-SRVCC-NOT-SUPPORTED", 1: "UE-SRVCC-SUPPORTED"])
    public static let mpsPriority = AVPDefinition(
        "MPS-Priority", code: 1616, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let vplmnLIPAAllowed = AVPDefinition(
        "VPLMN-LIPA-Allowed", code: 1617, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "LIPA_NOTALLOWED", 1: "LIPA_ALLOWED"])
    public static let lipaPermission = AVPDefinition(
        "LIPA-Permission", code: 1618, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "LIPA_PROHIBITED", 1: "LIPA_ONLY", 2: "LIPA_CONDITIONAL"])
    public static let subscribedPeriodicRAUTAUTimer = AVPDefinition(
        "Subscribed-Periodic-RAU-TAU-Timer", code: 1619, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extPDPType = AVPDefinition(
        "Ext-PDP-Type", code: 1620, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let extPDPAddress = AVPDefinition(
        "Ext-PDP-Address", code: 1621, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let mdtConfiguration = AVPDefinition(
        "MDT-Configuration", code: 1622, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let jobType = AVPDefinition(
        "Job-Type", code: 1623, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "Immediate-MDT-only", 1: "Logged-MDT-only", 2: "Trace-only", 3: "Immediate-MDT-and-Trace",
            4: "RLF-reports-only", 5: "RCEF-reports-only", 6: "Logged-MBSFN-MDT",
        ])
    public static let areaScope = AVPDefinition(
        "Area-Scope", code: 1624, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let listOfMeasurements = AVPDefinition(
        "List-Of-Measurements", code: 1625, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let reportingTrigger = AVPDefinition(
        "Reporting-Trigger", code: 1626, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let reportInterval = AVPDefinition(
        "Report-Interval", code: 1627, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let reportAmount = AVPDefinition(
        "Report-Amount", code: 1628, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let eventThresholdRSRP = AVPDefinition(
        "Event-Threshold-RSRP", code: 1629, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let eventThresholdRSRQ = AVPDefinition(
        "Event-Threshold-RSRQ", code: 1630, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let loggingInterval = AVPDefinition(
        "Logging-Interval", code: 1631, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let loggingDuration = AVPDefinition(
        "Logging-Duration", code: 1632, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let relayNodeIndicator = AVPDefinition(
        "Relay-Node-Indicator", code: 1633, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NOT_RELAY_NODE", 1: "RELAY_NODE"])
    public static let mdtUserConsent = AVPDefinition(
        "MDT-User-Consent", code: 1634, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "CONSENT_NOT_GIVEN", 1: "CONSENT_GIVEN"])
    public static let purFlags = AVPDefinition(
        "PUR-Flags", code: 1635, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let subscribedVSRVCC = AVPDefinition(
        "Subscribed-VSRVCC", code: 1636, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "VSRVCC_SUBSCRIBED"])
    public static let equivalentPLMNList = AVPDefinition(
        "Equivalent-PLMN-List", code: 1637, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let clrFlags = AVPDefinition(
        "CLR-Flags", code: 1638, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let uvrFlags = AVPDefinition("UVR-Flags", code: 1639, vendor: tgpp, type: .unsigned32)
    public static let uvaFlags = AVPDefinition("UVA-Flags", code: 1640, vendor: tgpp, type: .unsigned32)
    public static let vplmnCSGSubscriptionData = AVPDefinition(
        "VPLMN-CSG-Subscription-Data", code: 1641, vendor: tgpp, type: .grouped)
    public static let timeZone = AVPDefinition(
        "Time-Zone", code: 1642, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let amsisdn = AVPDefinition(
        "A-MSISDN", code: 1643, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let mmeNumberForMTSMS = AVPDefinition(
        "MME-Number-for-MT-SMS", code: 1645, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let smsRegisterRequest = AVPDefinition(
        "SMS-Register-Request", code: 1648, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "SMS_REGISTRATION_REQUIRED", 1: "SMS_REGISTRATION_NOT_PREFERRED", 2: "NO_PREFERENCE"])
    public static let localTimeZone = AVPDefinition(
        "Local-Time-Zone", code: 1649, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let daylightSavingTime = AVPDefinition(
        "Daylight-Saving-Time", code: 1650, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NO_ADJUSTMENT", 1: "PLUS_ONE_HOUR_ADJUSTMENT", 2: "PLUS_TWO_HOURS_ADJUSTMENT"])
    public static let subscriptionDataFlags = AVPDefinition(
        "Subscription-Data-Flags", code: 1654, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let measurementPeriodLTE = AVPDefinition(
        "Measurement-Period-LTE", code: 1655, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let measurementPeriodUMTS = AVPDefinition(
        "Measurement-Period-UMTS", code: 1656, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let collectionPeriodRRMLTE = AVPDefinition(
        "Collection-Period-RRM-LTE", code: 1657, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let collectionPeriodRRMUMTS = AVPDefinition(
        "Collection-Period-RRM-UMTS", code: 1658, vendor: tgpp, type: .enumerated, mandatory: .mustNot)
    public static let positioningMethod = AVPDefinition(
        "Positioning-Method", code: 1659, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let measurementQuantity = AVPDefinition(
        "Measurement-Quantity", code: 1660, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let eventThresholdEvent1F = AVPDefinition(
        "Event-Threshold-Event-1F", code: 1661, vendor: tgpp, type: .integer32, mandatory: .mustNot)
    public static let eventThresholdEvent1I = AVPDefinition(
        "Event-Threshold-Event-1I", code: 1662, vendor: tgpp, type: .integer32, mandatory: .mustNot)
    public static let restorationPriority = AVPDefinition(
        "Restoration-Priority", code: 1663, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let sgsMMEIdentity = AVPDefinition(
        "SGs-MME-Identity", code: 1664, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let siptoLocalNetworkPermission = AVPDefinition(
        "SIPTO-Local-Network-Permission", code: 1665, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let coupledNodeDiameterID = AVPDefinition(
        "Coupled-Node-Diameter-ID", code: 1666, vendor: tgpp, type: .diameterIdentity, mandatory: .mustNot)
    public static let wlanOffloadability = AVPDefinition(
        "WLAN-offloadability", code: 1667, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let wlanOffloadabilityEUTRAN = AVPDefinition(
        "WLAN-offloadability-EUTRAN", code: 1668, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let wlanOffloadabilityUTRAN = AVPDefinition(
        "WLAN-offloadability-UTRAN", code: 1669, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let resetID = AVPDefinition(
        "Reset-ID", code: 1670, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let mdtAllowedPLMNId = AVPDefinition(
        "MDT-Allowed-PLMN-Id", code: 1671, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let adjacentPLMNs = AVPDefinition(
        "Adjacent-PLMNs", code: 1672, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let adjacentAccessRestrictionData = AVPDefinition(
        "Adjacent-Access-Restriction-Data", code: 1673, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let dlBufferingSuggestedPacketCount = AVPDefinition(
        "DL-Buffering-Suggested-Packet-Count", code: 1674, vendor: tgpp, type: .integer32, mandatory: .mustNot)
    public static let imsiGroupId = AVPDefinition(
        "IMSI-Group-Id", code: 1675, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let groupServiceId = AVPDefinition(
        "Group-Service-Id", code: 1676, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let groupPLMNId = AVPDefinition(
        "Group-PLMN-Id", code: 1677, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let localGroupId = AVPDefinition(
        "Local-Group-Id", code: 1678, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let airFlags = AVPDefinition(
        "AIR-Flags", code: 1679, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let ueUsageType = AVPDefinition(
        "UE-Usage-Type", code: 1680, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let nonIPPDNTypeIndicator = AVPDefinition(
        "Non-IP-PDN-Type-Indicator", code: 1681, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "FALSE", 1: "TRUE"])
    public static let nonIPDataDeliveryMechanism = AVPDefinition(
        "Non-IP-Data-Delivery-Mechanism", code: 1682, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let additionalContextID = AVPDefinition(
        "Additional-Context-ID", code: 1683, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let scefRealm = AVPDefinition(
        "SCEF-Realm", code: 1684, vendor: tgpp, type: .diameterIdentity, mandatory: .mustNot)
    public static let subscriptionDataDeletion = AVPDefinition(
        "Subscription-Data-Deletion", code: 1685, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let preferredDataMode = AVPDefinition(
        "Preferred-Data-Mode", code: 1686, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let emergencyInfo = AVPDefinition(
        "Emergency-Info", code: 1687, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let v2xSubscriptionData = AVPDefinition(
        "V2X-Subscription-Data", code: 1688, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let v2xPermission = AVPDefinition(
        "V2X-Permission", code: 1689, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let pdnConnectionContinuity = AVPDefinition(
        "PDN-Connection-Continuity", code: 1690, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let edrxCycleLength = AVPDefinition(
        "eDRX-Cycle-Length", code: 1691, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let edrxCycleLengthValue = AVPDefinition(
        "eDRX-Cycle-Length-Value", code: 1692, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let uePC5AMBR = AVPDefinition(
        "UE-PC5-AMBR", code: 1693, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let mbsfnArea = AVPDefinition(
        "MBSFN-Area", code: 1694, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let mbsfnAreaID = AVPDefinition(
        "MBSFN-Area-ID", code: 1695, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let carrierFrequency = AVPDefinition(
        "Carrier-Frequency", code: 1696, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let rdsIndicator = AVPDefinition(
        "RDS-Indicator", code: 1697, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "DISABLED", 1: "ENABLED"])
    public static let serviceGapTime = AVPDefinition(
        "Service-Gap-Time", code: 1698, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let aerialUESubscriptionInformation = AVPDefinition(
        "Aerial-UE-Subscription-Information", code: 1699, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let broadcastLocationAssistanceDataTypes = AVPDefinition(
        "Broadcast-Location-Assistance-Data-Types", code: 1700, vendor: tgpp, type: .unsigned64, mandatory: .mustNot)
    public static let pagingTimeWindow = AVPDefinition(
        "Paging-Time-Window", code: 1701, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let operationMode = AVPDefinition(
        "Operation-Mode", code: 1702, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let pagingTimeWindowLength = AVPDefinition(
        "Paging-Time-Window-Length", code: 1703, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let coreNetworkRestrictions = AVPDefinition(
        "Core-Network-Restrictions", code: 1704, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let edrxRelatedRAT = AVPDefinition(
        "eDRX-Related-RAT", code: 1705, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let interworking5GSIndicator = AVPDefinition(
        "Interworking-5GS-Indicator", code: 1706, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NOT-SUBSCRIBED", 1: "SUBSCRIBED"])
    public static let ethernetPDNTypeIndicator = AVPDefinition(
        "Ethernet-PDN-Type-Indicator", code: 1707, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "FALSE", 1: "TRUE"])
    public static let subscribedARPI = AVPDefinition(
        "Subscribed-ARPI", code: 1708, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let iabOperationPermission = AVPDefinition(
        "IAB-Operation-Permission", code: 1709, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "IAB_OPERATION_NOT_ALLOWED", 1: "IAB_OPERATION_ALLOWED"])

    /// Every definition above, in table order.
    static let s6aLaterAVPs: [AVPDefinition] = [
        .mmeLocationInformation, .sgsnLocationInformation, .eutranCellGlobalIdentity, .trackingAreaIdentity,
        .cellGlobalIdentity, .routingAreaIdentity, .locationAreaIdentity, .serviceAreaIdentity,
        .geographicalInformation, .geodeticInformation, .currentLocationRetrieved, .ageOfLocationInformation,
        .activeAPN, .siptoPermission, .errorDiagnostic, .ueSRVCCCapability, .mpsPriority, .vplmnLIPAAllowed,
        .lipaPermission, .subscribedPeriodicRAUTAUTimer, .extPDPType, .extPDPAddress, .mdtConfiguration, .jobType,
        .areaScope, .listOfMeasurements, .reportingTrigger, .reportInterval, .reportAmount, .eventThresholdRSRP,
        .eventThresholdRSRQ, .loggingInterval, .loggingDuration, .relayNodeIndicator, .mdtUserConsent, .purFlags,
        .subscribedVSRVCC, .equivalentPLMNList, .clrFlags, .uvrFlags, .uvaFlags, .vplmnCSGSubscriptionData, .timeZone,
        .amsisdn, .mmeNumberForMTSMS, .smsRegisterRequest, .localTimeZone, .daylightSavingTime, .subscriptionDataFlags,
        .measurementPeriodLTE, .measurementPeriodUMTS, .collectionPeriodRRMLTE, .collectionPeriodRRMUMTS,
        .positioningMethod, .measurementQuantity, .eventThresholdEvent1F, .eventThresholdEvent1I, .restorationPriority,
        .sgsMMEIdentity, .siptoLocalNetworkPermission, .coupledNodeDiameterID, .wlanOffloadability,
        .wlanOffloadabilityEUTRAN, .wlanOffloadabilityUTRAN, .resetID, .mdtAllowedPLMNId, .adjacentPLMNs,
        .adjacentAccessRestrictionData, .dlBufferingSuggestedPacketCount, .imsiGroupId, .groupServiceId, .groupPLMNId,
        .localGroupId, .airFlags, .ueUsageType, .nonIPPDNTypeIndicator, .nonIPDataDeliveryMechanism,
        .additionalContextID, .scefRealm, .subscriptionDataDeletion, .preferredDataMode, .emergencyInfo,
        .v2xSubscriptionData, .v2xPermission, .pdnConnectionContinuity, .edrxCycleLength, .edrxCycleLengthValue,
        .uePC5AMBR, .mbsfnArea, .mbsfnAreaID, .carrierFrequency, .rdsIndicator, .serviceGapTime,
        .aerialUESubscriptionInformation, .broadcastLocationAssistanceDataTypes, .pagingTimeWindow, .operationMode,
        .pagingTimeWindowLength, .coreNetworkRestrictions, .edrxRelatedRAT, .interworking5GSIndicator,
        .ethernetPDNTypeIndicator, .subscribedARPI, .iabOperationPermission,
    ]
}
