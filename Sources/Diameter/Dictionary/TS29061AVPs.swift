// TS 29.061 16.4.7: the 3GPP vendor-specific AVPs of the Gi/SGi interface (3GPP-*), which Gx reuses (e.g. 3GPP-
// User-Location-Info, 3GPP-MS-TimeZone) and S6a reuses (3GPP-Charging-Characteristics).
// Types and M-bit rules follow the flag-rule table of the specification named above.

private let tgpp = DiameterVendor.tgpp

extension AVPDefinition {
    public static let tgppIMSI = AVPDefinition("3GPP-IMSI", code: 1, vendor: tgpp, type: .utf8String)
    public static let tgppChargingId = AVPDefinition("3GPP-Charging-Id", code: 2, vendor: tgpp, type: .octetString)
    public static let tgppPDPType = AVPDefinition(
        "3GPP-PDP-Type", code: 3, vendor: tgpp, type: .enumerated,
        enumeration: [0: "IPv4", 1: "PPP", 2: "IPv6", 3: "IPv4v6", 4: "Non-IP", 5: "Unstructured", 6: "Ethernet"])
    public static let tgppCGAddress = AVPDefinition("3GPP-CG-Address", code: 4, vendor: tgpp, type: .octetString)
    public static let tgppGPRSNegotiatedQoSProfile = AVPDefinition(
        "3GPP-GPRS-Negotiated-QoS-Profile", code: 5, vendor: tgpp, type: .utf8String)
    public static let tgppSGSNAddress = AVPDefinition("3GPP-SGSN-Address", code: 6, vendor: tgpp, type: .octetString)
    public static let tgppGGSNAddress = AVPDefinition("3GPP-GGSN-Address", code: 7, vendor: tgpp, type: .octetString)
    public static let tgppIMSIMCCMNC = AVPDefinition("3GPP-IMSI-MCC-MNC", code: 8, vendor: tgpp, type: .utf8String)
    public static let tgppGGSNMCCMNC = AVPDefinition("3GPP-GGSN-MCC-MNC", code: 9, vendor: tgpp, type: .utf8String)
    public static let tgppNSAPI = AVPDefinition("3GPP-NSAPI", code: 10, vendor: tgpp, type: .octetString)
    public static let tgppSessionStopIndicator = AVPDefinition(
        "3GPP-Session-Stop-Indicator", code: 11, vendor: tgpp, type: .octetString)
    public static let tgppSelectionMode = AVPDefinition(
        "3GPP-Selection-Mode", code: 12, vendor: tgpp, type: .utf8String)
    public static let tgppChargingCharacteristics = AVPDefinition(
        "3GPP-Charging-Characteristics", code: 13, vendor: tgpp, type: .utf8String)
    public static let tgppCGIPv6Address = AVPDefinition(
        "3GPP-CG-IPv6-Address", code: 14, vendor: tgpp, type: .octetString)
    public static let tgppSGSNIPv6Address = AVPDefinition(
        "3GPP-SGSN-IPv6-Address", code: 15, vendor: tgpp, type: .octetString)
    public static let tgppGGSNIPv6Address = AVPDefinition(
        "3GPP-GGSN-IPv6-Address", code: 16, vendor: tgpp, type: .octetString)
    public static let tgppIPv6DNSServers = AVPDefinition(
        "3GPP-IPv6-DNS-Servers", code: 17, vendor: tgpp, type: .octetString)
    public static let tgppSGSNMCCMNC = AVPDefinition("3GPP-SGSN-MCC-MNC", code: 18, vendor: tgpp, type: .utf8String)
    public static let tgppTeardownIndicator = AVPDefinition(
        "3GPP-Teardown-Indicator", code: 19, vendor: tgpp, type: .octetString)
    public static let tgppIMEISV = AVPDefinition("3GPP-IMEISV", code: 20, vendor: tgpp, type: .octetString)
    public static let tgppRATType = AVPDefinition("3GPP-RAT-Type", code: 21, vendor: tgpp, type: .octetString)
    public static let tgppUserLocationInfo = AVPDefinition(
        "3GPP-User-Location-Info", code: 22, vendor: tgpp, type: .octetString)
    public static let tgppMSTimeZone = AVPDefinition("3GPP-MS-TimeZone", code: 23, vendor: tgpp, type: .octetString)
    public static let tgppCAMELChargingInfo = AVPDefinition(
        "3GPP-CAMEL-Charging-Info", code: 24, vendor: tgpp, type: .octetString)
    public static let tgppPacketFilter = AVPDefinition("3GPP-Packet-Filter", code: 25, vendor: tgpp, type: .octetString)
    public static let tgppNegotiatedDSCP = AVPDefinition(
        "3GPP-Negotiated-DSCP", code: 26, vendor: tgpp, type: .octetString)
    public static let tgppAllocateIPType = AVPDefinition(
        "3GPP-Allocate-IP-Type", code: 27, vendor: tgpp, type: .octetString)
    public static let twanIdentifier = AVPDefinition("TWAN-Identifier", code: 29, vendor: tgpp, type: .octetString)
    public static let tgppUserLocationInfoTime = AVPDefinition(
        "3GPP-User-Location-Info-Time", code: 30, vendor: tgpp, type: .octetString)

    /// Every definition above, in table order.
    static let ts29061AVPs: [AVPDefinition] = [
        .tgppIMSI, .tgppChargingId, .tgppPDPType, .tgppCGAddress, .tgppGPRSNegotiatedQoSProfile, .tgppSGSNAddress,
        .tgppGGSNAddress, .tgppIMSIMCCMNC, .tgppGGSNMCCMNC, .tgppNSAPI, .tgppSessionStopIndicator, .tgppSelectionMode,
        .tgppChargingCharacteristics, .tgppCGIPv6Address, .tgppSGSNIPv6Address, .tgppGGSNIPv6Address,
        .tgppIPv6DNSServers, .tgppSGSNMCCMNC, .tgppTeardownIndicator, .tgppIMEISV, .tgppRATType, .tgppUserLocationInfo,
        .tgppMSTimeZone, .tgppCAMELChargingInfo, .tgppPacketFilter, .tgppNegotiatedDSCP, .tgppAllocateIPType,
        .twanIdentifier, .tgppUserLocationInfoTime,
    ]
}
