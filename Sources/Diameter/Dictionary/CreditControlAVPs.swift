// RFC 4006 (Diameter credit control, section 8): the subset Gx reuses and the parts of Multiple-Services-Credit-
// Control.
// Types and M-bit rules follow the flag-rule table of the specification named above.

extension AVPDefinition {
    public static let ccCorrelationId = AVPDefinition(
        "CC-Correlation-Id", code: 411, type: .octetString, mandatory: .may)
    public static let ccInputOctets = AVPDefinition("CC-Input-Octets", code: 412, type: .unsigned64)
    public static let ccMoney = AVPDefinition("CC-Money", code: 413, type: .grouped)
    public static let ccOutputOctets = AVPDefinition("CC-Output-Octets", code: 414, type: .unsigned64)
    public static let ccRequestNumber = AVPDefinition("CC-Request-Number", code: 415, type: .unsigned32)
    public static let ccRequestType = AVPDefinition(
        "CC-Request-Type", code: 416, type: .enumerated,
        enumeration: [1: "INITIAL_REQUEST", 2: "UPDATE_REQUEST", 3: "TERMINATION_REQUEST", 4: "EVENT_REQUEST"])
    public static let ccServiceSpecificUnits = AVPDefinition("CC-Service-Specific-Units", code: 417, type: .unsigned64)
    public static let ccSessionFailover = AVPDefinition(
        "CC-Session-Failover", code: 418, type: .enumerated,
        enumeration: [0: "FAILOVER_NOT_SUPPORTED", 1: "FAILOVER_SUPPORTED"])
    public static let ccSubSessionId = AVPDefinition("CC-Sub-Session-Id", code: 419, type: .unsigned64)
    public static let ccTime = AVPDefinition("CC-Time", code: 420, type: .unsigned32)
    public static let ccTotalOctets = AVPDefinition("CC-Total-Octets", code: 421, type: .unsigned64)
    public static let ccUnitType = AVPDefinition(
        "CC-Unit-Type", code: 454, type: .enumerated,
        enumeration: [
            0: "TIME", 1: "MONEY", 2: "TOTAL-OCTETS", 3: "INPUT-OCTETS", 4: "OUTPUT-OCTETS",
            5: "SERVICE-SPECIFIC-UNITS",
        ])
    public static let checkBalanceResult = AVPDefinition(
        "Check-Balance-Result", code: 422, type: .enumerated,
        enumeration: [0: "ENOUGH_CREDIT", 1: "NO_CREDIT"])
    public static let costInformation = AVPDefinition("Cost-Information", code: 423, type: .grouped)
    public static let costUnit = AVPDefinition("Cost-Unit", code: 424, type: .utf8String)
    public static let creditControl = AVPDefinition(
        "Credit-Control", code: 426, type: .enumerated,
        enumeration: [0: "CREDIT_AUTHORIZATION", 1: "RE_AUTHORIZATION"])
    public static let creditControlFailureHandling = AVPDefinition(
        "Credit-Control-Failure-Handling", code: 427, type: .enumerated,
        enumeration: [0: "TERMINATE", 1: "CONTINUE", 2: "RETRY_AND_TERMINATE"])
    public static let currencyCode = AVPDefinition("Currency-Code", code: 425, type: .unsigned32)
    public static let directDebitingFailureHandling = AVPDefinition(
        "Direct-Debiting-Failure-Handling", code: 428, type: .enumerated,
        enumeration: [0: "TERMINATE_OR_BUFFER", 1: "CONTINUE"])
    public static let exponent = AVPDefinition("Exponent", code: 429, type: .integer32)
    public static let finalUnitAction = AVPDefinition(
        "Final-Unit-Action", code: 449, type: .enumerated,
        enumeration: [0: "TERMINATE", 1: "REDIRECT", 2: "RESTRICT_ACCESS"])
    public static let finalUnitIndication = AVPDefinition("Final-Unit-Indication", code: 430, type: .grouped)
    public static let grantedServiceUnit = AVPDefinition("Granted-Service-Unit", code: 431, type: .grouped)
    public static let gsuPoolIdentifier = AVPDefinition("G-S-U-Pool-Identifier", code: 453, type: .unsigned32)
    public static let gsuPoolReference = AVPDefinition("G-S-U-Pool-Reference", code: 457, type: .grouped)
    public static let multipleServicesCreditControl = AVPDefinition(
        "Multiple-Services-Credit-Control", code: 456, type: .grouped)
    public static let multipleServicesIndicator = AVPDefinition(
        "Multiple-Services-Indicator", code: 455, type: .enumerated,
        enumeration: [0: "MULTIPLE_SERVICES_NOT_SUPPORTED", 1: "MULTIPLE_SERVICES_SUPPORTED"])
    public static let ratingGroup = AVPDefinition("Rating-Group", code: 432, type: .unsigned32)
    public static let redirectAddressType = AVPDefinition(
        "Redirect-Address-Type", code: 433, type: .enumerated,
        enumeration: [0: "IPv4 Address", 1: "IPv6 Address", 2: "URL", 3: "SIP URI"])
    public static let redirectServer = AVPDefinition("Redirect-Server", code: 434, type: .grouped)
    public static let redirectServerAddress = AVPDefinition("Redirect-Server-Address", code: 435, type: .utf8String)
    public static let requestedAction = AVPDefinition(
        "Requested-Action", code: 436, type: .enumerated,
        enumeration: [0: "DIRECT_DEBITING", 1: "REFUND_ACCOUNT", 2: "CHECK_BALANCE", 3: "PRICE_ENQUIRY"])
    public static let requestedServiceUnit = AVPDefinition("Requested-Service-Unit", code: 437, type: .grouped)
    public static let restrictionFilterRule = AVPDefinition("Restriction-Filter-Rule", code: 438, type: .ipFilterRule)
    public static let serviceContextId = AVPDefinition("Service-Context-Id", code: 461, type: .utf8String)
    public static let serviceIdentifier = AVPDefinition("Service-Identifier", code: 439, type: .unsigned32)
    public static let serviceParameterInfo = AVPDefinition(
        "Service-Parameter-Info", code: 440, type: .grouped, mandatory: .may)
    public static let serviceParameterType = AVPDefinition(
        "Service-Parameter-Type", code: 441, type: .unsigned32, mandatory: .may)
    public static let serviceParameterValue = AVPDefinition(
        "Service-Parameter-Value", code: 442, type: .octetString, mandatory: .may)
    public static let subscriptionId = AVPDefinition("Subscription-Id", code: 443, type: .grouped)
    public static let subscriptionIdData = AVPDefinition("Subscription-Id-Data", code: 444, type: .utf8String)
    public static let subscriptionIdType = AVPDefinition(
        "Subscription-Id-Type", code: 450, type: .enumerated,
        enumeration: [
            0: "END_USER_E164", 1: "END_USER_IMSI", 2: "END_USER_SIP_URI", 3: "END_USER_NAI", 4: "END_USER_PRIVATE",
        ])
    public static let tariffChangeUsage = AVPDefinition(
        "Tariff-Change-Usage", code: 452, type: .enumerated,
        enumeration: [0: "UNIT_BEFORE_TARIFF_CHANGE", 1: "UNIT_AFTER_TARIFF_CHANGE", 2: "UNIT_INDETERMINATE"])
    public static let tariffTimeChange = AVPDefinition("Tariff-Time-Change", code: 451, type: .time)
    public static let unitValue = AVPDefinition("Unit-Value", code: 445, type: .grouped)
    public static let usedServiceUnit = AVPDefinition("Used-Service-Unit", code: 446, type: .grouped)
    public static let userEquipmentInfo = AVPDefinition(
        "User-Equipment-Info", code: 458, type: .grouped, mandatory: .may)
    public static let userEquipmentInfoType = AVPDefinition(
        "User-Equipment-Info-Type", code: 459, type: .enumerated, mandatory: .may,
        enumeration: [0: "IMEISV", 1: "MAC", 2: "EUI64", 3: "MODIFIED_EUI64"])
    public static let userEquipmentInfoValue = AVPDefinition(
        "User-Equipment-Info-Value", code: 460, type: .octetString, mandatory: .may)
    public static let valueDigits = AVPDefinition("Value-Digits", code: 447, type: .integer64)
    public static let validityTime = AVPDefinition("Validity-Time", code: 448, type: .unsigned32)

