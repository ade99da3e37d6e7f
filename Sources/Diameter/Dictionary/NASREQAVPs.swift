// RFC 7155 (Diameter NAS application): the AVPs Gx and Rx reuse, plus the common NAS session, framed access and
// accounting AVPs.
// Types and M-bit rules follow the flag-rule table of the specification named above.

extension AVPDefinition {
    public static let nasPort = AVPDefinition("NAS-Port", code: 5, type: .unsigned32)
    public static let nasPortId = AVPDefinition("NAS-Port-Id", code: 87, type: .utf8String)
    public static let nasPortType = AVPDefinition("NAS-Port-Type", code: 61, type: .enumerated)
    public static let calledStationId = AVPDefinition("Called-Station-Id", code: 30, type: .utf8String)
    public static let callingStationId = AVPDefinition("Calling-Station-Id", code: 31, type: .utf8String)
    public static let connectInfo = AVPDefinition("Connect-Info", code: 77, type: .utf8String)
    public static let originatingLineInfo = AVPDefinition("Originating-Line-Info", code: 94, type: .octetString)
    public static let replyMessage = AVPDefinition("Reply-Message", code: 18, type: .utf8String)
    public static let userPassword = AVPDefinition("User-Password", code: 2, type: .octetString)
    public static let passwordRetry = AVPDefinition("Password-Retry", code: 75, type: .unsigned32)
    public static let prompt = AVPDefinition(
        "Prompt", code: 76, type: .enumerated,
        enumeration: [0: "No Echo", 1: "Echo"])
    public static let chapAuth = AVPDefinition("CHAP-Auth", code: 402, type: .grouped)
    public static let chapAlgorithm = AVPDefinition(
        "CHAP-Algorithm", code: 403, type: .enumerated,
        enumeration: [5: "CHAP with MD5"])
    public static let chapIdent = AVPDefinition("CHAP-Ident", code: 404, type: .octetString)
    public static let chapResponse = AVPDefinition("CHAP-Response", code: 405, type: .octetString)
    public static let chapChallenge = AVPDefinition("CHAP-Challenge", code: 60, type: .octetString)
    public static let serviceType = AVPDefinition(
        "Service-Type", code: 6, type: .enumerated,
        enumeration: [
            1: "Login", 2: "Framed", 3: "Callback Login", 4: "Callback Framed", 5: "Outbound", 6: "Administrative",
            7: "NAS Prompt", 8: "Authenticate Only", 9: "Callback NAS Prompt", 10: "Call Check",
            11: "Callback Administrative",
        ])
    public static let callbackNumber = AVPDefinition("Callback-Number", code: 19, type: .utf8String)
    public static let callbackId = AVPDefinition("Callback-Id", code: 20, type: .utf8String)
    public static let idleTimeout = AVPDefinition("Idle-Timeout", code: 28, type: .unsigned32)
    public static let portLimit = AVPDefinition("Port-Limit", code: 62, type: .unsigned32)
    public static let nasFilterRule = AVPDefinition("NAS-Filter-Rule", code: 400, type: .ipFilterRule)
    public static let filterId = AVPDefinition("Filter-Id", code: 11, type: .utf8String)
    public static let configurationToken = AVPDefinition("Configuration-Token", code: 78, type: .octetString)
    public static let qosFilterRule = AVPDefinition("QoS-Filter-Rule", code: 407, type: .qosFilterRule)
    public static let framedProtocol = AVPDefinition(
        "Framed-Protocol", code: 7, type: .enumerated,
        enumeration: [1: "PPP", 2: "SLIP", 3: "ARAP", 4: "Gandalf", 5: "Xylogics", 6: "X.75"])
    public static let framedRouting = AVPDefinition(
        "Framed-Routing", code: 10, type: .enumerated,
        enumeration: [0: "None", 1: "Send routing packets", 2: "Listen for routing packets", 3: "Send and Listen"])
    public static let framedMTU = AVPDefinition("Framed-MTU", code: 12, type: .unsigned32)
    public static let framedCompression = AVPDefinition(
        "Framed-Compression", code: 13, type: .enumerated,
        enumeration: [
            0: "None", 1: "VJ TCP/IP header compression", 2: "IPX header compression", 3: "Stac-LZS compression",
        ])
    public static let framedIPAddress = AVPDefinition("Framed-IP-Address", code: 8, type: .octetString)
    public static let framedIPNetmask = AVPDefinition("Framed-IP-Netmask", code: 9, type: .octetString)
    public static let framedRoute = AVPDefinition("Framed-Route", code: 22, type: .utf8String)
    public static let framedPool = AVPDefinition("Framed-Pool", code: 88, type: .octetString)
    public static let framedInterfaceId = AVPDefinition("Framed-Interface-Id", code: 96, type: .unsigned64)
    public static let framedIPv6Prefix = AVPDefinition("Framed-IPv6-Prefix", code: 97, type: .octetString)
    public static let framedIPv6Route = AVPDefinition("Framed-IPv6-Route", code: 99, type: .utf8String)
    public static let framedIPv6Pool = AVPDefinition("Framed-IPv6-Pool", code: 100, type: .octetString)
    public static let nasIdentifier = AVPDefinition("NAS-Identifier", code: 32, type: .utf8String)
    public static let nasIPAddress = AVPDefinition("NAS-IP-Address", code: 4, type: .octetString)
    public static let nasIPv6Address = AVPDefinition("NAS-IPv6-Address", code: 95, type: .octetString)
    public static let state = AVPDefinition("State", code: 24, type: .octetString)
    public static let originAAAProtocol = AVPDefinition(
        "Origin-AAA-Protocol", code: 408, type: .enumerated,
        enumeration: [1: "RADIUS"])
    public static let accountingInputOctets = AVPDefinition("Accounting-Input-Octets", code: 363, type: .unsigned64)
    public static let accountingOutputOctets = AVPDefinition("Accounting-Output-Octets", code: 364, type: .unsigned64)
    public static let accountingInputPackets = AVPDefinition("Accounting-Input-Packets", code: 365, type: .unsigned64)
    public static let accountingOutputPackets = AVPDefinition("Accounting-Output-Packets", code: 366, type: .unsigned64)
    public static let acctSessionTime = AVPDefinition("Acct-Session-Time", code: 46, type: .unsigned32)
    public static let acctAuthentic = AVPDefinition(
        "Acct-Authentic", code: 45, type: .enumerated,
        enumeration: [1: "RADIUS", 2: "Local", 3: "Remote", 4: "Diameter"])
    public static let accountingAuthMethod = AVPDefinition(
        "Accounting-Auth-Method", code: 406, type: .enumerated,
        enumeration: [1: "PAP", 2: "CHAP", 3: "MS-CHAP-1", 4: "MS-CHAP-2", 5: "EAP", 7: "None"])
    public static let acctDelayTime = AVPDefinition("Acct-Delay-Time", code: 41, type: .unsigned32)
    public static let acctLinkCount = AVPDefinition("Acct-Link-Count", code: 51, type: .unsigned32)
    public static let acctTunnelConnection = AVPDefinition("Acct-Tunnel-Connection", code: 68, type: .octetString)
    public static let acctTunnelPacketsLost = AVPDefinition("Acct-Tunnel-Packets-Lost", code: 86, type: .unsigned32)
    public static let tunneling = AVPDefinition("Tunneling", code: 401, type: .grouped)
    public static let tunnelType = AVPDefinition("Tunnel-Type", code: 64, type: .enumerated)
    public static let tunnelMediumType = AVPDefinition("Tunnel-Medium-Type", code: 65, type: .enumerated)
    public static let tunnelClientEndpoint = AVPDefinition("Tunnel-Client-Endpoint", code: 66, type: .utf8String)
    public static let tunnelServerEndpoint = AVPDefinition("Tunnel-Server-Endpoint", code: 67, type: .utf8String)
    public static let tunnelPassword = AVPDefinition("Tunnel-Password", code: 69, type: .octetString)
    public static let tunnelPrivateGroupId = AVPDefinition("Tunnel-Private-Group-Id", code: 81, type: .octetString)
    public static let tunnelAssignmentId = AVPDefinition("Tunnel-Assignment-Id", code: 82, type: .octetString)
    public static let tunnelPreference = AVPDefinition("Tunnel-Preference", code: 83, type: .unsigned32)
    public static let tunnelClientAuthId = AVPDefinition("Tunnel-Client-Auth-Id", code: 90, type: .utf8String)
    public static let tunnelServerAuthId = AVPDefinition("Tunnel-Server-Auth-Id", code: 91, type: .utf8String)

