/// A field that takes a number or a name, like a Service's `targetPort` or a probe's `port`.
public enum IntOrString: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral {
    case int(Int)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .string(let value): value
        }
    }

    /// An absolute number, or a percentage of `total` rounded as Kubernetes does (up for surge,
    /// down for unavailability: pass `roundUp`).
    public func scaled(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let value): return value
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
            let exact = Double(total * percent) / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
    }
}

/// A resource quantity ("100m", "0.5", "128Mi", "1G"): CPU in millicores, memory in bytes.
public struct Quantity: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral text: String) { self.text = text }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = "\(number)"
        } else if let number = try? container.decode(Double.self) {
            text = "\(number)"
        } else {
            text = try container.decode(String.self)
        }
        guard value != nil else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a quantity: \"\(text)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }

    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024 * 1024 * 1024), ("Ti", 1024 * 1024 * 1024 * 1024),
        ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("m", 1e-3),
    ]

    /// The quantity as a plain number (cores for CPU, bytes for memory).
    public var value: Double? {
        for (suffix, factor) in Self.suffixes where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }

    public var millicores: Int? { value.map { Int(($0 * 1000).rounded()) } }
    public var bytes: Int? { value.map { Int($0.rounded()) } }
}
