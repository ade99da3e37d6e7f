// TS 29.229 6.3 (Cx/Dx), plus the RFC 5090 digest AVPs that SIP-Digest-Authenticate carries and the private
// call-id AVP that Kamailio's S-CSCF adds to SAR.
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let visitedNetworkIdentifier = AVPDefinition(
        "Visited-Network-Identifier", code: 600, vendor: tgpp, type: .octetString)
    public static let publicIdentity = AVPDefinition("Public-Identity", code: 601, vendor: tgpp, type: .utf8String)
    public static let serverName = AVPDefinition("Server-Name", code: 602, vendor: tgpp, type: .utf8String)
    public static let serverCapabilities = AVPDefinition("Server-Capabilities", code: 603, vendor: tgpp, type: .grouped)
    public static let mandatoryCapability = AVPDefinition(
        "Mandatory-Capability", code: 604, vendor: tgpp, type: .unsigned32)
    public static let optionalCapability = AVPDefinition(
        "Optional-Capability", code: 605, vendor: tgpp, type: .unsigned32)
    public static let userData = AVPDefinition("User-Data", code: 606, vendor: tgpp, type: .octetString)
    public static let sipNumberAuthItems = AVPDefinition(
        "SIP-Number-Auth-Items", code: 607, vendor: tgpp, type: .unsigned32)
    public static let sipAuthenticationScheme = AVPDefinition(
        "SIP-Authentication-Scheme", code: 608, vendor: tgpp, type: .utf8String)
    public static let sipAuthenticate = AVPDefinition("SIP-Authenticate", code: 609, vendor: tgpp, type: .octetString)
    public static let sipAuthorization = AVPDefinition("SIP-Authorization", code: 610, vendor: tgpp, type: .octetString)
    public static let sipAuthenticationContext = AVPDefinition(
        "SIP-Authentication-Context", code: 611, vendor: tgpp, type: .octetString)
    public static let sipAuthDataItem = AVPDefinition("SIP-Auth-Data-Item", code: 612, vendor: tgpp, type: .grouped)
    public static let sipItemNumber = AVPDefinition("SIP-Item-Number", code: 613, vendor: tgpp, type: .unsigned32)
    public static let serverAssignmentType = AVPDefinition(
        "Server-Assignment-Type", code: 614, vendor: tgpp, type: .enumerated,
        enumeration: [
            0: "NO_ASSIGNMENT", 1: "REGISTRATION", 2: "RE_REGISTRATION", 3: "UNREGISTERED_USER",
            4: "TIMEOUT_DEREGISTRATION", 5: "USER_DEREGISTRATION", 6: "TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME",
            7: "USER_DEREGISTRATION_STORE_SERVER_NAME", 8: "ADMINISTRATIVE_DEREGISTRATION", 9: "AUTHENTICATION_FAILURE",
            10: "AUTHENTICATION_TIMEOUT", 11: "DEREGISTRATION_TOO_MUCH_DATA", 12: "AAA_USER_DATA_REQUEST",
            13: "PGW_UPDATE", 14: "RESTORATION",
        ])
    public static let deregistrationReason = AVPDefinition(
        "Deregistration-Reason", code: 615, vendor: tgpp, type: .grouped)
    public static let reasonCode = AVPDefinition(
        "Reason-Code", code: 616, vendor: tgpp, type: .enumerated,
        enumeration: [0: "PERMANENT_TERMINATION", 1: "NEW_SERVER_ASSIGNED", 2: "SERVER_CHANGE", 3: "REMOVE_S-CSCF"])
    public static let reasonInfo = AVPDefinition("Reason-Info", code: 617, vendor: tgpp, type: .utf8String)
    public static let chargingInformation = AVPDefinition(
        "Charging-Information", code: 618, vendor: tgpp, type: .grouped)
    public static let primaryEventChargingFunctionName = AVPDefinition(
        "Primary-Event-Charging-Function-Name", code: 619, vendor: tgpp, type: .diameterURI)
    public static let secondaryEventChargingFunctionName = AVPDefinition(
        "Secondary-Event-Charging-Function-Name", code: 620, vendor: tgpp, type: .diameterURI)
    public static let primaryChargingCollectionFunctionName = AVPDefinition(
        "Primary-Charging-Collection-Function-Name", code: 621, vendor: tgpp, type: .diameterURI)
    public static let secondaryChargingCollectionFunctionName = AVPDefinition(
        "Secondary-Charging-Collection-Function-Name", code: 622, vendor: tgpp, type: .diameterURI)
    public static let userAuthorizationType = AVPDefinition(
        "User-Authorization-Type", code: 623, vendor: tgpp, type: .enumerated,
        enumeration: [0: "REGISTRATION", 1: "DE_REGISTRATION", 2: "REGISTRATION_AND_CAPABILITIES"])
    public static let userDataAlreadyAvailable = AVPDefinition(
        "User-Data-Already-Available", code: 624, vendor: tgpp, type: .enumerated,
        enumeration: [0: "USER_DATA_NOT_AVAILABLE", 1: "USER_DATA_ALREADY_AVAILABLE"])
    public static let confidentialityKey = AVPDefinition(
        "Confidentiality-Key", code: 625, vendor: tgpp, type: .octetString)
    public static let integrityKey = AVPDefinition("Integrity-Key", code: 626, vendor: tgpp, type: .octetString)
    public static let supportedFeatures = AVPDefinition(
        "Supported-Features", code: 628, vendor: tgpp, type: .grouped, mandatory: .may)
    public static let featureListID = AVPDefinition(
        "Feature-List-ID", code: 629, vendor: tgpp, type: .unsigned32, mandatory: .may)
    public static let featureList = AVPDefinition(
        "Feature-List", code: 630, vendor: tgpp, type: .unsigned32, mandatory: .may)
    public static let supportedApplications = AVPDefinition(
        "Supported-Applications", code: 631, vendor: tgpp, type: .grouped, mandatory: .may)
    public static let associatedIdentities = AVPDefinition(
        "Associated-Identities", code: 632, vendor: tgpp, type: .grouped, mandatory: .may)
    public static let originatingRequest = AVPDefinition(
        "Originating-Request", code: 633, vendor: tgpp, type: .enumerated,
        enumeration: [0: "ORIGINATING"])
    public static let wildcardedPublicIdentity = AVPDefinition(
        "Wildcarded-Public-Identity", code: 634, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let sipDigestAuthenticate = AVPDefinition(
        "SIP-Digest-Authenticate", code: 635, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let wildcardedIMPU = AVPDefinition(
        "Wildcarded-IMPU", code: 636, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let uarFlags = AVPDefinition(
        "UAR-Flags", code: 637, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let looseRouteIndication = AVPDefinition(
        "Loose-Route-Indication", code: 638, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "LOOSE_ROUTE_NOT_REQUIRED", 1: "LOOSE_ROUTE_REQUIRED"])
    public static let scscfRestorationInfo = AVPDefinition(
        "SCSCF-Restoration-Info", code: 639, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let path = AVPDefinition("Path", code: 640, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let contact = AVPDefinition(
        "Contact", code: 641, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let subscriptionInfo = AVPDefinition(
        "Subscription-Info", code: 642, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let callIDSIPHeader = AVPDefinition(
        "Call-ID-SIP-Header", code: 643, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let fromSIPHeader = AVPDefinition(
        "From-SIP-Header", code: 644, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let toSIPHeader = AVPDefinition(
        "To-SIP-Header", code: 645, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let recordRoute = AVPDefinition(
        "Record-Route", code: 646, vendor: tgpp, type: .octetString, mandatory: .mustNot)
    public static let associatedRegisteredIdentities = AVPDefinition(
        "Associated-Registered-Identities", code: 647, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let multipleRegistrationIndication = AVPDefinition(
        "Multiple-Registration-Indication", code: 648, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NOT_MULTIPLE_REGISTRATION", 1: "MULTIPLE_REGISTRATION"])
    public static let restorationInfo = AVPDefinition(
        "Restoration-Info", code: 649, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let sessionPriority = AVPDefinition(
        "Session-Priority", code: 650, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "PRIORITY-0", 1: "PRIORITY-1", 2: "PRIORITY-2", 3: "PRIORITY-3", 4: "PRIORITY-4"])
    public static let identityWithEmergencyRegistration = AVPDefinition(
        "Identity-with-Emergency-Registration", code: 651, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let priviledgedSenderIndication = AVPDefinition(
        "Priviledged-Sender-Indication", code: 652, vendor: tgpp, type: .enumerated, mandatory: .mustNot,
        enumeration: [0: "NOT_PRIVILEDGED_SENDER", 1: "PRIVILEDGED_SENDER"])
    public static let liaFlags = AVPDefinition(
        "LIA-Flags", code: 653, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let initialCSeqSequenceNumber = AVPDefinition(
        "Initial-CSeq-Sequence-Number", code: 654, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let sarFlags = AVPDefinition(
        "SAR-Flags", code: 655, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let allowedWAFWWSFIdentities = AVPDefinition(
        "Allowed-WAF-WWSF-Identities", code: 656, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let webRTCAuthenticationFunctionName = AVPDefinition(
        "WebRTC-Authentication-Function-Name", code: 657, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let webRTCWebServerFunctionName = AVPDefinition(
        "WebRTC-Web-Server-Function-Name", code: 658, vendor: tgpp, type: .utf8String, mandatory: .mustNot)
    public static let rtrFlags = AVPDefinition(
        "RTR-Flags", code: 659, vendor: tgpp, type: .unsigned32, mandatory: .mustNot)
    public static let pcscfSubscriptionInfo = AVPDefinition(
        "P-CSCF-Subscription-Info", code: 660, vendor: tgpp, type: .grouped, mandatory: .mustNot)
    public static let registrationTimeOut = AVPDefinition(
        "Registration-Time-Out", code: 661, vendor: tgpp, type: .time, mandatory: .mustNot)
    // RFC 5090, reused by SIP-Digest-Authenticate (TS 29.229 6.3.36).
    public static let digestRealm = AVPDefinition("Digest-Realm", code: 104, type: .utf8String)
    public static let digestQoP = AVPDefinition("Digest-QoP", code: 110, type: .utf8String)
    public static let digestAlgorithm = AVPDefinition("Digest-Algorithm", code: 111, type: .utf8String)
    public static let digestHA1 = AVPDefinition("Digest-HA1", code: 121, type: .utf8String)
    // Not standardised: Kamailio's ims_registrar_scscf adds the SIP Call-ID to SAR in this AVP (vendor 50) when its
    // send_vs_callid_avp parameter is on; the M bit is clear. Seen in nonipsec_reg.pcapng.
    public static let kamailioCallId = AVPDefinition(
        "Call-Id", code: 494, vendor: 50, type: .utf8String, mandatory: .mustNot)

    /// Every definition above, in table order.
    static let cxAVPs: [AVPDefinition] = [
        .visitedNetworkIdentifier, .publicIdentity, .serverName, .serverCapabilities, .mandatoryCapability,
        .optionalCapability, .userData, .sipNumberAuthItems, .sipAuthenticationScheme, .sipAuthenticate,
        .sipAuthorization, .sipAuthenticationContext, .sipAuthDataItem, .sipItemNumber, .serverAssignmentType,
        .deregistrationReason, .reasonCode, .reasonInfo, .chargingInformation, .primaryEventChargingFunctionName,
        .secondaryEventChargingFunctionName, .primaryChargingCollectionFunctionName,
        .secondaryChargingCollectionFunctionName, .userAuthorizationType, .userDataAlreadyAvailable,
        .confidentialityKey, .integrityKey, .supportedFeatures, .featureListID, .featureList, .supportedApplications,
        .associatedIdentities, .originatingRequest, .wildcardedPublicIdentity, .sipDigestAuthenticate, .wildcardedIMPU,
        .uarFlags, .looseRouteIndication, .scscfRestorationInfo, .path, .contact, .subscriptionInfo, .callIDSIPHeader,
        .fromSIPHeader, .toSIPHeader, .recordRoute, .associatedRegisteredIdentities, .multipleRegistrationIndication,
        .restorationInfo, .sessionPriority, .identityWithEmergencyRegistration, .priviledgedSenderIndication, .liaFlags,
        .initialCSeqSequenceNumber, .sarFlags, .allowedWAFWWSFIdentities, .webRTCAuthenticationFunctionName,
        .webRTCWebServerFunctionName, .rtrFlags, .pcscfSubscriptionInfo, .registrationTimeOut, .digestRealm, .digestQoP,
        .digestAlgorithm, .digestHA1, .kamailioCallId,
    ]
}
