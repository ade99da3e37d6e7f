import Foundation
import Logging
import StrictCoding
import Wire

/// A network function's configuration: one YAML file (a ConfigMap mounted at
/// /etc/vcore/<nf>.yaml), decoded strictly and then validated.
public protocol NFConfiguration: Codable, Sendable {
    /// Checks values the types cannot express (ranges, addresses, consistency); throws the first
    /// problem with the field it is about.
    func validate() throws(FieldError)
}

/// A configuration with the `logLevel` every network function's file has: trace, debug, info
/// (the default), notice, warning, error or critical; `validate` checks it with `Check.logLevel`.
public protocol LogLevelSetting {
    var logLevel: String? { get }
}

extension LogLevelSetting {
    /// The level `logLevel` names; info when it is not set.
    public var level: Logger.Level { Logger.Level(rawValue: logLevel ?? "info") ?? .info }
}

/// Why a configuration file was refused: one line naming the file and the field.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var field: String
    public var problem: String

    public var description: String { field.isEmpty ? "\(path): \(problem)" : "\(path): \(field): \(problem)" }
}

public enum ConfigurationLoader {
    /// Reads the configuration at `path`, replaces `${NAME}` by the environment's values
    /// (`EnvironmentExpansion`), decodes and validates it.
    public static func load<T: NFConfiguration>(_ type: T.Type, path: String) throws(ConfigurationError) -> T {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: path, field: "", problem: "cannot read: \(error.localizedDescription)")
        }
        let expanded: String
        do {
            expanded = try EnvironmentExpansion.expand(text, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ConfigurationError(path: path, field: "", problem: error.description)
        }
        return try parse(T.self, text: expanded, path: path)
    }

    public static func parse<T: NFConfiguration>(_ type: T.Type, text: String, path: String = "configuration") throws(ConfigurationError) -> T {
        do {
            let configuration = try StrictCoding.decodeYAML(text, as: T.self)
            try configuration.validate()
            return configuration
        } catch {
            throw ConfigurationError(path: path, field: error.field, problem: error.problem)
        }
    }
}

/// Checks the common kinds of values, throwing a `FieldError` for `field`.
public enum Check {
    public static func ipAddress(_ value: String, _ field: String) throws(FieldError) {
        guard IPAddress(value) != nil else { throw FieldError(field: field, problem: "\"\(value)\" is not an IP address") }
    }

    public static func port(_ value: Int, _ field: String) throws(FieldError) {
        guard (1...65535).contains(value) else { throw FieldError(field: field, problem: "\(value) is not a port (1-65535)") }
    }

    public static func range<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ field: String) throws(FieldError) {
        guard range.contains(value) else {
            throw FieldError(field: field, problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
    }

    public static func plmn(mcc: String, mnc: String, _ field: String) throws(FieldError) -> PLMN {
        guard let plmn = PLMN(mcc: mcc, mnc: mnc) else {
            throw FieldError(field: field, problem: "MCC \"\(mcc)\" / MNC \"\(mnc)\" is not a PLMN (3 digits / 2 or 3 digits)")
        }
        return plmn
    }

    /// A DNS name: labels of letters, digits and hyphens.
    public static func hostName(_ value: String, _ field: String) throws(FieldError) {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !value.isEmpty && value.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else { throw FieldError(field: field, problem: "\"\(value)\" is not a host name") }
    }

    /// A Linux interface name (a device to create, or one a pod has): 1-15 octets of letters,
    /// digits, '-', '_' and '.'.
    public static func interfaceName(_ value: String, _ field: String) throws(FieldError) {
        guard isInterfaceName(value) else {
            throw FieldError(field: field, problem: "\"\(value)\" is not an interface name (1-15 letters, digits, - _ .)")
        }
    }

    /// Whether `value` is a name `interfaceName` accepts.
    public static func isInterfaceName(_ value: String) -> Bool {
        (1...15).contains(value.utf8.count) && value.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// A swift-log level by name.
    public static func logLevel(_ value: String, _ field: String) throws(FieldError) {
        guard Logger.Level(rawValue: value) != nil else {
            throw FieldError(field: field, problem: "\"\(value)\" is not trace, debug, info, notice, warning, error or critical")
        }
    }

    public static func notEmpty<C: Collection>(_ value: C, _ field: String) throws(FieldError) {
        guard !value.isEmpty else { throw FieldError(field: field, problem: "must not be empty") }
    }
}
