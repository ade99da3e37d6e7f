import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A container's log files, kubelet style: `<logDirectory>/<id>/container.log` for the running
/// instance, rotated by size to `container.log.1` ... `.N-1`; the previous instance's files
/// become `previous.log*` when the container is run again under the same id.
struct LogFiles: Sendable {
    let directory: URL
    let maxBytes: Int64
    let maxFiles: Int

    var current: URL { directory.appendingPathComponent("container.log") }

    /// The files of the current (or previous) instance, oldest first.
    func files(previous: Bool) -> [URL] {
        let base = directory.appendingPathComponent(previous ? "previous.log" : "container.log").path
        return (0..<max(1, maxFiles)).reversed().map { URL(fileURLWithPath: $0 == 0 ? base : "\(base).\($0)") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Makes the current instance's files the previous ones (replacing older previous ones).
    func archive() {
        for url in files(previous: true) { try? FileManager.default.removeItem(at: url) }
        for url in files(previous: false) {
            let name = url.lastPathComponent.replacingOccurrences(of: "container.log", with: "previous.log")
            rename(url.path, directory.appendingPathComponent(name).path)
        }
    }

    /// Deletes the current instance's files (it never ran); the directory too if nothing else is left.
    func removeCurrent() {
        for url in files(previous: false) { try? FileManager.default.removeItem(at: url) }
        if (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The lines of the current or previous instance, optionally only the last `tail` or those
    /// since a time.
    func read(previous: Bool, tail: Int? = nil, since: Date? = nil) -> [LogLine] {
        var lines: [LogLine] = []
        for url in files(previous: previous) {
            guard let data = try? Data(contentsOf: url) else { continue }
            for raw in data.split(separator: UInt8(ascii: "\n")) {
                guard let line = Self.parse(raw) else { continue }
                if let since, line.timestamp < since { continue }
                lines.append(line)
            }
        }
        if let tail, lines.count > tail { lines.removeFirst(lines.count - tail) }
        return lines
    }

    // MARK: - CRI format

    /// `2026-01-02T03:04:05.123456789Z stdout F text`
    static func format(_ line: LogLine, seconds: Int, nanoseconds: Int) -> [UInt8] {
        var bytes = Array(timestamp(seconds: seconds, nanoseconds: nanoseconds).utf8)
        bytes += Array(" \(line.stream.rawValue) \(line.partial ? "P" : "F") ".utf8)
        bytes += Array(line.text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func timestamp(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = String(nanoseconds)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: max(0, 9 - fraction.count)) + fraction + "Z"
    }

    static func parse<Bytes: Collection>(_ raw: Bytes) -> LogLine? where Bytes.Element == UInt8 {
        let fields = raw.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 3, let stream = LogLine.Stream(rawValue: String(decoding: fields[1], as: UTF8.self)),
              let timestamp = parseTimestamp(String(decoding: fields[0], as: UTF8.self)) else { return nil }
        let text = fields.count > 3 ? String(decoding: fields[3], as: UTF8.self) : ""
        return LogLine(timestamp: timestamp, stream: stream, text: text, partial: fields[2].elementsEqual("P".utf8))
    }

    /// RFC 3339 in UTC with up to nine fraction digits, as written by `timestamp`.
    static func parseTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var fraction = 0.0
        if bytes[19] == UInt8(ascii: "."), let digits = Double("0." + String(decoding: bytes[20..<(bytes.count - 1)], as: UTF8.self)) {
            fraction = digits
        }
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
    }
}

/// Appends to a log file and rotates it by size: `log` → `log.1` → ... → `log.<maxFiles-1>`.
final class RotatingLogWriter {
    let path: String
    let maxBytes: Int64
    let maxFiles: Int
    private var fd: Int32
    private var size: Int64

    init(path: String, maxBytes: Int64, maxFiles: Int) throws {
        self.path = path
        self.maxBytes = maxBytes
        self.maxFiles = max(1, maxFiles)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw RuntimeError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
    }

    deinit { close() }

    func write(_ bytes: [UInt8]) {
        guard fd >= 0 else { return }
        if size > 0 && size + Int64(bytes.count) > maxBytes { rotate() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        size += Int64(offset)
    }

    private func rotate() {
        Glibc.close(fd)
        if maxFiles > 1 {
            for index in stride(from: maxFiles - 2, through: 1, by: -1) { rename("\(path).\(index)", "\(path).\(index + 1)") }
            rename(path, "\(path).1")
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        } else {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o640)
        }
        size = 0
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
