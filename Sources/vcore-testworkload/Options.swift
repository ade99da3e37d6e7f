#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the workload serves, from the environment first and then `--flag value` arguments (an
/// argument wins). Ports set to 0 are not opened.
struct Options {
    var bindAddress = "0.0.0.0"
    var httpPort = 8080
    var tcpEchoPort = 7007
    var udpEchoPort = 7007
    /// /readyz answers 503 for this long after start.
    var readyAfter = 0.0
    /// /readyz answers 503 while this file exists.
    var notReadyFile: String?
    /// Exit with `exitCode` this long after start (CrashLoopBackOff tests).
    var crashAfter: Double?
    var exitCode: Int32 = 1
    /// Keep running on SIGTERM (only SIGKILL ends it), as a PID 1 without a handler would.
    var ignoreSIGTERM = false
    /// Seconds to keep serving after SIGTERM before closing (a graceful drain).
    var termDelay = 0.0

    static let help = """
        vcore-testworkload: the orchestrator's test workload.

        Usage: vcore-testworkload [serve] [options]     serve HTTP probes and UDP/TCP echo
               vcore-testworkload probe [--host H] [--port P] [--path /readyz] [--timeout S]
               vcore-testworkload echo [--host NAME] [--port P] [--udp] [--timeout S] TEXT
               vcore-testworkload cat FILE... | env | open PATH | write PATH TEXT | sleep SECONDS
               vcore-testworkload --version | --help

        Options (environment variable in brackets):
          --bind ADDRESS          listen address (BIND_ADDRESS, default 0.0.0.0)
          --http-port N           GET /healthz /readyz /metrics / (HTTP_PORT, default 8080)
          --tcp-echo-port N       TCP echo (TCP_ECHO_PORT, default 7007)
          --udp-echo-port N       UDP echo (UDP_ECHO_PORT, default 7007)
          --ready-after S         /readyz fails for the first S seconds (READY_AFTER)
          --not-ready-file PATH   /readyz fails while PATH exists (NOT_READY_FILE)
          --crash-after S         exit with --exit-code after S seconds (CRASH_AFTER)
          --exit-code N           status for --crash-after (EXIT_CODE, default 1)
          --ignore-sigterm        keep running on SIGTERM (IGNORE_SIGTERM=1)
          --term-delay S          keep serving S seconds after SIGTERM (TERM_DELAY)
        GET /admin/ready/off|on and /admin/health/off|on switch /readyz and /healthz at run time.
        Ports set to 0 are not opened. SIGTERM closes the listeners and exits 0.
        """

    static func parse(_ arguments: [String], environment: [String: String]) throws -> Options {
        var options = Options()
        var values = environment
        var index = 0
        let flags: [String: String] = [
            "--bind": "BIND_ADDRESS", "--http-port": "HTTP_PORT", "--tcp-echo-port": "TCP_ECHO_PORT",
            "--udp-echo-port": "UDP_ECHO_PORT", "--ready-after": "READY_AFTER", "--not-ready-file": "NOT_READY_FILE",
            "--crash-after": "CRASH_AFTER", "--exit-code": "EXIT_CODE", "--term-delay": "TERM_DELAY",
        ]
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--ignore-sigterm" {
                values["IGNORE_SIGTERM"] = "1"
            } else if let key = flags[argument] {
                guard index + 1 < arguments.count else { throw UsageError("\(argument) needs a value") }
                values[key] = arguments[index + 1]
                index += 1
            } else {
                throw UsageError("unknown argument \(argument)")
            }
            index += 1
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws -> T? {
            guard let text = values[key], !text.isEmpty else { return nil }
            guard let value = T(text) else { throw UsageError("\(key)=\(text) is not a number") }
            return value
        }
        options.bindAddress = values["BIND_ADDRESS"] ?? options.bindAddress
        options.httpPort = try number("HTTP_PORT", Int.self) ?? options.httpPort
        options.tcpEchoPort = try number("TCP_ECHO_PORT", Int.self) ?? options.tcpEchoPort
        options.udpEchoPort = try number("UDP_ECHO_PORT", Int.self) ?? options.udpEchoPort
        options.readyAfter = try number("READY_AFTER", Double.self) ?? 0
        options.notReadyFile = values["NOT_READY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        options.crashAfter = try number("CRASH_AFTER", Double.self)
        options.exitCode = try number("EXIT_CODE", Int32.self) ?? 1
        options.ignoreSIGTERM = ["1", "true", "yes"].contains(values["IGNORE_SIGTERM"]?.lowercased() ?? "")
        options.termDelay = try number("TERM_DELAY", Double.self) ?? 0
        for port in [options.httpPort, options.tcpEchoPort, options.udpEchoPort] where !(0...65535).contains(port) {
            throw UsageError("port \(port) is out of range")
        }
        return options
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The process environment as a dictionary (no Foundation in this binary: it keeps the image small).
func processEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            result[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return result
}

/// Seconds on the monotonic clock.
func monotonicNow() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// One line to stdout in one write(2): unbuffered, so it shows in `vcore logs` at once (stdio
/// would hold 4 KiB back on a pipe), and whole even when several threads log.
func log(_ line: String) {
    writeAll(1, line + "\n")
}

/// A line to stderr.
func logError(_ line: String) {
    writeAll(2, line + "\n")
}

func writeAll(_ fd: Int32, _ text: String) {
    writeAll(fd, Array(text.utf8)[...])
}

func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
    var rest = bytes
    while !rest.isEmpty {
        let written = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        rest = rest.dropFirst(written)
    }
}

/// A mutex around a value (NIOConcurrencyHelpers isn't among this target's dependencies).
final class Locked<Value>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value: Value

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}
