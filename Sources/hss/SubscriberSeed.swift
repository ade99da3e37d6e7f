import Foundation
import HSSKit
import Logging
import NIOCore

/// The subscribers a deployment starts with (`store.seed`, a file from a ConfigMap): imported at
/// every start, so a lab's test SIMs exist as soon as the HSS is Ready, while subscribers already
/// in the store, with their SQNs, are left alone.
enum SubscriberSeed {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ path: String, into store: SubscriberStore, logger: Logger) async throws {
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Unreadable(description: "cannot read \(path): \(error.localizedDescription)")
        }
        let lines = ["json", "jsonl", "ndjson"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        var importer = BulkImporter(format: lines ? .ndjson : .csv, store: store)
        try await importer.consume(ByteBuffer(bytes: contents))
        let report = try await importer.finish()
        for failure in report.failures where !failure.alreadyPresent {
            logger.warning("seed subscriber refused", metadata: ["file": "\(path)", "line": "\(failure.line)",
                                                                  "field": "\(failure.field)", "reason": "\(failure.reason)"])
        }
        logger.info("seed subscribers", metadata: ["file": "\(path)", "imported": "\(report.imported)",
                                                   "alreadyPresent": "\(report.alreadyPresent)",
                                                   "refused": "\(report.failures.count - report.alreadyPresent)"])
    }
}