    /// Every definition above, in table order.
    static let nasreqAVPs: [AVPDefinition] = [
        .nasPort, .nasPortId, .nasPortType, .calledStationId, .callingStationId, .connectInfo, .originatingLineInfo,
        .replyMessage, .userPassword, .passwordRetry, .prompt, .chapAuth, .chapAlgorithm, .chapIdent, .chapResponse,
        .chapChallenge, .serviceType, .callbackNumber, .callbackId, .idleTimeout, .portLimit, .nasFilterRule, .filterId,
        .configurationToken, .qosFilterRule, .framedProtocol, .framedRouting, .framedMTU, .framedCompression,
        .framedIPAddress, .framedIPNetmask, .framedRoute, .framedPool, .framedInterfaceId, .framedIPv6Prefix,
        .framedIPv6Route, .framedIPv6Pool, .nasIdentifier, .nasIPAddress, .nasIPv6Address, .state, .originAAAProtocol,
        .accountingInputOctets, .accountingOutputOctets, .accountingInputPackets, .accountingOutputPackets,
        .acctSessionTime, .acctAuthentic, .accountingAuthMethod, .acctDelayTime, .acctLinkCount, .acctTunnelConnection,
        .acctTunnelPacketsLost, .tunneling, .tunnelType, .tunnelMediumType, .tunnelClientEndpoint,
        .tunnelServerEndpoint, .tunnelPassword, .tunnelPrivateGroupId, .tunnelAssignmentId, .tunnelPreference,
        .tunnelClientAuthId, .tunnelServerAuthId,
    ]
}
