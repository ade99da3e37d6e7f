/// A Diameter application identifier (RFC 6733 2.4), as carried in the message header and in
/// Auth-Application-Id / Acct-Application-Id. Unknown values are kept.
public struct DiameterApplication: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Diameter common messages: CER/CEA, DWR/DWA, DPR/DPA (RFC 6733).
    public static let common = Self(rawValue: 0)
    /// NASREQ (RFC 7155).
    public static let nasreq = Self(rawValue: 1)
    /// Diameter base accounting (RFC 6733).
    public static let baseAccounting = Self(rawValue: 3)
    /// Diameter credit control (RFC 4006).
    public static let creditControl = Self(rawValue: 4)
    /// Cx/Dx, I-CSCF and S-CSCF to HSS (TS 29.228/29.229).
    public static let cx = Self(rawValue: 16_777_216)
    /// Sh, AS to HSS (TS 29.328/29.329): listed for reference, VCore does not speak it.
    public static let sh = Self(rawValue: 16_777_217)
    /// Rx, P-CSCF to PCRF (TS 29.214).
    public static let rx = Self(rawValue: 16_777_236)
    /// Gx, PCEF (PGW) to PCRF (TS 29.212).
    public static let gx = Self(rawValue: 16_777_238)
    /// S6a/S6d, MME or SGSN to HSS (TS 29.272).
    public static let s6a = Self(rawValue: 16_777_251)
    /// The relay application (RFC 6733 2.4).
    public static let relay = Self(rawValue: 0xFFFF_FFFF)

    /// The 3GPP applications above are advertised inside Vendor-Specific-Application-Id with this vendor.
    public var vendor: UInt32 {
        switch self {
        case .cx, .sh, .rx, .gx, .s6a: DiameterVendor.tgpp
        default: DiameterVendor.ietf
        }
    }

    public var name: String? {
        switch self {
        case .common: "Diameter Common Messages"
        case .nasreq: "NASREQ"
        case .baseAccounting: "Diameter Base Accounting"
        case .creditControl: "Diameter Credit Control"
        case .cx: "3GPP Cx"
        case .sh: "3GPP Sh"
        case .rx: "3GPP Rx"
        case .gx: "3GPP Gx"
        case .s6a: "3GPP S6a/S6d"
        case .relay: "Relay"
        default: nil
        }
    }

    public var description: String { name.map { "\($0) (\(rawValue))" } ?? "application \(rawValue)" }
}
