extension AVPDefinition {
    /// Every AVP definition VCore knows: the base protocol and the IETF applications 3GPP reuses,
    /// then TS 29.061, S6a/S6d (29.272), Cx/Dx (29.229), Gx (29.212) and Rx (29.214).
    ///
    /// The IETF lists come first: where two vendors use one AVP name (Service-Type is RFC 7155's
    /// code 6 and TS 29.272's code 1483), the first keeps the name in `DiameterDictionary`.
    public static let allStandard: [AVPDefinition] = [
        baseProtocolAVPs, creditControlAVPs, nasreqAVPs, mobileIPv6AVPs, ts29061AVPs, s6aAVPs, s6aLaterAVPs, cxAVPs,
        gxAVPs, rxAVPs,
    ].flatMap { $0 }
}
