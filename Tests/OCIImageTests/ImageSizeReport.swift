import Foundation
import Testing
@testable import OCIImage

/// Measures release images, on demand: `VCORE_IMAGE_REPORT=/path/to/mme:/path/to/sgw swift test
/// --filter ImageSizeReport` builds a gzip image of each executable and prints its size in the
/// store, unpacked, and what it holds. deploy/images/README.md quotes the results.
@Suite struct ImageSizeReport {
    @Test func releaseImageSizes() throws {
        guard let list = ProcessInfo.processInfo.environment["VCORE_IMAGE_REPORT"], !list.isEmpty else {
            print("skipped: set VCORE_IMAGE_REPORT to colon-separated executables to measure their images")
            return
        }
        let root = try Fixtures.temporaryDirectory("sizes")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ImageStore(root: root.appendingPathComponent("store"))
        for path in list.split(separator: ":").map(String.init) {
            let executable = URL(fileURLWithPath: path)
            let started = Date()
            let built = try ImageBuilder(store: store).build(name: "vcore/\(executable.lastPathComponent):measure", executable: executable)
            let seconds = Date().timeIntervalSince(started)
            let unpacked = root.appendingPathComponent("unpacked-\(executable.lastPathComponent)")
            try store.unpack(built.image, into: unpacked)
            var unpackedBytes: Int64 = 0
            let enumerator = FileManager.default.enumerator(at: unpacked, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                let values = try url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
                if values.isRegularFile == true { unpackedBytes += Int64(values.fileSize ?? 0) }
            }
            let megabytes = { (bytes: Int64) in String(format: "%.1f MB", Double(bytes) / 1e6) }
            print("\(built.image.reference): \(megabytes(built.image.size)) in the store (gzip), \(megabytes(unpackedBytes)) unpacked, built in \(String(format: "%.1f", seconds)) s; libraries: \(built.libraries.map(\.imagePath).joined(separator: " "))")
            #expect(built.image.size < 20_000_000, "an NF image should stay under 20 MB")
        }
    }
}
