/// The data formats of RFC 6733 4.2 (basic) and 4.3 (derived), plus QoSFilterRule (RFC 3588).
public enum AVPDataType: UInt8, Hashable, Sendable, CaseIterable {
    case octetString, integer32, integer64, unsigned32, unsigned64, float32, float64, grouped
    case address, time, utf8String, diameterIdentity, diameterURI, enumerated, ipFilterRule, qosFilterRule

    /// The fixed payload size of numeric types, nil for variable-length ones.
    public var fixedLength: Int? {
        switch self {
        case .integer32, .unsigned32, .float32, .enumerated, .time: 4
        case .integer64, .unsigned64, .float64: 8
        default: nil
        }
    }

    /// True for the types carried as UTF-8 text.
    public var isText: Bool {
        switch self {
        case .utf8String, .diameterIdentity, .diameterURI, .ipFilterRule, .qosFilterRule: true
        default: false
        }
    }
}

/// Whether the M bit must, may or must not be set on an AVP (the "AVP Flag rules" tables).
public enum AVPFlagRule: UInt8, Hashable, Sendable {
    case must, may, mustNot
}
