/// One row of a Diameter dictionary: what an AVP code means and how its data is formatted.
public struct AVPDefinition: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let code: UInt32
    /// 0 for IETF AVPs, 10415 for 3GPP.
    public let vendor: UInt32
    public let type: AVPDataType
    /// Whether a sender sets the M bit; `.must` AVPs are built with it.
    public let mandatory: AVPFlagRule
    /// Names of the values of an Enumerated AVP, where the dictionary knows them.
    public let enumeration: [Int32: String]

    public init(_ name: String, code: UInt32, vendor: UInt32 = 0, type: AVPDataType,
                mandatory: AVPFlagRule = .must, enumeration: [Int32: String] = [:]) {
        self.name = name
        self.code = code
        self.vendor = vendor
        self.type = type
        self.mandatory = mandatory
        self.enumeration = enumeration
    }

    public var description: String { vendor == 0 ? "\(name)(\(code))" : "\(name)(\(code)/\(vendor))" }
}

public enum DiameterVendor {
    public static let ietf: UInt32 = 0
    public static let tgpp: UInt32 = 10415
    public static let etsi: UInt32 = 13019
}
