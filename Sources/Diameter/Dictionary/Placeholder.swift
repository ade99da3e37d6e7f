// Temporary: the dictionary tables land with the Diameter dictionary work.
extension AVPDefinition {
    public static let sessionId = AVPDefinition("Session-Id", code: 263, type: .utf8String)
    public static let originHost = AVPDefinition("Origin-Host", code: 264, type: .diameterIdentity)
    public static let originRealm = AVPDefinition("Origin-Realm", code: 296, type: .diameterIdentity)
    public static let resultCode = AVPDefinition("Result-Code", code: 268, type: .unsigned32)
    public static let experimentalResult = AVPDefinition("Experimental-Result", code: 297, type: .grouped)
    public static let experimentalResultCode = AVPDefinition("Experimental-Result-Code", code: 298, type: .unsigned32)
    public static let vendorId = AVPDefinition("Vendor-Id", code: 266, type: .unsigned32)
    static let allStandard: [AVPDefinition] = [.sessionId, .originHost, .originRealm, .resultCode, .experimentalResult, .experimentalResultCode, .vendorId]
}

public struct DiameterCommand: Sendable {
    public let code: UInt32
    public let name: String
    public static func named(code: UInt32) -> DiameterCommand? { nil }
}
