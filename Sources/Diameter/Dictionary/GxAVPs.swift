// TS 29.212 5.3 (Gx specific AVPs, Table 5.3.1) and the Gxx/Sd AVPs that share its code space. AVPs from Release
// 8 on have the M bit clear.
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let bearerUsage = AVPDefinition(
        "Bearer-Usage", code: 1000, vendor: tgpp, type: .enumerated,
        enumeration: [0: "GENERAL", 1: "IMS_SIGNALLING", 2: "DEDICATED"])
    public static let chargingRuleInstall = AVPDefinition(
        "Charging-Rule-Install", code: 1001, vendor: tgpp, type: .grouped)
    public static let chargingRuleRemove = AVPDefinition(
        "Charging-Rule-Remove", code: 1002, vendor: tgpp, type: .grouped)
    public static let chargingRuleDefinition = AVPDefinition(
        "Charging-Rule-Definition", code: 1003, vendor: tgpp, type: .grouped)
    public static let chargingRuleBaseName = AVPDefinition(
        "Charging-Rule-Base-Name", code: 1004, vendor: tgpp, type: .utf8String)
    public static let chargingRuleName = AVPDefinition(
        "Charging-Rule-Name", code: 1005, vendor: tgpp, type: .octetString)
    public static let eventTrigger = AVPDefinition(
        "Event-Trigger", code: 1006, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "SGSN_CHANGE", 1: "QOS_CHANGE", 2: "RAT_CHANGE", 3: "TFT_CHANGE", 4: "PLMN_CHANGE", 5: "LOSS_OF_BEARER",
            6: "RECOVERY_OF_BEARER", 7: "IP-CAN_CHANGE", 11: "QOS_CHANGE_EXCEEDING_AUTHORIZATION", 12: "RAI_CHANGE",
            13: "USER_LOCATION_CHANGE", 14: "NO_EVENT_TRIGGERS", 15: "OUT_OF_CREDIT", 16: "REALLOCATION_OF_CREDIT",
            17: "REVALIDATION_TIMEOUT", 18: "UE_IP_ADDRESS_ALLOCATE", 19: "UE_IP_ADDRESS_RELEASE",
            20: "DEFAULT_EPS_BEARER_QOS_CHANGE", 21: "AN_GW_CHANGE", 22: "SUCCESSFUL_RESOURCE_ALLOCATION",
            23: "RESOURCE_MODIFICATION_REQUEST", 24: "PGW_TRACE_CONTROL", 25: "UE_TIME_ZONE_CHANGE", 26: "TAI_CHANGE",
            27: "ECGI_CHANGE", 28: "CHARGING_CORRELATION_EXCHANGE", 29: "APN-AMBR_MODIFICATION_FAILURE",
            30: "USER_CSG_INFORMATION_CHANGE", 33: "USAGE_REPORT", 34: "DEFAULT-EPS-BEARER-QOS_MODIFICATION_FAILURE",
            35: "USER_CSG_HYBRID_SUBSCRIBED_INFORMATION_CHANGE", 36: "USER_CSG_HYBRID_UNSUBSCRIBED_INFORMATION_CHANGE",
            37: "ROUTING_RULE_CHANGE", 39: "APPLICATION_START", 40: "APPLICATION_STOP", 42: "CS_TO_PS_HANDOVER",
            43: "UE_LOCAL_IP_ADDRESS_CHANGE", 44: "HENB_LOCAL_IP_ADDRESS_CHANGE", 45: "ACCESS_NETWORK_INFO_REPORT",
            46: "CREDIT_MANAGEMENT_SESSION_FAILURE", 47: "DEFAULT_QOS_CHANGE",
            48: "CHANGE_OF_UE_PRESENCE_IN_PRESENCE_REPORTING_AREA_REPORT",
        ])
    public static let meteringMethod = AVPDefinition(
        "Metering-Method", code: 1007, vendor: tgpp, type: .enumerated,
        enumeration: [0: "DURATION", 1: "VOLUME", 2: "DURATION_VOLUME", 3: "EVENT"])
    public static let offline = AVPDefinition(
        "Offline", code: 1008, vendor: tgpp, type: .enumerated,
        enumeration: [0: "DISABLE_OFFLINE", 1: "ENABLE_OFFLINE"])
    public static let online = AVPDefinition(
        "Online", code: 1009, vendor: tgpp, type: .enumerated,
        enumeration: [0: "DISABLE_ONLINE", 1: "ENABLE_ONLINE"])
    public static let precedence = AVPDefinition("Precedence", code: 1010, vendor: tgpp, type: .unsigned32)
    public static let reportingLevel = AVPDefinition(
        "Reporting-Level", code: 1011, vendor: tgpp, type: .enumerated,
        enumeration: [0: "SERVICE_IDENTIFIER_LEVEL", 1: "RATING_GROUP_LEVEL", 2: "SPONSORED_CONNECTIVITY_LEVEL"])
    public static let tftFilter = AVPDefinition("TFT-Filter", code: 1012, vendor: tgpp, type: .ipFilterRule)
    public static let tftPacketFilterInformation = AVPDefinition(
        "TFT-Packet-Filter-Information", code: 1013, vendor: tgpp, type: .grouped)
    public static let tosTrafficClass = AVPDefinition("ToS-Traffic-Class", code: 1014, vendor: tgpp, type: .octetString)
    public static let pdpSessionOperation = AVPDefinition(
        "PDP-Session-Operation", code: 1015, vendor: tgpp, type: .enumerated,
        enumeration: [0: "PDP-SESSION-TERMINATION"])
    public static let qosInformation = AVPDefinition("QoS-Information", code: 1016, vendor: tgpp, type: .grouped)
    public static let chargingRuleReport = AVPDefinition(
        "Charging-Rule-Report", code: 1018, vendor: tgpp, type: .grouped)
    public static let pccRuleStatus = AVPDefinition(
        "PCC-Rule-Status", code: 1019, vendor: tgpp, type: .enumerated,
        enumeration: [0: "ACTIVE", 1: "INACTIVE", 2: "TEMPORARILY_INACTIVE"])
    public static let bearerIdentifier = AVPDefinition(
        "Bearer-Identifier", code: 1020, vendor: tgpp, type: .octetString)
    public static let bearerOperation = AVPDefinition(
        "Bearer-Operation", code: 1021, vendor: tgpp, type: .enumerated,
        enumeration: [0: "TERMINATION", 1: "ESTABLISHMENT", 2: "MODIFICATION"])
    public static let accessNetworkChargingIdentifierGx = AVPDefinition(
        "Access-Network-Charging-Identifier-Gx", code: 1022, vendor: tgpp, type: .grouped)
    public static let bearerControlMode = AVPDefinition(
        "Bearer-Control-Mode", code: 1023, vendor: tgpp, type: .enumerated,
        enumeration: [0: "UE_ONLY", 1: "RESERVED", 2: "UE_NW"])
    public static let networkRequestSupport = AVPDefinition(
        "Network-Request-Support", code: 1024, vendor: tgpp, type: .enumerated,
        enumeration: [0: "NETWORK_REQUEST NOT SUPPORTED", 1: "NETWORK_REQUEST SUPPORTED"])
    public static let guaranteedBitrateDL = AVPDefinition(
        "Guaranteed-Bitrate-DL", code: 1025, vendor: tgpp, type: .unsigned32)
    public static let guaranteedBitrateUL = AVPDefinition(
        "Guaranteed-Bitrate-UL", code: 1026, vendor: tgpp, type: .unsigned32)
    public static let ipCANType = AVPDefinition(
        "IP-CAN-Type", code: 1027, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "3GPP-GPRS", 1: "DOCSIS", 2: "xDSL", 3: "WiMAX", 4: "3GPP2", 5: "3GPP-EPS", 6: "Non-3GPP-EPS", 7: "FBA",
            8: "3GPP-5GS", 9: "Non-3GPP-5GS",
        ])
    public static let qosClassIdentifier = AVPDefinition(
        "QoS-Class-Identifier", code: 1028, vendor: tgpp, type: .enumerated,
        enumeration: [
            1: "QCI_1", 2: "QCI_2", 3: "QCI_3", 4: "QCI_4", 5: "QCI_5", 6: "QCI_6", 7: "QCI_7", 8: "QCI_8", 9: "QCI_9",
            65: "QCI_65", 66: "QCI_66", 67: "QCI_67", 69: "QCI_69", 70: "QCI_70", 71: "QCI_71", 72: "QCI_72",
            73: "QCI_73", 74: "QCI_74", 75: "QCI_75", 76: "QCI_76", 79: "QCI_79", 80: "QCI_80", 82: "QCI_82",
            83: "QCI_83", 84: "QCI_84", 85: "QCI_85",
        ])
    public static let ruleFailureCode = AVPDefinition(
        "Rule-Failure-Code", code: 1031, vendor: tgpp, type: .enumerated,
        enumeration: [
            1: "UNKNOWN_RULE_NAME", 2: "RATING_GROUP_ERROR", 3: "SERVICE_IDENTIFIER_ERROR", 4: "GW/PCEF_MALFUNCTION",
            5: "RESOURCES_LIMITATION", 6: "MAX_NR_BEARERS_REACHED", 7: "UNKNOWN_BEARER_ID", 8: "MISSING_BEARER_ID",
            9: "MISSING_FLOW_INFORMATION", 10: "RESOURCE_ALLOCATION_FAILURE", 11: "UNSUCCESSFUL_QOS_VALIDATION",
            12: "INCORRECT_FLOW_INFORMATION", 13: "PS_TO_CS_HANDOVER", 14: "TDF_APPLICATION_IDENTIFIER_ERROR",
            15: "NO_BEARER_BOUND", 16: "FILTER_RESTRICTIONS", 17: "AN_GW_FAILED", 18: "MISSING_REDIRECT_SERVER_ADDRESS",
            19: "CM_END_USER_SERVICE_DENIED", 20: "CM_CREDIT_CONTROL_NOT_APPLICABLE", 21: "CM_AUTHORIZATION_REJECTED",
            22: "CM_USER_UNKNOWN", 23: "CM_RATING_FAILED",
        ])
    public static let ratType = AVPDefinition(
        "RAT-Type", code: 1032, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "WLAN", 1: "VIRTUAL", 2: "TRUSTED-N3GA", 3: "WIRELINE", 4: "WIRELINE-CABLE", 5: "WIRELINE-BBF",
            1000: "UTRAN", 1001: "GERAN", 1002: "GAN", 1003: "HSPA_EVOLUTION", 1004: "EUTRAN", 1005: "EUTRAN-NB-IoT",
            1006: "NR", 1007: "LTE-M", 2000: "CDMA2000_1X", 2001: "HRPD", 2002: "UMB", 2003: "EHRPD",
        ])
    public static let eventReportIndication = AVPDefinition(
        "Event-Report-Indication", code: 1033, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let allocationRetentionPriority = AVPDefinition(
        "Allocation-Retention-Priority", code: 1034, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let coaIPAddress = AVPDefinition(
        "CoA-IP-Address", code: 1035, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let tunnelHeaderFilter = AVPDefinition(
        "Tunnel-Header-Filter", code: 1036, vendor: tgpp, type: .ipFilterRule, mandatory: .mustNot)
    public static let tunnelHeaderLength = AVPDefinition(
        "Tunnel-Header-Length", code: 1037, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let tunnelInformation = AVPDefinition(
        "Tunnel-Information", code: 1038, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let coaInformation = AVPDefinition(
        "CoA-Information", code: 1039, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let apnAggregateMaxBitrateDL = AVPDefinition(
        "APN-Aggregate-Max-Bitrate-DL", code: 1040, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let apnAggregateMaxBitrateUL = AVPDefinition(
        "APN-Aggregate-Max-Bitrate-UL", code: 1041, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let revalidationTime = AVPDefinition("Revalidation-Time", code: 1042, vendor: tgpp, type: .time)
    public static let ruleActivationTime = AVPDefinition("Rule-Activation-Time", code: 1043, vendor: tgpp, type: .time)
    public static let ruleDeactivationTime = AVPDefinition(
        "Rule-Deactivation-Time", code: 1044, vendor: tgpp, type: .time)
    public static let sessionReleaseCause = AVPDefinition(
        "Session-Release-Cause", code: 1045, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "UNSPECIFIED_REASON", 1: "UE_SUBSCRIPTION_REASON", 2: "INSUFFICIENT_SERVER_RESOURCES",
            3: "IP_CAN_SESSION_TERMINATION", 4: "UE_IP_ADDRESS_RELEASE",
        ])
    public static let priorityLevel = AVPDefinition(
        "Priority-Level", code: 1046, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let preEmptionCapability = AVPDefinition(
        "Pre-emption-Capability", code: 1047, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "PRE-EMPTION_CAPABILITY_ENABLED", 1: "PRE-EMPTION_CAPABILITY_DISABLED"])
    public static let preEmptionVulnerability = AVPDefinition(
        "Pre-emption-Vulnerability", code: 1048, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "PRE-EMPTION_VULNERABILITY_ENABLED", 1: "PRE-EMPTION_VULNERABILITY_DISABLED"])
    public static let defaultEPSBearerQoS = AVPDefinition(
        "Default-EPS-Bearer-QoS", code: 1049, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let anGWAddress = AVPDefinition(
        "AN-GW-Address", code: 1050, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let qosRuleInstall = AVPDefinition("QoS-Rule-Install", code: 1051, vendor: tgpp, type: .grouped)
    public static let qosRuleRemove = AVPDefinition("QoS-Rule-Remove", code: 1052, vendor: tgpp, type: .grouped)
    public static let qosRuleDefinition = AVPDefinition("QoS-Rule-Definition", code: 1053, vendor: tgpp, type: .grouped)
    public static let qosRuleName = AVPDefinition("QoS-Rule-Name", code: 1054, vendor: tgpp, type: .octetString)
    public static let qosRuleReport = AVPDefinition("QoS-Rule-Report", code: 1055, vendor: tgpp, type: .grouped)
    public static let securityParameterIndex = AVPDefinition(
        "Security-Parameter-Index", code: 1056, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let flowLabel = AVPDefinition(
        "Flow-Label", code: 1057, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let flowInformation = AVPDefinition(
        "Flow-Information", code: 1058, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let packetFilterContent = AVPDefinition(
        "Packet-Filter-Content", code: 1059, vendor: tgpp, type: .ipFilterRule, mandatory: .mustNot)
    public static let packetFilterIdentifier = AVPDefinition(
        "Packet-Filter-Identifier", code: 1060, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let packetFilterInformation = AVPDefinition(
        "Packet-Filter-Information", code: 1061, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let packetFilterOperation = AVPDefinition(
        "Packet-Filter-Operation", code: 1062, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "DELETION", 1: "ADDITION", 2: "MODIFICATION"])
    public static let resourceAllocationNotification = AVPDefinition(
        "Resource-Allocation-Notification", code: 1063, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "ENABLE_NOTIFICATION"])
    public static let sessionLinkingIndicator = AVPDefinition(
        "Session-Linking-Indicator", code: 1064, vendor: tgpp, type: .enumerated,
        enumeration: [0: "SESSION_LINKING_IMMEDIATE", 1: "SESSION_LINKING_DEFERRED"])
    public static let pdnConnectionID = AVPDefinition(
        "PDN-Connection-ID", code: 1065, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let monitoringKey = AVPDefinition(
        "Monitoring-Key", code: 1066, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let usageMonitoringInformation = AVPDefinition(
        "Usage-Monitoring-Information", code: 1067, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let usageMonitoringLevel = AVPDefinition(
        "Usage-Monitoring-Level", code: 1068, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "SESSION_LEVEL", 1: "PCC_RULE_LEVEL", 2: "ADC_RULE_LEVEL"])
    public static let usageMonitoringReport = AVPDefinition(
        "Usage-Monitoring-Report", code: 1069, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "USAGE_MONITORING_REPORT_REQUIRED"])
    public static let usageMonitoringSupport = AVPDefinition(
        "Usage-Monitoring-Support", code: 1070, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "USAGE_MONITORING_DISABLED"])
    public static let csgInformationReporting = AVPDefinition(
        "CSG-Information-Reporting", code: 1071, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "CHANGE_CSG_CELL", 1: "CHANGE_CSG_SUBSCRIBED_HYBRID_CELL", 2: "CHANGE_CSG_UNSUBSCRIBED_HYBRID_CELL",
        ])
    public static let packetFilterUsage = AVPDefinition(
        "Packet-Filter-Usage", code: 1072, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [1: "SEND_TO_UE"])
    public static let chargingCorrelationIndicator = AVPDefinition(
        "Charging-Correlation-Indicator", code: 1073, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "CHARGING_IDENTIFIER_REQUIRED"])
    public static let qosRuleBaseName = AVPDefinition(
        "QoS-Rule-Base-Name", code: 1074, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let routingRuleRemove = AVPDefinition(
        "Routing-Rule-Remove", code: 1075, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let routingRuleDefinition = AVPDefinition(
        "Routing-Rule-Definition", code: 1076, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let routingRuleIdentifier = AVPDefinition(
        "Routing-Rule-Identifier", code: 1077, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let routingFilter = AVPDefinition(
        "Routing-Filter", code: 1078, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let routingIPAddress = AVPDefinition(
        "Routing-IP-Address", code: 1079, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let flowDirection = AVPDefinition(
        "Flow-Direction", code: 1080, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "UNSPECIFIED", 1: "DOWNLINK", 2: "UPLINK", 3: "BIDIRECTIONAL"])
    public static let routingRuleInstall = AVPDefinition(
        "Routing-Rule-Install", code: 1081, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let creditManagementStatus = AVPDefinition(
        "Credit-Management-Status", code: 1082, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let redirectInformation = AVPDefinition(
        "Redirect-Information", code: 1085, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let redirectSupport = AVPDefinition(
        "Redirect-Support", code: 1086, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "REDIRECTION_DISABLED", 1: "REDIRECTION_ENABLED"])
    public static let tdfApplicationIdentifier = AVPDefinition(
        "TDF-Application-Identifier", code: 1088, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let tdfInformation = AVPDefinition(
        "TDF-Information", code: 1087, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let tdfDestinationRealm = AVPDefinition(
        "TDF-Destination-Realm", code: 1090, vendor: tgpp, type: .diameterIdentity, mandatory: .mustNot)
    public static let tdfDestinationHost = AVPDefinition(
        "TDF-Destination-Host", code: 1089, vendor: tgpp, type: .diameterIdentity, mandatory: .mustNot)
    public static let tdfIPAddress = AVPDefinition(
        "TDF-IP-Address", code: 1091, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let adcRuleInstall = AVPDefinition(
        "ADC-Rule-Install", code: 1092, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let adcRuleRemove = AVPDefinition(
        "ADC-Rule-Remove", code: 1093, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let adcRuleDefinition = AVPDefinition(
        "ADC-Rule-Definition", code: 1094, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let adcRuleBaseName = AVPDefinition(
        "ADC-Rule-Base-Name", code: 1095, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let adcRuleName = AVPDefinition(
        "ADC-Rule-Name", code: 1096, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let adcRuleReport = AVPDefinition(
        "ADC-Rule-Report", code: 1097, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let applicationDetectionInformation = AVPDefinition(
        "Application-Detection-Information", code: 1098, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let adcRevalidationTime = AVPDefinition(
        "ADC-Revalidation-Time", code: 2801, vendor: tgpp, type: .time, mandatory: .mustNot)
    public static let tdfApplicationInstanceIdentifier = AVPDefinition(
        "TDF-Application-Instance-Identifier", code: 2802, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let henbLocalIPAddress = AVPDefinition(
        "HeNB-Local-IP-Address", code: 2804, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let ueLocalIPAddress = AVPDefinition(
        "UE-Local-IP-Address", code: 2805, vendor: tgpp, type: .address, mandatory: .mustNot)
    public static let udpSourcePort = AVPDefinition(
        "UDP-Source-Port", code: 2806, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let muteNotification = AVPDefinition(
        "Mute-Notification", code: 2809, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "MUTE_REQUIRED"])
    public static let monitoringTime = AVPDefinition(
        "Monitoring-Time", code: 2810, vendor: tgpp, type: .time, mandatory: .mustNot)
    public static let anGWStatus = AVPDefinition(
        "AN-GW-Status", code: 2811, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "AN_GW_FAILED"])
    public static let userLocationInfoTime = AVPDefinition(
        "User-Location-Info-Time", code: 2812, vendor: tgpp, type: .time, mandatory: .mustNot)
    public static let defaultQoSInformation = AVPDefinition(
        "Default-QoS-Information", code: 2816, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let defaultQoSName = AVPDefinition(
        "Default-QoS-Name", code: 2817, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let conditionalAPNAggregateMaxBitrate = AVPDefinition(
        "Conditional-APN-Aggregate-Max-Bitrate", code: 2818, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let ranNASReleaseCause = AVPDefinition(
        "RAN-NAS-Release-Cause", code: 2819, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let presenceReportingAreaElementsList = AVPDefinition(
        "Presence-Reporting-Area-Elements-List", code: 2820, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let presenceReportingAreaIdentifier = AVPDefinition(
        "Presence-Reporting-Area-Identifier", code: 2821, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let presenceReportingAreaInformation = AVPDefinition(
        "Presence-Reporting-Area-Information", code: 2822, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let presenceReportingAreaStatus = AVPDefinition(
        "Presence-Reporting-Area-Status", code: 2823, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let netLocAccessSupport = AVPDefinition(
        "NetLoc-Access-Support", code: 2824, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let fixedUserLocationInfo = AVPDefinition(
        "Fixed-User-Location-Info", code: 2825, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let pcscfRestorationIndication = AVPDefinition(
        "PCSCF-Restoration-Indication", code: 2826, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let ipCANSessionChargingScope = AVPDefinition(
        "IP-CAN-Session-Charging-Scope", code: 2827, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "IP-CAN_SESSION_SCOPE"])
    public static let monitoringFlags = AVPDefinition(
        "Monitoring-Flags", code: 2828, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let defaultAccess = AVPDefinition(
        "Default-Access", code: 2829, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "3GPP-GPRS", 1: "DOCSIS", 2: "xDSL", 3: "WiMAX", 4: "3GPP2", 5: "3GPP-EPS", 6: "Non-3GPP-EPS", 7: "FBA",
        ])
    public static let nbifomMode = AVPDefinition(
        "NBIFOM-Mode", code: 2830, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "UE_INITIATED", 1: "NETWORK_INITIATED"])
    public static let nbifomSupport = AVPDefinition(
        "NBIFOM-Support", code: 2831, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NBIFOM_NOT_SUPPORTED", 1: "NBIFOM_SUPPORTED"])
    public static let ranRuleSupport = AVPDefinition(
        "RAN-Rule-Support", code: 2832, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let accessAvailabilityChangeReason = AVPDefinition(
        "Access-Availability-Change-Reason", code: 2833, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let routingRuleFailureCode = AVPDefinition(
        "Routing-Rule-Failure-Code", code: 2834, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let routingRuleReport = AVPDefinition(
        "Routing-Rule-Report", code: 2835, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let trafficSteeringPolicyIdentifierDL = AVPDefinition(
        "Traffic-Steering-Policy-Identifier-DL", code: 2836, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let trafficSteeringPolicyIdentifierUL = AVPDefinition(
        "Traffic-Steering-Policy-Identifier-UL", code: 2837, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let requestType = AVPDefinition(
        "Request-Type", code: 2838, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let executionTime = AVPDefinition(
        "Execution-Time", code: 2839, vendor: tgpp, type: .time, mandatory: .mustNot)
    public static let conditionalPolicyInformation = AVPDefinition(
        "Conditional-Policy-Information", code: 2840, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let resourceReleaseNotification = AVPDefinition(
        "Resource-Release-Notification", code: 2841, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "ENABLE_NOTIFICATION"])
    public static let removalOfAccess = AVPDefinition(
        "Removal-Of-Access", code: 2842, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "REMOVAL_OF_ACCESS"])
    public static let tcpSourcePort = AVPDefinition(
        "TCP-Source-Port", code: 2843, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let defaultBearerIndication = AVPDefinition(
        "Default-Bearer-Indication", code: 2844, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "BIND_TO_DEF_BEARER", 1: "BIND_TO_APPLICABLE_BEARER"])
    public static let praInstall = AVPDefinition(
        "PRA-Install", code: 2845, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let praRemove = AVPDefinition(
        "PRA-Remove", code: 2846, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let tgppPSDataOffStatus = AVPDefinition(
        "3GPP-PS-Data-Off-Status", code: 2847, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "ACTIVE", 1: "INACTIVE"])
    public static let extendedAPNAMBRDL = AVPDefinition(
        "Extended-APN-AMBR-DL", code: 2848, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedAPNAMBRUL = AVPDefinition(
        "Extended-APN-AMBR-UL", code: 2849, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedGBRDL = AVPDefinition(
        "Extended-GBR-DL", code: 2850, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let extendedGBRUL = AVPDefinition(
        "Extended-GBR-UL", code: 2851, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let maxPLRDL = AVPDefinition(
        "Max-PLR-DL", code: 2852, vendor: tgpp, type: .float32, mandatory: .mustNot)
    public static let maxPLRUL = AVPDefinition(
        "Max-PLR-UL", code: 2853, vendor: tgpp, type: .float32, mandatory: .mustNot)

    /// Every definition above, in table order.
    static let gxAVPs: [AVPDefinition] = [
        .bearerUsage, .chargingRuleInstall, .chargingRuleRemove, .chargingRuleDefinition, .chargingRuleBaseName,
        .chargingRuleName, .eventTrigger, .meteringMethod, .offline, .online, .precedence, .reportingLevel, .tftFilter,
        .tftPacketFilterInformation, .tosTrafficClass, .pdpSessionOperation, .qosInformation, .chargingRuleReport,
        .pccRuleStatus, .bearerIdentifier, .bearerOperation, .accessNetworkChargingIdentifierGx, .bearerControlMode,
        .networkRequestSupport, .guaranteedBitrateDL, .guaranteedBitrateUL, .ipCANType, .qosClassIdentifier,
        .ruleFailureCode, .ratType, .eventReportIndication, .allocationRetentionPriority, .coaIPAddress,
        .tunnelHeaderFilter, .tunnelHeaderLength, .tunnelInformation, .coaInformation, .apnAggregateMaxBitrateDL,
        .apnAggregateMaxBitrateUL, .revalidationTime, .ruleActivationTime, .ruleDeactivationTime, .sessionReleaseCause,
        .priorityLevel, .preEmptionCapability, .preEmptionVulnerability, .defaultEPSBearerQoS, .anGWAddress,
        .qosRuleInstall, .qosRuleRemove, .qosRuleDefinition, .qosRuleName, .qosRuleReport, .securityParameterIndex,
        .flowLabel, .flowInformation, .packetFilterContent, .packetFilterIdentifier, .packetFilterInformation,
        .packetFilterOperation, .resourceAllocationNotification, .sessionLinkingIndicator, .pdnConnectionID,
        .monitoringKey, .usageMonitoringInformation, .usageMonitoringLevel, .usageMonitoringReport,
        .usageMonitoringSupport, .csgInformationReporting, .packetFilterUsage, .chargingCorrelationIndicator,
        .qosRuleBaseName, .routingRuleRemove, .routingRuleDefinition, .routingRuleIdentifier, .routingFilter,
        .routingIPAddress, .flowDirection, .routingRuleInstall, .creditManagementStatus, .redirectInformation,
        .redirectSupport, .tdfApplicationIdentifier, .tdfInformation, .tdfDestinationRealm, .tdfDestinationHost,
        .tdfIPAddress, .adcRuleInstall, .adcRuleRemove, .adcRuleDefinition, .adcRuleBaseName, .adcRuleName,
        .adcRuleReport, .applicationDetectionInformation, .adcRevalidationTime, .tdfApplicationInstanceIdentifier,
        .henbLocalIPAddress, .ueLocalIPAddress, .udpSourcePort, .muteNotification, .monitoringTime, .anGWStatus,
        .userLocationInfoTime, .defaultQoSInformation, .defaultQoSName, .conditionalAPNAggregateMaxBitrate,
        .ranNASReleaseCause, .presenceReportingAreaElementsList, .presenceReportingAreaIdentifier,
        .presenceReportingAreaInformation, .presenceReportingAreaStatus, .netLocAccessSupport, .fixedUserLocationInfo,
        .pcscfRestorationIndication, .ipCANSessionChargingScope, .monitoringFlags, .defaultAccess, .nbifomMode,
        .nbifomSupport, .ranRuleSupport, .accessAvailabilityChangeReason, .routingRuleFailureCode, .routingRuleReport,
        .trafficSteeringPolicyIdentifierDL, .trafficSteeringPolicyIdentifierUL, .requestType, .executionTime,
        .conditionalPolicyInformation, .resourceReleaseNotification, .removalOfAccess, .tcpSourcePort,
        .defaultBearerIndication, .praInstall, .praRemove, .tgppPSDataOffStatus, .extendedAPNAMBRDL, .extendedAPNAMBRUL,
        .extendedGBRDL, .extendedGBRUL, .maxPLRDL, .maxPLRUL,
    ]
}
