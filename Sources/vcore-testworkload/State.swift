#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What /healthz and /readyz answer, shared by every connection.
final class WorkloadState: Sendable {
    let options: Options
    let startedAt = monotonicNow()
    let hostname: String
    private let switches = Locked((healthy: true, ready: true, requests: 0))

    init(options: Options) {
        self.options = options
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        hostname = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var healthy: Bool { switches.withLock { $0.healthy } }

    func set(healthy: Bool? = nil, ready: Bool? = nil) {
        switches.withLock { state in
            if let healthy { state.healthy = healthy }
            if let ready { state.ready = ready }
        }
    }

    /// Nil when ready, otherwise why not.
    var notReadyReason: String? {
        if !switches.withLock({ $0.ready }) { return "switched off" }
        let age = monotonicNow() - startedAt
        if age < options.readyAfter { return "starting (ready after \(options.readyAfter) s)" }
        if let file = options.notReadyFile, access(file, F_OK) == 0 { return "\(file) exists" }
        return nil
    }

    func countRequest() -> Int {
        switches.withLock { state in
            state.requests += 1
            return state.requests
        }
    }

    var requestCount: Int { switches.withLock { $0.requests } }
}
