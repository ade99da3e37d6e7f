// RFC 4004, RFC 5447 and RFC 5778: the mobility AVPs that S6a subscription data reuses (Service-Selection
// carries the APN).
// Types and M-bit rules follow the flag-rule table of the specification named above.

extension AVPDefinition {
    public static let mipHomeAgentAddress = AVPDefinition("MIP-Home-Agent-Address", code: 334, type: .address)
    public static let mipHomeAgentHost = AVPDefinition("MIP-Home-Agent-Host", code: 348, type: .grouped)
    public static let mip6HomeLinkPrefix = AVPDefinition("MIP6-Home-Link-Prefix", code: 125, type: .octetString)
    public static let mip6AgentInfo = AVPDefinition("MIP6-Agent-Info", code: 486, type: .grouped)
    public static let serviceSelection = AVPDefinition("Service-Selection", code: 493, type: .utf8String)

    /// Every definition above, in table order.
    static let mobileIPv6AVPs: [AVPDefinition] = [
        .mipHomeAgentAddress, .mipHomeAgentHost, .mip6HomeLinkPrefix, .mip6AgentInfo, .serviceSelection,
    ]
}
