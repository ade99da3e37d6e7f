import Foundation
import NIOCore
import StrictCoding

/// One refused line of a bulk import.
public struct ImportFailure: Hashable, Sendable {
    /// 1-based, counting the CSV header.
    public var line: Int
    public var field: String
    public var reason: String
    /// The line's subscriber is already in the store (and was left as it was).
    public var alreadyPresent = false

    var record: [String: Any] { ["line": line, "field": field, "reason": reason] }
}

/// The outcome of a bulk import: what went in and every line that did not.
public struct ImportReport: Sendable {
    public var imported = 0
    public var failures: [ImportFailure] = []
    /// How many of the failures are subscribers already in the store (kept as they were).
    public var alreadyPresent = 0

    public var record: [String: Any] {
        ["imported": imported, "failed": failures.count, "errors": failures.map(\.record)]
    }
}

/// A streaming bulk import: bytes go in as they arrive, complete lines are parsed and checked,
/// and good subscribers are written in batches (one transaction each), so memory stays bounded
/// whatever the size of the upload.
public struct BulkImporter {
    public enum Format: String, Sendable {
        /// A header row naming the columns, then one subscriber per row.
        case csv
        /// One JSON object per line (JSON Lines / NDJSON).
        case ndjson
    }

    public static let csvColumns = ["imsi", "k", "op", "opc", "amf", "sqn", "msisdn", "impi", "impus", "allowedRATs",
                                    "roamingAllowed", "ambrUplink", "ambrDownlink"]

    let format: Format
    let store: SubscriberStore
    let replacingExisting: Bool
    let batchSize: Int
    private var pending = ByteBuffer()
    private var lineNumber = 0
    private var columns: [String]?
    private var batch: [(line: Int, subscriber: Subscriber)] = []
    public private(set) var report = ImportReport()

    public init(format: Format, store: SubscriberStore, replacingExisting: Bool = false, batchSize: Int = 2000) {
        self.format = format
        self.store = store
        self.replacingExisting = replacingExisting
        self.batchSize = batchSize
    }

    /// Takes the next bytes of the upload.
    public mutating func consume(_ chunk: ByteBuffer) async throws(StoreError) {
        var chunk = chunk
        pending.writeBuffer(&chunk)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            let line = pending.readString(length: length) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            try await take(line)
        }
        if pending.readerIndex > 1 << 16 { pending.discardReadBytes() }
    }

    /// The upload is complete: the last line (without a newline) and the last batch.
    public mutating func finish() async throws(StoreError) -> ImportReport {
        if pending.readableBytes > 0, let line = pending.readString(length: pending.readableBytes) {
            try await take(line)
        }
        try await flush()
        return report
    }

    private mutating func take(_ rawLine: String) async throws(StoreError) {
        lineNumber += 1
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        if line.allSatisfy(\.isWhitespace) { return }
        do throws(FieldError) {
            let record: [String: Any]
            switch format {
            case .csv:
                guard let columns else {
                    self.columns = try Self.header(line)
                    return
                }
                record = try Self.csvRecord(line, columns: columns)
            case .ndjson:
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                    throw FieldError(field: "", problem: "not a JSON object")
                }
                record = object
            }
            batch.append((lineNumber, try Subscriber(record: record)))
        } catch {
            report.failures.append(ImportFailure(line: lineNumber, field: error.field, reason: error.problem))
        }
        if batch.count >= batchSize { try await flush() }
    }

    private mutating func flush() async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let lines = batch.map(\.line)
        let refused = try await store.importBatch(batch.map(\.subscriber), replacingExisting: replacingExisting)
        for (index, error) in refused {
            var failure = ImportFailure(line: lines[index], field: error.field, reason: error.description)
            if case .alreadyExists = error {
                failure.alreadyPresent = true
                report.alreadyPresent += 1
            }
            report.failures.append(failure)
        }
        report.failures.sort { $0.line < $1.line }
        report.imported += batch.count - refused.count
        batch.removeAll(keepingCapacity: true)
    }

    static func header(_ line: String) throws(FieldError) -> [String] {
        guard let names = CSV.split(line) else { throw FieldError(field: "", problem: "unbalanced quotes in the header") }
        let columns = names.map { $0.trimmingCharacters(in: .whitespaces) }
        if let unknown = columns.first(where: { !csvColumns.contains($0) }) {
            throw FieldError(field: unknown, problem: "unknown column (known: \(csvColumns.joined(separator: ", ")))")
        }
        guard columns.contains("imsi"), columns.contains("k") else {
            throw FieldError(field: columns.contains("imsi") ? "k" : "imsi", problem: "required column missing from the header")
        }
        return columns
    }

    /// A CSV row as the JSON record `Subscriber(record:)` reads; lists are `;`-separated cells.
    static func csvRecord(_ line: String, columns: [String]) throws(FieldError) -> [String: Any] {
        guard let cells = CSV.split(line) else { throw FieldError(field: "", problem: "unbalanced quotes") }
        guard cells.count == columns.count else {
            throw FieldError(field: "", problem: "\(cells.count) cells, the header has \(columns.count) columns")
        }
        var record: [String: Any] = [:]
        var ims: [String: Any] = [:]
        var ambr: [String: Any] = [:]
        for (column, cell) in zip(columns, cells) where !cell.isEmpty {
            switch column {
            case "impi": ims["impi"] = cell
            case "impus": ims["impus"] = cell.split(separator: ";").map(String.init)
            case "allowedRATs": record["allowedRATs"] = cell.split(separator: ";").map(String.init)
            case "ambrUplink": ambr["uplink"] = cell
            case "ambrDownlink": ambr["downlink"] = cell
            default: record[column] = cell
            }
        }
        if !ims.isEmpty { record["ims"] = ims }
        if !ambr.isEmpty { record["ambr"] = ambr }
        return record
    }
}

/// RFC 4180 cells: comma-separated, double quotes around cells that hold commas or quotes.
enum CSV {
    /// The cells of one line, or nil when a quote is left open.
    static func split(_ line: String) -> [String]? {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pendingQuote = false
        while let character = iterator.next() {
            if pendingQuote {
                pendingQuote = false
                if character == "\"" {
                    cell.append("\"")
                    continue
                }
                quoted = false
            }
            switch character {
            case "\"" where quoted: pendingQuote = true
            case "\"" where cell.isEmpty: quoted = true
            case "," where !quoted:
                cells.append(cell)
                cell = ""
            default: cell.append(character)
            }
        }
        if pendingQuote { quoted = false }
        guard !quoted else { return nil }
        cells.append(cell)
        return cells
    }
}