    /// Every definition above, in table order.
    static let creditControlAVPs: [AVPDefinition] = [
        .ccCorrelationId, .ccInputOctets, .ccMoney, .ccOutputOctets, .ccRequestNumber, .ccRequestType,
        .ccServiceSpecificUnits, .ccSessionFailover, .ccSubSessionId, .ccTime, .ccTotalOctets, .ccUnitType,
        .checkBalanceResult, .costInformation, .costUnit, .creditControl, .creditControlFailureHandling, .currencyCode,
        .directDebitingFailureHandling, .exponent, .finalUnitAction, .finalUnitIndication, .grantedServiceUnit,
        .gsuPoolIdentifier, .gsuPoolReference, .multipleServicesCreditControl, .multipleServicesIndicator, .ratingGroup,
        .redirectAddressType, .redirectServer, .redirectServerAddress, .requestedAction, .requestedServiceUnit,
        .restrictionFilterRule, .serviceContextId, .serviceIdentifier, .serviceParameterInfo, .serviceParameterType,
        .serviceParameterValue, .subscriptionId, .subscriptionIdData, .subscriptionIdType, .tariffChangeUsage,
        .tariffTimeChange, .unitValue, .usedServiceUnit, .userEquipmentInfo, .userEquipmentInfoType,
        .userEquipmentInfoValue, .valueDigits, .validityTime,
    ]
}
