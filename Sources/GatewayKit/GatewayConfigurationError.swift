import Wire

/// A configuration value that is wrong, with the field it is in ("apns[1].pool"): one line, as
/// NFKit reports configuration errors.
public struct GatewayConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }

    /// The address in `text`, or the error naming `field`.
    public static func address(_ text: String, _ field: String) throws(GatewayConfigurationError) -> IPAddress {
        guard let address = IPAddress(text) else { throw GatewayConfigurationError(field: field, problem: "\"\(text)\" is not an IP address") }
        return address
    }

    public static func port(_ value: Int?, default fallback: UInt16, _ field: String) throws(GatewayConfigurationError) -> UInt16 {
        guard let value else { return fallback }
        guard let port = UInt16(exactly: value), port != 0 else {
            throw GatewayConfigurationError(field: field, problem: "\(value) is not a port (1-65535)")
        }
        return port
    }

    /// GTPv2-C timers from seconds and a count, checked.
    public static func timers(responseTimeout: Double?, requests: Int?, _ field: String) throws(GatewayConfigurationError) -> GTPCTimers {
        let seconds = responseTimeout ?? 3
        guard seconds.isFinite, seconds > 0, seconds <= 60 else {
            throw GatewayConfigurationError(field: "\(field).responseTimeout", problem: "\(seconds) is not a number of seconds in (0, 60]")
        }
        let count = requests ?? 3
        guard (0...10).contains(count) else {
            throw GatewayConfigurationError(field: "\(field).retries", problem: "\(count) is outside 0...10")
        }
        return GTPCTimers(t3Response: .milliseconds(Int64((seconds * 1000).rounded())), n3Requests: count)
    }
}
