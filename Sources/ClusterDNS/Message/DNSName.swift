/// A domain name as its labels' bytes (RFC 1035 3.1), case kept as received so an answer echoes
/// the question exactly (resolvers may randomize case, draft-vixie-dnsext-dns0x20); compared and
/// looked up case-insensitively.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    public var labels: [[UInt8]]

    public static let maximumLength = 255
    public static let root = DNSName(labels: [])

    public init(labels: [[UInt8]]) {
        self.labels = labels
    }

    /// From dotted text (`hss.vcore.svc.cluster.local`, a trailing dot allowed); nil for an empty
    /// label, a label over 63 bytes or a name over 255.
    public init?(_ text: String) {
        var trimmed = Substring(text)
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty {
            self.init(labels: [])
            return
        }
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard labels.allSatisfy({ (1...63).contains($0.count) }) else { return nil }
        self.init(labels: labels)
        guard wireLength <= Self.maximumLength else { return nil }
    }

    /// Octets on the wire, uncompressed: each label's length byte and bytes, plus the root's zero.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// Lower-case dotted form without the trailing dot, the key for lookups. Labels holding a dot
    /// or bytes outside printable ASCII are escaped as `\DDD` so no two names share a key.
    public var key: String {
        labels.map { label in
            var text = ""
            for byte in label {
                switch byte {
                case 0x41...0x5A: text.unicodeScalars.append(Unicode.Scalar(byte | 0x20))
                case 0x2E, 0x5C, 0...0x20, 0x7F...: text += "\\" + String(byte).leftPadded(to: 3)
                default: text.unicodeScalars.append(Unicode.Scalar(byte))
                }
            }
            return text
        }.joined(separator: ".")
    }

    public var description: String { key + "." }

    /// True when this name is `zone` or below it.
    public func isSubdomain(of zone: DNSName) -> Bool {
        guard labels.count >= zone.labels.count else { return false }
        return zip(labels.suffix(zone.labels.count), zone.labels).allSatisfy { Self.equalIgnoringCase($0, $1) }
    }

    /// The labels in front of `zone` (which this name must be under), lower-cased.
    public func labels(under zone: DNSName) -> [String] {
        labels.prefix(labels.count - zone.labels.count).map { DNSName(labels: [$0]).key }
    }

    static func equalIgnoringCase(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
