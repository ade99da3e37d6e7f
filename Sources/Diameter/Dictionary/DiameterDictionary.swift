/// Looks AVP definitions up by code and vendor in constant time.
///
/// IETF and 3GPP codes, the ones every VCore interface uses, sit in flat arrays indexed by code;
/// other vendors fall back to a hash table.
public struct DiameterDictionary: Sendable {
    private var ietf: [AVPDefinition?]
    private var tgpp: [AVPDefinition?]
    private var others: [UInt64: AVPDefinition]
    private var byName: [String: AVPDefinition]
    /// Just the data types, by code, for the decoder: looking a full definition up would copy its
    /// name and enumeration (reference counted) for every AVP of every message.
    @usableFromInline var ietfTypes: [AVPDataType?]
    @usableFromInline var tgppTypes: [AVPDataType?]

    public init(_ definitions: [AVPDefinition]) {
        ietf = Array(repeating: nil, count: 1024)
        tgpp = Array(repeating: nil, count: 4096)
        ietfTypes = Array(repeating: nil, count: 1024)
        tgppTypes = Array(repeating: nil, count: 4096)
        others = [:]
        byName = [:]
        for definition in definitions { add(definition) }
    }

    public mutating func add(_ definition: AVPDefinition) {
        switch definition.vendor {
        case DiameterVendor.ietf where definition.code < ietf.count:
            ietf[Int(definition.code)] = definition
            ietfTypes[Int(definition.code)] = definition.type
        case DiameterVendor.tgpp where definition.code < tgpp.count:
            tgpp[Int(definition.code)] = definition
            tgppTypes[Int(definition.code)] = definition.type
        default:
            others[UInt64(definition.vendor) << 32 | UInt64(definition.code)] = definition
        }
        // Where two vendors use one name (Service-Type is RFC 7155's 6 and TS 29.272's 1483), the
        // first registered keeps it; re-adding the same code and vendor replaces it.
        if let named = byName[definition.name], named.code != definition.code || named.vendor != definition.vendor {
            return
        }
        byName[definition.name] = definition
    }

    @inlinable
    public func definition(code: UInt32, vendor: UInt32) -> AVPDefinition? {
        lookup(code: code, vendor: vendor)
    }

    @usableFromInline
    func lookup(code: UInt32, vendor: UInt32) -> AVPDefinition? {
        if vendor == DiameterVendor.ietf, code < ietf.count { return ietf[Int(code)] }
        if vendor == DiameterVendor.tgpp, code < tgpp.count { return tgpp[Int(code)] }
        return others[UInt64(vendor) << 32 | UInt64(code)]
    }

    /// The data type of an AVP, nil when the dictionary does not know it.
    @inlinable
    public func type(code: UInt32, vendor: UInt32) -> AVPDataType? {
        if vendor == DiameterVendor.ietf, code < ietfTypes.count { return ietfTypes[Int(code)] }
        if vendor == DiameterVendor.tgpp, code < tgppTypes.count { return tgppTypes[Int(code)] }
        return lookup(code: code, vendor: vendor)?.type
    }

    public func definition(named name: String) -> AVPDefinition? { byName[name] }

    public var allDefinitions: [AVPDefinition] {
        (ietf.compactMap { $0 } + tgpp.compactMap { $0 } + Array(others.values))
    }

    /// Base protocol plus S6a, Cx, Gx and Rx: everything VCore's network functions speak.
    public static let standard = DiameterDictionary(AVPDefinition.allStandard)
}
