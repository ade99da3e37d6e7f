// RFC 6733 (Diameter base protocol, table 4.5 and the accounting AVPs of 9.8), plus DRMP (RFC 7944).
// Types and M-bit rules follow the flag-rule table of the specification named above.

extension AVPDefinition {
    public static let acctInterimInterval = AVPDefinition("Acct-Interim-Interval", code: 85, type: .unsigned32)
    public static let accountingRealtimeRequired = AVPDefinition(
        "Accounting-Realtime-Required", code: 483, type: .enumerated,
        enumeration: [1: "DELIVER_AND_GRANT", 2: "GRANT_AND_STORE", 3: "GRANT_AND_LOSE"])
    public static let acctMultiSessionId = AVPDefinition("Acct-Multi-Session-Id", code: 50, type: .utf8String)
    public static let accountingRecordNumber = AVPDefinition("Accounting-Record-Number", code: 485, type: .unsigned32)
    public static let accountingRecordType = AVPDefinition(
        "Accounting-Record-Type", code: 480, type: .enumerated,
        enumeration: [1: "EVENT_RECORD", 2: "START_RECORD", 3: "INTERIM_RECORD", 4: "STOP_RECORD"])
    public static let acctSessionId = AVPDefinition("Acct-Session-Id", code: 44, type: .octetString)
    public static let accountingSubSessionId = AVPDefinition("Accounting-Sub-Session-Id", code: 287, type: .unsigned64)
    public static let acctApplicationId = AVPDefinition("Acct-Application-Id", code: 259, type: .unsigned32)
    public static let authApplicationId = AVPDefinition("Auth-Application-Id", code: 258, type: .unsigned32)
    public static let authRequestType = AVPDefinition(
        "Auth-Request-Type", code: 274, type: .enumerated,
        enumeration: [1: "AUTHENTICATE_ONLY", 2: "AUTHORIZE_ONLY", 3: "AUTHORIZE_AUTHENTICATE"])
    public static let authorizationLifetime = AVPDefinition("Authorization-Lifetime", code: 291, type: .unsigned32)
    public static let authGracePeriod = AVPDefinition("Auth-Grace-Period", code: 276, type: .unsigned32)
    public static let authSessionState = AVPDefinition(
        "Auth-Session-State", code: 277, type: .enumerated,
        enumeration: [0: "STATE_MAINTAINED", 1: "NO_STATE_MAINTAINED"])
    public static let reAuthRequestType = AVPDefinition(
        "Re-Auth-Request-Type", code: 285, type: .enumerated,
        enumeration: [0: "AUTHORIZE_ONLY", 1: "AUTHORIZE_AUTHENTICATE"])
    public static let `class` = AVPDefinition("Class", code: 25, type: .octetString)
    public static let destinationHost = AVPDefinition("Destination-Host", code: 293, type: .diameterIdentity)
    public static let destinationRealm = AVPDefinition("Destination-Realm", code: 283, type: .diameterIdentity)
    public static let disconnectCause = AVPDefinition(
        "Disconnect-Cause", code: 273, type: .enumerated,
        enumeration: [0: "REBOOTING", 1: "BUSY", 2: "DO_NOT_WANT_TO_TALK_TO_YOU"])
    public static let e2eSequence = AVPDefinition("E2E-Sequence", code: 300, type: .grouped)
    public static let errorMessage = AVPDefinition("Error-Message", code: 281, type: .utf8String, mandatory: .mustNot)
    public static let errorReportingHost = AVPDefinition(
        "Error-Reporting-Host", code: 294, type: .diameterIdentity, mandatory: .mustNot)
    public static let eventTimestamp = AVPDefinition("Event-Timestamp", code: 55, type: .time)
    public static let experimentalResult = AVPDefinition("Experimental-Result", code: 297, type: .grouped)
    public static let experimentalResultCode = AVPDefinition("Experimental-Result-Code", code: 298, type: .unsigned32)
    public static let failedAVP = AVPDefinition("Failed-AVP", code: 279, type: .grouped)
    public static let firmwareRevision = AVPDefinition(
        "Firmware-Revision", code: 267, type: .unsigned32, mandatory: .mustNot)
    public static let hostIPAddress = AVPDefinition("Host-IP-Address", code: 257, type: .address)
    public static let inbandSecurityId = AVPDefinition("Inband-Security-Id", code: 299, type: .unsigned32)
    public static let multiRoundTimeOut = AVPDefinition("Multi-Round-Time-Out", code: 272, type: .unsigned32)
    public static let originHost = AVPDefinition("Origin-Host", code: 264, type: .diameterIdentity)
    public static let originRealm = AVPDefinition("Origin-Realm", code: 296, type: .diameterIdentity)
    public static let originStateId = AVPDefinition("Origin-State-Id", code: 278, type: .unsigned32)
    public static let productName = AVPDefinition("Product-Name", code: 269, type: .utf8String, mandatory: .mustNot)
    public static let proxyHost = AVPDefinition("Proxy-Host", code: 280, type: .diameterIdentity)
    public static let proxyInfo = AVPDefinition("Proxy-Info", code: 284, type: .grouped)
    public static let proxyState = AVPDefinition("Proxy-State", code: 33, type: .octetString)
    public static let redirectHost = AVPDefinition("Redirect-Host", code: 292, type: .diameterURI)
    public static let redirectHostUsage = AVPDefinition(
        "Redirect-Host-Usage", code: 261, type: .enumerated,
        enumeration: [
            0: "DONT_CACHE", 1: "ALL_SESSION", 2: "ALL_REALM", 3: "REALM_AND_APPLICATION", 4: "ALL_APPLICATION",
            5: "ALL_HOST", 6: "ALL_USER",
        ])
    public static let redirectMaxCacheTime = AVPDefinition("Redirect-Max-Cache-Time", code: 262, type: .unsigned32)
    public static let resultCode = AVPDefinition("Result-Code", code: 268, type: .unsigned32)
    public static let routeRecord = AVPDefinition("Route-Record", code: 282, type: .diameterIdentity)
    public static let sessionId = AVPDefinition("Session-Id", code: 263, type: .utf8String)
    public static let sessionTimeout = AVPDefinition("Session-Timeout", code: 27, type: .unsigned32)
    public static let sessionBinding = AVPDefinition("Session-Binding", code: 270, type: .unsigned32)
    public static let sessionServerFailover = AVPDefinition(
        "Session-Server-Failover", code: 271, type: .enumerated,
        enumeration: [0: "REFUSE_SERVICE", 1: "TRY_AGAIN", 2: "ALLOW_SERVICE", 3: "TRY_AGAIN_ALLOW_SERVICE"])
    public static let supportedVendorId = AVPDefinition("Supported-Vendor-Id", code: 265, type: .unsigned32)
    public static let terminationCause = AVPDefinition(
        "Termination-Cause", code: 295, type: .enumerated,
        enumeration: [
            1: "DIAMETER_LOGOUT", 2: "DIAMETER_SERVICE_NOT_PROVIDED", 3: "DIAMETER_BAD_ANSWER",
            4: "DIAMETER_ADMINISTRATIVE", 5: "DIAMETER_LINK_BROKEN", 6: "DIAMETER_AUTH_EXPIRED",
            7: "DIAMETER_USER_MOVED", 8: "DIAMETER_SESSION_TIMEOUT",
        ])
    public static let userName = AVPDefinition("User-Name", code: 1, type: .utf8String)
    public static let vendorId = AVPDefinition("Vendor-Id", code: 266, type: .unsigned32)
    public static let vendorSpecificApplicationId = AVPDefinition(
        "Vendor-Specific-Application-Id", code: 260, type: .grouped)
    // RFC 7944 (Diameter Routing Message Priority): optional in most 3GPP command ABNFs.
    public static let drmp = AVPDefinition(
        "DRMP", code: 301, type: .enumerated, mandatory: .mustNot,
        enumeration: [
            0: "PRIORITY_0", 1: "PRIORITY_1", 2: "PRIORITY_2", 3: "PRIORITY_3", 4: "PRIORITY_4", 5: "PRIORITY_5",
            6: "PRIORITY_6", 7: "PRIORITY_7", 8: "PRIORITY_8", 9: "PRIORITY_9", 10: "PRIORITY_10", 11: "PRIORITY_11",
            12: "PRIORITY_12", 13: "PRIORITY_13", 14: "PRIORITY_14", 15: "PRIORITY_15",
        ])

    /// Every definition above, in table order.
    static let baseProtocolAVPs: [AVPDefinition] = [
        .acctInterimInterval, .accountingRealtimeRequired, .acctMultiSessionId, .accountingRecordNumber,
        .accountingRecordType, .acctSessionId, .accountingSubSessionId, .acctApplicationId, .authApplicationId,
        .authRequestType, .authorizationLifetime, .authGracePeriod, .authSessionState, .reAuthRequestType, .`class`,
        .destinationHost, .destinationRealm, .disconnectCause, .e2eSequence, .errorMessage, .errorReportingHost,
        .eventTimestamp, .experimentalResult, .experimentalResultCode, .failedAVP, .firmwareRevision, .hostIPAddress,
        .inbandSecurityId, .multiRoundTimeOut, .originHost, .originRealm, .originStateId, .productName, .proxyHost,
        .proxyInfo, .proxyState, .redirectHost, .redirectHostUsage, .redirectMaxCacheTime, .resultCode, .routeRecord,
        .sessionId, .sessionTimeout, .sessionBinding, .sessionServerFailover, .supportedVendorId, .terminationCause,
        .userName, .vendorId, .vendorSpecificApplicationId, .drmp,
    ]
}
