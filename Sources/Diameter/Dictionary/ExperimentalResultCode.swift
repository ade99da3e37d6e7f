/// A 3GPP Experimental-Result-Code (vendor 10415), carried in Experimental-Result together with
/// Vendor-Id 10415. Unknown values are kept.
///
/// Codes are shared between interfaces where 3GPP gives them one meaning (5001 and 5004 mean the
/// same on S6a and Cx); each constant says where it is defined.
public struct ExperimentalResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The Vendor-Id that goes with these codes in Experimental-Result.
    public static let vendor = DiameterVendor.tgpp

    // MARK: S6a/S6d, TS 29.272 7.4

    /// DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE (transient, 7.4.4).
    public static let authenticationDataUnavailable = Self(rawValue: 4181)
    /// DIAMETER_ERROR_CAMEL_SUBSCRIPTION_PRESENT (transient, 7.4.4).
    public static let camelSubscriptionPresent = Self(rawValue: 4182)
    /// DIAMETER_ERROR_USER_UNKNOWN: S6a 7.4.3 and Cx (TS 29.229 6.2.2.1).
    public static let userUnknown = Self(rawValue: 5001)
    /// DIAMETER_ERROR_ROAMING_NOT_ALLOWED: S6a 7.4.3 and Cx (TS 29.229 6.2.2.4).
    public static let roamingNotAllowed = Self(rawValue: 5004)
    /// DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION (7.4.3).
    public static let unknownEPSSubscription = Self(rawValue: 5420)
    /// DIAMETER_ERROR_RAT_NOT_ALLOWED (7.4.3).
    public static let ratNotAllowed = Self(rawValue: 5421)
    /// DIAMETER_ERROR_EQUIPMENT_UNKNOWN (7.4.3).
    public static let equipmentUnknown = Self(rawValue: 5422)
    /// DIAMETER_ERROR_UNKNOWN_SERVING_NODE (7.4.3).
    public static let unknownServingNode = Self(rawValue: 5423)

    // MARK: Cx/Dx, TS 29.229 6.2

    /// DIAMETER_FIRST_REGISTRATION (success, 6.2.1.1).
    public static let firstRegistration = Self(rawValue: 2001)
    /// DIAMETER_SUBSEQUENT_REGISTRATION (success, 6.2.1.2).
    public static let subsequentRegistration = Self(rawValue: 2002)
    /// DIAMETER_UNREGISTERED_SERVICE (success, 6.2.1.3).
    public static let unregisteredService = Self(rawValue: 2003)
    /// DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED (success, 6.2.1.4).
    public static let successServerNameNotStored = Self(rawValue: 2004)
    /// DIAMETER_ERROR_IDENTITIES_DONT_MATCH (6.2.2.2).
    public static let identitiesDontMatch = Self(rawValue: 5002)
    /// DIAMETER_ERROR_IDENTITY_NOT_REGISTERED (6.2.2.3).
    public static let identityNotRegistered = Self(rawValue: 5003)
    /// DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED (6.2.2.5).
    public static let identityAlreadyRegistered = Self(rawValue: 5005)
    /// DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED (6.2.2.6).
    public static let authSchemeNotSupported = Self(rawValue: 5006)
    /// DIAMETER_ERROR_IN_ASSIGNMENT_TYPE (6.2.2.7).
    public static let inAssignmentType = Self(rawValue: 5007)
    /// DIAMETER_ERROR_TOO_MUCH_DATA (6.2.2.8).
    public static let tooMuchData = Self(rawValue: 5008)
    /// DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA (6.2.2.9).
    public static let notSupportedUserData = Self(rawValue: 5009)
    /// DIAMETER_ERROR_FEATURE_UNSUPPORTED (6.2.2.11).
    public static let featureUnsupported = Self(rawValue: 5011)
    /// DIAMETER_ERROR_SERVING_NODE_FEATURE_UNSUPPORTED (6.2.2.12).
    public static let servingNodeFeatureUnsupported = Self(rawValue: 5012)

    // MARK: Gx, TS 29.212 5.5

    /// DIAMETER_PCC_BEARER_EVENT (transient, 5.5.2).
    public static let pccBearerEvent = Self(rawValue: 4141)
    /// DIAMETER_BEARER_EVENT (transient, 5.5.2).
    public static let bearerEvent = Self(rawValue: 4142)
    /// DIAMETER_AN_GW_FAILED (transient, 5.5.2).
    public static let anGWFailed = Self(rawValue: 4143)
    /// DIAMETER_PENDING_TRANSACTION (transient, 5.5.2).
    public static let pendingTransaction = Self(rawValue: 4144)
    /// DIAMETER_UE_STATUS_SUSPEND (transient, 5.5.2).
    public static let ueStatusSuspend = Self(rawValue: 4145)
    /// DIAMETER_ERROR_INITIAL_PARAMETERS (5.5.3).
    public static let initialParameters = Self(rawValue: 5140)
    /// DIAMETER_ERROR_TRIGGER_EVENT (5.5.3).
    public static let triggerEvent = Self(rawValue: 5141)
    /// DIAMETER_PCC_RULE_EVENT (5.5.3).
    public static let pccRuleEvent = Self(rawValue: 5142)
    /// DIAMETER_ERROR_BEARER_NOT_AUTHORIZED (5.5.3).
    public static let bearerNotAuthorized = Self(rawValue: 5143)
    /// DIAMETER_ERROR_TRAFFIC_MAPPING_INFO_REJECTED (5.5.3).
    public static let trafficMappingInfoRejected = Self(rawValue: 5144)
    /// DIAMETER_QOS_RULE_EVENT (5.5.3).
    public static let qosRuleEvent = Self(rawValue: 5145)
    /// DIAMETER_ERROR_CONFLICTING_REQUEST (5.5.3).
    public static let conflictingRequest = Self(rawValue: 5147)
    /// DIAMETER_ADC_RULE_EVENT (5.5.3).
    public static let adcRuleEvent = Self(rawValue: 5148)
    /// DIAMETER_ERROR_NBIFOM_NOT_AUTHORIZED (5.5.3).
    public static let nbifomNotAuthorized = Self(rawValue: 5149)

    // MARK: Rx, TS 29.214 5.5

    /// REQUESTED_SERVICE_TEMPORARILY_NOT_AUTHORIZED (transient, 5.5.2).
    public static let requestedServiceTemporarilyNotAuthorized = Self(rawValue: 4261)
    /// INVALID_SERVICE_INFORMATION (5.5.3).
    public static let invalidServiceInformation = Self(rawValue: 5061)
    /// FILTER_RESTRICTIONS (5.5.3).
    public static let filterRestrictions = Self(rawValue: 5062)
    /// REQUESTED_SERVICE_NOT_AUTHORIZED (5.5.3).
    public static let requestedServiceNotAuthorized = Self(rawValue: 5063)
    /// DUPLICATED_AF_SESSION (5.5.3).
    public static let duplicatedAFSession = Self(rawValue: 5064)
    /// IP-CAN_SESSION_NOT_AVAILABLE (5.5.3).
    public static let ipCANSessionNotAvailable = Self(rawValue: 5065)
    /// UNAUTHORIZED_NON_EMERGENCY_SESSION (5.5.3).
    public static let unauthorizedNonEmergencySession = Self(rawValue: 5066)
    /// UNAUTHORIZED_SPONSORED_DATA_CONNECTIVITY (5.5.3).
    public static let unauthorizedSponsoredDataConnectivity = Self(rawValue: 5067)
    /// TEMPORARY_NETWORK_FAILURE (5.5.3).
    public static let temporaryNetworkFailure = Self(rawValue: 5068)

    /// 2xxx codes report success (RFC 6733 7.1.2), 4xxx transient and 5xxx permanent failures.
    public var isSuccess: Bool { (2000..<3000).contains(rawValue) }
    public var isTransientFailure: Bool { (4000..<5000).contains(rawValue) }
    public var isPermanentFailure: Bool { (5000..<6000).contains(rawValue) }

    public var description: String { "experimental result \(rawValue)" }
}
