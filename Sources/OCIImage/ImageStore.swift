import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An image, resolved from its reference: the documents needed to run or unpack it.
public struct Image: Sendable {
    public var reference: ImageReference
    /// The manifest's descriptor: its digest is the image's identity.
    public var descriptor: Descriptor
    public var manifest: ImageManifest
    public var configuration: ImageConfiguration

    public var digest: Digest { descriptor.digest }
    /// Bytes the image takes in the store: manifest, config and (compressed) layers.
    public var size: Int64 { descriptor.size + manifest.config.size + manifest.layers.reduce(0) { $0 + $1.size } }
}

/// A line of `vcore image list`.
public struct ImageSummary: Sendable, Equatable {
    public var reference: ImageReference
    public var digest: Digest
    public var size: Int64
    public var layers: Int
    public var architecture: String
    public var created: String?
}

/// The node's images: one OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/`) holding
/// every image, each named in `index.json` by an `org.opencontainers.image.ref.name` annotation
/// such as `vcore/mme:dev`. Blobs are shared between images (one libc layer for all NFs).
///
/// Beside the layout it keeps, under `rootfs/<manifest hex>/`, each image unpacked once for
/// containers to use read-only (as overlayfs lower directory), and a `tmp/` staging area on the
/// same filesystem so that blobs and unpacked trees appear atomically. Updates to `index.json`
/// are serialized across threads and processes with `flock` on `.lock`.
public final class ImageStore: Sendable {
    public static let defaultRoot = URL(fileURLWithPath: "/var/lib/vcore/images")

    public let root: URL

