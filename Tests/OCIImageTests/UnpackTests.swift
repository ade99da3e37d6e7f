import Foundation
import Testing
@testable import OCIImage

/// Layers applied in order with the image-spec's whiteouts, and paths kept inside the root.
@Suite struct UnpackTests {
    /// Writes a tar layer into the store's blobs and returns its descriptor.
    private func layer(_ store: ImageStore, _ build: (TarWriter) throws -> Void) throws -> (Descriptor, Digest) {
        let url = store.stagingURL("tar")
        let sink = try HashingFileWriter(url: url)
        let writer = TarWriter(sink: sink)
        try build(writer)
        try writer.finish()
        let (digest, size) = try sink.finish()
        return (try store.ingest(url, mediaType: MediaType.layerTar, digest: digest, size: size), digest)
    }

    private func image(_ store: ImageStore, layers: [(Descriptor, Digest)]) throws -> Image {
        let config = ImageConfiguration(architecture: "amd64", config: nil, rootfs: .init(diffIDs: layers.map(\.1)))
        let configDescriptor = try store.ingest(json: config, mediaType: MediaType.config)
        let manifest = try store.ingest(json: ImageManifest(config: configDescriptor, layers: layers.map(\.0)), mediaType: MediaType.manifest)
        let reference = try ImageReference(parsing: "test/whiteouts:1")
        try store.tag(manifest, as: reference)
        return try store.image(reference)
    }

    @Test func whiteoutsAndOpaqueDirectories() throws {
        let root = try Fixtures.temporaryDirectory("unpack")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ImageStore(root: root.appendingPathComponent("store"))
        let lower = try layer(store) { tar in
            try tar.addDirectory("etc")
            try tar.addFile("etc/keep", contents: Data("keep".utf8))
            try tar.addFile("etc/gone", contents: Data("gone".utf8))
            try tar.addDirectory("var")
            try tar.addFile("var/old", contents: Data("old".utf8))
            try tar.addDirectory("var/sub")
            try tar.addFile("var/sub/deep", contents: Data("deep".utf8))
            try tar.addSymlink("lib", target: "usr/lib")
            try tar.addDirectory("usr")
            try tar.addDirectory("usr/lib")
        }
        let upper = try layer(store) { tar in
            try tar.addFile("etc/.wh.gone", contents: Data())
            try tar.addFile("var/new", contents: Data("new".utf8))  // same layer as the opaque marker: kept
            try tar.addFile("var/.wh..wh..opq", contents: Data())
            try tar.addFile("lib/libx.so", contents: Data("x".utf8), mode: 0o755)  // through the lower layer's symlink
            try tar.addFile("etc/keep", contents: Data("replaced".utf8))
        }
        let target = root.appendingPathComponent("rootfs")
        try store.unpack(try image(store, layers: [lower, upper]), into: target)
        func read(_ path: String) -> String? {
            (try? Data(contentsOf: target.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(read("etc/keep") == "replaced")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("etc/gone").path))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("etc/.wh.gone").path))
        #expect(read("var/new") == "new")
        #expect(read("var/old") == nil)
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("var/sub").path))
        #expect(read("usr/lib/libx.so") == "x")
        let mode = try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent("usr/lib/libx.so").path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func pathsCannotEscapeTheRoot() throws {
        let root = try Fixtures.temporaryDirectory("escape")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ImageStore(root: root.appendingPathComponent("store"))
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        // A symlink to an absolute host path, then a file written through it: it must land
        // inside the root (the link is resolved against the root), never in `outside`.
        let sneaky = try layer(store) { tar in
            try tar.addSymlink("escape", target: outside.path)
            try tar.addFile("escape/pwned", contents: Data("x".utf8))
            try tar.addSymlink("up", target: "../../../../../../..")
            try tar.addFile("up/tmp-pwned", contents: Data("x".utf8))
        }
        let target = root.appendingPathComponent("rootfs")
        try store.unpack(try image(store, layers: [sneaky]), into: target)
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("pwned").path))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(outside.path).appendingPathComponent("pwned").path))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("tmp-pwned").path))

        let dotdot = try layer(store) { tar in try tar.addFile("a/../../x", contents: Data()) }
        #expect(throws: ImageError.unsafePath("a/../../x")) { try store.unpack(try image(store, layers: [dotdot]), into: root.appendingPathComponent("r2")) }
    }
}
