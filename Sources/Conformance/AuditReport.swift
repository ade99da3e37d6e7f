import Foundation

/// What `vcore decode` found in one or more captures: per protocol and message type, how many
/// messages decoded, how many re-encoded to the identical bytes, how many failed, and each failure.
public struct AuditReport: Codable, Sendable, Equatable {
    public struct Counts: Codable, Sendable, Equatable {
        public var decoded = 0
        public var identical = 0
        public var failed = 0
        public var total: Int { decoded + failed }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var file: String
        public var frame: Int
        public var `protocol`: String
        public var error: String
    }

    /// Protocol (named as tshark names it: gtpv2, gtp, diameter) → message type → counts.
    public var protocols: [String: [String: Counts]] = [:]
    public var failures: [Failure] = []
    /// Messages that decoded and re-encoded identically but that the protocol tells a receiver
    /// to refuse (S1AP criticality reject, for one): reported, not failures.
    public var refusals: [Failure] = []
    /// Payloads of protocols this version recognises but does not decode yet, by protocol.
    public var skipped: [String: Int] = [:]
    /// NAS security checked with subscribers' keys; nil when none were given.
    public var security: SecurityCounts?

    public init() {}

    public var hasFailures: Bool { !failures.isEmpty }

    /// Messages seen for one protocol, decoded or not.
    public func total(_ protocolName: String) -> Int {
        protocols[protocolName, default: [:]].values.reduce(0) { $0 + $1.total }
    }

    mutating func record(_ outcome: CheckOutcome, file: String, frame: Int) {
        var counts = protocols[outcome.protocolName, default: [:]][outcome.messageType, default: Counts()]
        switch outcome.result {
        case .identical:
            counts.decoded += 1
            counts.identical += 1
        case .refused(let why):
            counts.decoded += 1
            counts.identical += 1
            refusals.append(Failure(file: file, frame: frame, protocol: outcome.protocolName, error: why))
        case .different(let why):
            counts.decoded += 1
            failures.append(Failure(file: file, frame: frame, protocol: outcome.protocolName, error: why))
        case .failed(let why):
            counts.failed += 1
            failures.append(Failure(file: file, frame: frame, protocol: outcome.protocolName, error: why))
        }
        protocols[outcome.protocolName, default: [:]][outcome.messageType] = counts
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// One line per protocol and message type, then the failures.
    public func text() -> String {
        var lines = [String]()
        for name in protocols.keys.sorted() {
            for (type, counts) in protocols[name, default: [:]].sorted(by: { $0.key < $1.key }) {
                var line = "\(name) \(type): \(counts.decoded) decoded, \(counts.identical) identical"
                if counts.failed > 0 { line += ", \(counts.failed) failed" }
                lines.append(line)
            }
        }
        for (name, count) in skipped.sorted(by: { $0.key < $1.key }) {
            lines.append("\(name): \(count) messages seen, not decoded")
        }
        if let security {
            lines.append("nas-eps security: \(security.verified) verified, \(security.macFailed) MAC failed, "
                         + "\(security.deciphered) deciphered, \(security.noKey) without a key")
        }
        for refusal in refusals {
            lines.append("REFUSED \(refusal.file) frame \(refusal.frame) \(refusal.protocol): \(refusal.error)")
        }
        for failure in failures {
            lines.append("FAILED \(failure.file) frame \(failure.frame) \(failure.protocol): \(failure.error)")
        }
        let total = protocols.values.flatMap(\.values).reduce(0) { $0 + $1.total }
        lines.append("\(total) messages, \(failures.count) failures")
        return lines.joined(separator: "\n")
    }
}

/// The verdict on one message.
struct CheckOutcome {
    enum Result {
        /// Decoded, and re-encoded from its typed values to exactly the bytes it came in.
        case identical
        /// Identical, but a receiver must refuse it; the string says why.
        case refused(String)
        /// Decoded, but the re-encoding differs or part of it could not be typed.
        case different(String)
        /// Did not decode.
        case failed(String)
    }

    var protocolName: String
    var messageType: String
    var result: Result
}
