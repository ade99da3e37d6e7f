import Logging

/// One log line a gateway asks for, with the subscriber it is about.
public struct GatewayLogEvent: Sendable, CustomStringConvertible {
    public var level: Logger.Level
    public var message: String
    public var imsi: String?

    public init(_ level: Logger.Level, _ message: String, imsi: String? = nil) {
        self.level = level
        self.message = message
        self.imsi = imsi
    }

    public var description: String { imsi.map { "[\($0)] \(message)" } ?? message }

    public func write(to logger: Logger) {
        var metadata: Logger.Metadata = [:]
        if let imsi { metadata["imsi"] = .string(imsi) }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}