    public init(root: URL = ImageStore.defaultRoot) throws {
        self.root = root.standardizedFileURL
        let manager = FileManager.default
        for directory in [blobsDirectory, rootfsDirectory, stagingDirectory] {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try withLock {
            let marker = self.root.appendingPathComponent("oci-layout")
            if !manager.fileExists(atPath: marker.path) {
                try JSONEncoder.canonical.encode(LayoutMarker()).write(to: marker, options: .atomic)
            }
            if !manager.fileExists(atPath: indexURL.path) { try writeIndex(ImageIndex()) }
        }
    }

    var blobsDirectory: URL { root.appendingPathComponent("blobs/sha256") }
    var rootfsDirectory: URL { root.appendingPathComponent("rootfs") }
    var stagingDirectory: URL { root.appendingPathComponent("tmp") }
    var indexURL: URL { root.appendingPathComponent("index.json") }

    public func blobURL(_ digest: Digest) -> URL { blobsDirectory.appendingPathComponent(digest.hex) }

    // MARK: - Images

    /// Every tagged image, sorted by reference.
    public func list() throws -> [ImageSummary] {
        try readIndex().manifests.compactMap { descriptor -> ImageSummary? in
            guard let name = descriptor.annotations?[Annotation.refName], let reference = try? ImageReference(parsing: name) else { return nil }
            let image = try load(reference: reference, descriptor: descriptor)
            return ImageSummary(reference: reference, digest: descriptor.digest, size: image.size, layers: image.manifest.layers.count,
                                architecture: image.configuration.architecture, created: image.configuration.created)
        }.sorted { $0.reference < $1.reference }
    }

    /// The image a reference (`vcore/mme:dev`, `vcore/mme` for `:latest`) names.
    public func image(_ reference: String) throws -> Image {
        try image(ImageReference(parsing: reference))
    }

    public func image(_ reference: ImageReference) throws -> Image {
        guard let descriptor = try readIndex().manifests.first(where: { $0.annotations?[Annotation.refName] == reference.description }) else {
            throw ImageError.notFound(reference.description)
        }
        return try load(reference: reference, descriptor: descriptor)
    }

    /// Points `reference` at the manifest `descriptor` (which must already be stored), replacing
    /// what it pointed at before.
    public func tag(_ descriptor: Descriptor, as reference: ImageReference) throws {
        guard FileManager.default.fileExists(atPath: blobURL(descriptor.digest).path) else {
            throw ImageError.notFound(descriptor.digest.description)
        }
        try withLock {
            var index = try readIndex()
            index.manifests.removeAll { $0.annotations?[Annotation.refName] == reference.description }
            var entry = descriptor
            entry.annotations = (entry.annotations ?? [:]).merging([Annotation.refName: reference.description]) { $1 }
            index.manifests.append(entry)
            index.manifests.sort { ($0.annotations?[Annotation.refName] ?? "") < ($1.annotations?[Annotation.refName] ?? "") }
            try writeIndex(index)
        }
    }

    /// Untags an image. Its blobs stay until `garbageCollect()`.
    public func remove(_ reference: ImageReference) throws {
        try withLock {
            var index = try readIndex()
            let before = index.manifests.count
            index.manifests.removeAll { $0.annotations?[Annotation.refName] == reference.description }
            guard index.manifests.count < before else { throw ImageError.notFound(reference.description) }
            try writeIndex(index)
        }
    }

    /// Deletes blobs and unpacked trees no tagged image uses; returns the bytes freed. Callers
    /// must not collect while a container runs from an untagged image (its tree would go).
    @discardableResult
    public func garbageCollect() throws -> Int64 {
        try withLock {
            var keep: Set<String> = []
            var manifests: Set<String> = []
            for descriptor in try readIndex().manifests {
                keep.insert(descriptor.digest.hex)
                manifests.insert(descriptor.digest.hex)
                if let manifest = try? JSONDecoder().decode(ImageManifest.self, from: Data(contentsOf: blobURL(descriptor.digest))) {
                    keep.insert(manifest.config.digest.hex)
                    for layer in manifest.layers { keep.insert(layer.digest.hex) }
                }
            }
            var freed: Int64 = 0
            let manager = FileManager.default
            for name in try manager.contentsOfDirectory(atPath: blobsDirectory.path) where !keep.contains(name) {
                let url = blobsDirectory.appendingPathComponent(name)
                freed += Int64((try? manager.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0)
                try manager.removeItem(at: url)
            }
            for name in try manager.contentsOfDirectory(atPath: rootfsDirectory.path) where !manifests.contains(name) {
                try manager.removeItem(at: rootfsDirectory.appendingPathComponent(name))
            }
            return freed
        }
    }

    /// Checks every blob of an image against its descriptor's digest and size.
    public func verify(_ reference: ImageReference) throws {
        let image = try image(reference)
        for descriptor in [image.descriptor, image.manifest.config] + image.manifest.layers {
            let (digest, size) = try Digest.of(fileAt: blobURL(descriptor.digest))
            guard size == descriptor.size else { throw ImageError.sizeMismatch(digest: descriptor.digest.description, expected: descriptor.size, actual: size) }
            guard digest == descriptor.digest else { throw ImageError.digestMismatch(expected: descriptor.digest.description, actual: digest.description) }
        }
    }

    // MARK: - Root filesystems

    /// The image unpacked, made once per image and shared read-only by its containers.
    public func rootfs(for reference: ImageReference) throws -> URL {
        let image = try image(reference)
        let target = rootfsDirectory.appendingPathComponent(image.digest.hex, isDirectory: true)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let staging = stagingDirectory.appendingPathComponent("rootfs-\(UUID().uuidString)")
        do {
            try unpack(image, into: staging)
            if rename(staging.path, target.path) != 0 {
                // Another thread or process unpacked the same image meanwhile: use theirs.
                guard FileManager.default.fileExists(atPath: target.path) else { throw ImageError.io("cannot move unpacked image to \(target.path): \(String(cString: strerror(errno)))") }
                try? FileManager.default.removeItem(at: staging)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return target
    }

    /// Applies the image's layers in order to `directory` (created if needed), whiteouts included.
    public func unpack(_ image: Image, into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let unpacker = LayerUnpacker(root: directory)
        for layer in image.manifest.layers {
            let blob = blobURL(layer.digest)
            let size = (try FileManager.default.attributesOfItem(atPath: blob.path)[.size] as? Int).map(Int64.init) ?? -1
            guard size == layer.size else { throw ImageError.sizeMismatch(digest: layer.digest.description, expected: layer.size, actual: size) }
            try unpacker.apply(layer: blob, gzip: layer.mediaType.hasSuffix("gzip") || Self.hasGzipMagic(blob))
        }
    }

    public func unpack(_ reference: ImageReference, into directory: URL) throws {
        try unpack(image(reference), into: directory)
    }

    // MARK: - Blobs

    /// Moves `file` into the blob store under its digest and returns its descriptor.
    package func ingest(_ file: URL, mediaType: String, digest known: Digest? = nil, size knownSize: Int64? = nil) throws -> Descriptor {
        let (digest, size) = try known.flatMap { digest in knownSize.map { (digest, $0) } } ?? Digest.of(fileAt: file)
        let target = blobURL(digest)
        if FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.removeItem(at: file)
        } else {
            guard rename(file.path, target.path) == 0 else { throw ImageError.io("cannot store blob \(digest): \(String(cString: strerror(errno)))") }
        }
        return Descriptor(mediaType: mediaType, digest: digest, size: size)
    }

    /// Stores a JSON document (manifest, config) as a blob.
    package func ingest<Document: Encodable>(json document: Document, mediaType: String) throws -> Descriptor {
        let data = try JSONEncoder.canonical.encode(document)
        let staging = stagingURL("json")
        try data.write(to: staging)
        return try ingest(staging, mediaType: mediaType, digest: Digest.of(data), size: Int64(data.count))
    }

    package func stagingURL(_ suffix: String) -> URL {
        stagingDirectory.appendingPathComponent("\(UUID().uuidString).\(suffix)")
    }

    func readBlob<Document: Decodable>(_ descriptor: Descriptor, as type: Document.Type) throws -> Document {
        let data: Data
        do { data = try Data(contentsOf: blobURL(descriptor.digest)) } catch { throw ImageError.notFound("blob \(descriptor.digest)") }
        guard Int64(data.count) == descriptor.size else {
            throw ImageError.sizeMismatch(digest: descriptor.digest.description, expected: descriptor.size, actual: Int64(data.count))
        }
        let digest = Digest.of(data)
        guard digest == descriptor.digest else { throw ImageError.digestMismatch(expected: descriptor.digest.description, actual: digest.description) }
        do { return try JSONDecoder().decode(type, from: data) } catch { throw ImageError.invalidLayout("blob \(descriptor.digest) is not a valid \(type): \(error)") }
    }

    private func load(reference: ImageReference, descriptor: Descriptor) throws -> Image {
        guard descriptor.mediaType == MediaType.manifest || descriptor.mediaType == MediaType.dockerManifest else {
            throw ImageError.invalidLayout("\(reference) is a \(descriptor.mediaType), not an image manifest")
        }
        let manifest = try readBlob(descriptor, as: ImageManifest.self)
        let configuration = try readBlob(manifest.config, as: ImageConfiguration.self)
        guard configuration.rootfs.diffIDs.count == manifest.layers.count else {
            throw ImageError.invalidLayout("\(reference): \(manifest.layers.count) layers but \(configuration.rootfs.diffIDs.count) diff_ids")
        }
        return Image(reference: reference, descriptor: descriptor, manifest: manifest, configuration: configuration)
    }

    // MARK: - index.json

    func readIndex() throws -> ImageIndex {
        do {
            return try JSONDecoder().decode(ImageIndex.self, from: Data(contentsOf: indexURL))
        } catch {
            throw ImageError.invalidLayout("\(indexURL.path): \(error)")
        }
    }

    private func writeIndex(_ index: ImageIndex) throws {
        try JSONEncoder.canonical.encode(index).write(to: indexURL, options: .atomic)
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(root.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImageError.io("cannot open \(root.path)/.lock: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ImageError.io("cannot lock \(root.path): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    static func hasGzipMagic(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 2)) == Data([0x1f, 0x8b])
    }
}
