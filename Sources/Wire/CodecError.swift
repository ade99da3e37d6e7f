/// Why a decoder refused its input, and where.
///
/// Every decoder in VCore throws this (or an error that wraps it) instead of trapping, so that a
/// network function can answer a malformed message with the protocol's own error and keep serving.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The element needs `needed` more bytes but only `available` are left.
        case truncated(needed: Int, available: Int)
        /// A length field holds a value the element cannot have.
        case invalidLength(Int)
        /// A field holds a value the specification does not allow.
        case invalidValue(String)
        /// A well-formed construct this codec does not implement.
        case unsupported(String)
        /// A mandatory element is absent.
        case missingMandatory(String)
        /// Grouped elements nest deeper than the decoder allows.
        case nestingTooDeep(limit: Int)
        /// Bytes are left after the element ended.
        case trailingBytes(Int)
    }

    public var kind: Kind
    /// Byte offset, from the start of the outermost message, where the failing element starts.
    public var offset: Int
    /// What was being decoded, e.g. "GTPv2 IE F-TEID" or "AVP 263".
    public var element: String

    public init(_ kind: Kind, at offset: Int, in element: String) {
        self.kind = kind
        self.offset = offset
        self.element = element
    }

    public var description: String {
        let what: String
        switch kind {
        case .truncated(let needed, let available):
            what = "truncated: needs \(needed) bytes, \(available) left"
        case .invalidLength(let length):
            what = "invalid length \(length)"
        case .invalidValue(let detail):
            what = "invalid value: \(detail)"
        case .unsupported(let detail):
            what = "unsupported: \(detail)"
        case .missingMandatory(let name):
            what = "mandatory \(name) missing"
        case .nestingTooDeep(let limit):
            what = "nested deeper than \(limit) levels"
        case .trailingBytes(let count):
            what = "\(count) unexpected trailing bytes"
        }
        return "\(element) at offset \(offset): \(what)"
    }
}
