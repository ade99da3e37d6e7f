/// An image name with a tag, `vcore/mme:dev`. Without a tag, `latest` is meant (as Docker and
/// Kubernetes read it). A registry host (`registry.local:5000/vcore/mme:dev`) is kept as part
/// of the name: the store is local and never contacts it.
public struct ImageReference: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let name: String
    public let tag: String

    public init(name: String, tag: String = "latest") throws {
        guard Self.isValidName(name) else { throw ImageError.invalidReference(name) }
        guard Self.isValidTag(tag) else { throw ImageError.invalidReference("\(name):\(tag)") }
        self.name = name
        self.tag = tag
    }

    /// Parses `name[:tag]`; the tag is what follows the last colon after the last slash.
    public init(parsing text: String) throws {
        let lastSlash = text.lastIndex(of: "/") ?? text.startIndex
        if let colon = text[lastSlash...].lastIndex(of: ":") {
            try self.init(name: String(text[..<colon]), tag: String(text[text.index(after: colon)...]))
        } else {
            try self.init(name: text)
        }
    }

    public var description: String { "\(name):\(tag)" }

    public static func < (lhs: ImageReference, rhs: ImageReference) -> Bool { lhs.description < rhs.description }

    /// Lowercase path components of `[a-z0-9._-]` separated by `/`, an optional `host[:port]/`
    /// first; a name that a path or a shell could misread is refused.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        for (index, component) in components.enumerated() {
            guard !component.isEmpty, component != ".", component != ".." else { return false }
            let allowed: (UInt8) -> Bool = { byte in
                (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2e || byte == 0x5f || byte == 0x2d
                    || (index == 0 && components.count > 1 && byte == 0x3a)  // host:port
            }
            guard component.utf8.allSatisfy(allowed), component.first != "-", component.first != "." else { return false }
        }
        return true
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard !tag.isEmpty, tag.utf8.count <= 128, tag.first != ".", tag.first != "-" else { return false }
        return tag.utf8.allSatisfy { byte in
            (0x61...0x7a).contains(byte) || (0x41...0x5a).contains(byte) || (0x30...0x39).contains(byte)
                || byte == 0x2e || byte == 0x5f || byte == 0x2d
        }
    }

    public init(from decoder: Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
