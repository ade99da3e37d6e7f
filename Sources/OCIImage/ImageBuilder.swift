import Foundation
import Logging

/// A file to add to an image besides the executable and its libraries.
public struct ImageFile: Sendable, Equatable {
    public enum Contents: Sendable, Equatable {
        case data(Data)
        /// A host file, copied (symlinks followed).
        case file(URL)
    }

    /// Absolute path inside the image.
    public var path: String
    public var contents: Contents
    public var mode: UInt32

    public init(path: String, contents: Contents, mode: UInt32 = 0o644) {
        self.path = path
        self.contents = contents
        self.mode = mode
    }

    public static func text(_ path: String, _ text: String, mode: UInt32 = 0o644) -> ImageFile {
        ImageFile(path: path, contents: .data(Data(text.utf8)), mode: mode)
    }
}

public enum LayerCompression: String, Sendable {
    /// `application/vnd.oci.image.layer.v1.tar+gzip`, made with `gzip -n` (no name or time, so
    /// the same tar gives the same blob).
    case gzip
    /// `application/vnd.oci.image.layer.v1.tar`: bigger, but nothing to decompress at unpack.
    case none
}

/// What `ImageBuilder.build` made.
public struct BuiltImage: Sendable {
    public var image: Image
    /// Every path in the image's layers, in archive order.
    public var files: [String]
    /// The shared libraries (and loader) packed with the executable.
    public var libraries: [SharedLibraryResolver.Library]
}

/// Packs an executable into an image with only what it needs to run: the (stripped) binary at
/// `/app/<name>`, the dynamic loader and the shared libraries DT_NEEDED pulls in (see
/// `SharedLibraryResolver`), a minimal `/etc` and the extra files asked for. No shell, no
/// package manager, no base distribution.
///
/// Two layers: the first holds `/etc`, the loader and the libraries (identical for every NF
/// built against the same libraries, so stored once), the second the executable and the extra
/// files. Layers are deterministic — members sorted, mtime `sourceDateEpoch`, owner 0:0, modes
/// normalized, `gzip -n` — and so are the JSON documents (sorted keys), so the same inputs give
/// the same image digest.
public struct ImageBuilder: Sendable {
    public struct Options: Sendable {
        public var compression: LayerCompression = .gzip
        /// Strip the executable (`strip --strip-all`); release binaries built with
        /// `-static-stdlib` still carry their symbol tables.
        public var strip = true
        /// Strip the shared libraries too (`--strip-unneeded`). Off: system libraries come
        /// stripped already, and the Swift toolchain's ones only matter for debug builds.
        public var stripLibraries = false
        /// Timestamp for every member and for `created` (SOURCE_DATE_EPOCH convention).
        public var sourceDateEpoch: Int64 = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? 0
        /// Libraries the executable loads with dlopen (DT_NEEDED can't show them).
        public var extraLibraries: [String] = []
        /// Looked in first for libraries, like LD_LIBRARY_PATH.
        public var librarySearchPaths: [String] = []

        public init() {}
    }

    /// How a container of the image runs by default; nil fields get the builder's defaults.
    public struct RunDefaults: Sendable {
        /// Default `["/app/<name>"]`.
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var env: [String] = []
        public var workingDir: String = "/"
        public var user: String = "0:0"
        /// `"8080/tcp"`, `"2123/udp"`.
        public var exposedPorts: [String] = []
        public var labels: [String: String] = [:]
        public var stopSignal: String = "SIGTERM"

        public init(entrypoint: [String]? = nil, cmd: [String]? = nil, env: [String] = [], exposedPorts: [String] = [], labels: [String: String] = [:]) {
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.env = env
            self.exposedPorts = exposedPorts
            self.labels = labels
        }
    }

    public let store: ImageStore
    public var options: Options
    private let logger: Logger

    public init(store: ImageStore, options: Options = Options(), logger: Logger = Logger(label: "vcore.image")) {
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// Builds `executable` into an image tagged `name` (`vcore/mme:dev`) and returns it.
    @discardableResult
    public func build(name: String, executable: URL, extraFiles: [ImageFile] = [], run: RunDefaults = RunDefaults()) throws -> BuiltImage {
        let reference = try ImageReference(parsing: name)
        let appName = executable.lastPathComponent
        let appPath = "/app/\(appName)"
        let resolution = try SharedLibraryResolver(extraSearchPaths: options.librarySearchPaths)
            .resolve(executable: executable, imagePath: appPath, extraLibraries: options.extraLibraries)

        var cleanup: [URL] = []
        defer { for url in cleanup { try? FileManager.default.removeItem(at: url) } }
        func prepared(_ source: URL, stripArguments: [String]?) throws -> URL {
            guard let stripArguments else { return source }
            let output = store.stagingURL("strip")
            cleanup.append(output)
            let tool = Subprocess.which("strip") ?? "strip"
            let result = try Subprocess.run(tool, stripArguments + ["-o", output.path, source.path])
            guard result.status == 0 else { throw ImageError.toolFailed(tool: "strip", status: result.status, message: result.errorText) }
            return output
        }

        // Layer 1: /etc, the loader and the libraries.
        var baseFiles: [String: (source: ImageFile.Contents, mode: UInt32)] = [
            "/etc/passwd": (.data(Data("root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n".utf8)), 0o644),
            "/etc/group": (.data(Data("root:x:0:\nnogroup:x:65534:\n".utf8)), 0o644),
            // /etc/hosts (mounted by the node agent) before DNS, as in any distribution.
            "/etc/nsswitch.conf": (.data(Data("passwd: files\ngroup: files\nhosts: files dns\n".utf8)), 0o644),
        ]
        for library in [resolution.interpreter].compactMap({ $0 }) + resolution.libraries {
            let source = try prepared(library.source, stripArguments: options.stripLibraries ? ["--strip-unneeded"] : nil)
            baseFiles[library.imagePath] = (.file(source), library.imagePath == resolution.interpreter?.imagePath ? 0o755 : 0o644)
        }
        let base = try writeLayer(files: baseFiles, emptyDirectories: ["/tmp": 0o1777, "/proc": 0o755, "/sys": 0o755, "/dev": 0o755, "/root": 0o700])

        // Layer 2: the executable and the extra files.
        var appFiles: [String: (source: ImageFile.Contents, mode: UInt32)] = [
            appPath: (.file(try prepared(executable, stripArguments: options.strip ? ["--strip-all"] : nil)), 0o755),
        ]
        for file in extraFiles {
            guard file.path.hasPrefix("/"), !file.path.split(separator: "/").contains("..") else { throw ImageError.unsafePath(file.path) }
            appFiles[file.path] = (file.contents, file.mode)
        }
        let app = try writeLayer(files: appFiles, emptyDirectories: [:])

        var env = ["PATH=/app:/usr/local/bin:/usr/bin:/bin"]
        if !resolution.libraryPath.isEmpty { env.append("LD_LIBRARY_PATH=\(resolution.libraryPath.joined(separator: ":"))") }
        env += run.env
        let created = Self.timestamp(options.sourceDateEpoch)
        let configuration = ImageConfiguration(
            created: created, architecture: resolution.architecture,
            config: .init(user: run.user, exposedPorts: run.exposedPorts.isEmpty ? nil : Dictionary(uniqueKeysWithValues: run.exposedPorts.map { ($0, EmptyObject()) }),
                          env: env, entrypoint: run.entrypoint ?? [appPath], cmd: run.cmd, workingDir: run.workingDir,
                          labels: run.labels.isEmpty ? nil : run.labels, stopSignal: run.stopSignal),
            rootfs: .init(diffIDs: [base.diffID, app.diffID]),
            history: [
                .init(created: created, createdBy: "vcore image build: /etc, dynamic loader and \(resolution.libraries.count) shared libraries"),
                .init(created: created, createdBy: "vcore image build: \(appPath)" + (extraFiles.isEmpty ? "" : " and \(extraFiles.count) files")),
            ])
        let configDescriptor = try store.ingest(json: configuration, mediaType: MediaType.config)
        let manifest = ImageManifest(config: configDescriptor, layers: [base.descriptor, app.descriptor])
        var manifestDescriptor = try store.ingest(json: manifest, mediaType: MediaType.manifest)
        manifestDescriptor.platform = Platform(architecture: resolution.architecture)
        try store.tag(manifestDescriptor, as: reference)
        let image = try store.image(reference)
        logger.info("built image", metadata: ["image": "\(reference)", "digest": "\(image.digest)", "size": "\(image.size)"])
        return BuiltImage(image: image, files: base.files + app.files, libraries: [resolution.interpreter].compactMap { $0 } + resolution.libraries)
    }

    private struct Layer {
        var descriptor: Descriptor
        var diffID: Digest
        var files: [String]
    }

    /// Writes one layer: every parent directory once (0755), then members in path order.
    private func writeLayer(files: [String: (source: ImageFile.Contents, mode: UInt32)], emptyDirectories: [String: UInt32]) throws -> Layer {
        var directories = emptyDirectories
        for path in files.keys {
            var parent = (path as NSString).deletingLastPathComponent
            while parent != "/" && !parent.isEmpty {
                if directories[parent] == nil { directories[parent] = 0o755 }
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        let tarURL = store.stagingURL("tar")
        defer { try? FileManager.default.removeItem(at: tarURL) }
        let sink = try HashingFileWriter(url: tarURL)
        let writer = TarWriter(sink: sink)
        let mtime = options.sourceDateEpoch
        var members: [String] = []
        for path in Set(directories.keys).union(files.keys).sorted() {
            let member = String(path.dropFirst())
            members.append(path)
            if let mode = directories[path] {
                try writer.addDirectory(member, mode: mode, mtime: mtime)
            } else if let file = files[path] {
                switch file.source {
                case .data(let data): try writer.addFile(member, contents: data, mode: file.mode, mtime: mtime)
                case .file(let url): try writer.addFile(member, from: url, mode: file.mode, mtime: mtime)
                }
            }
        }
        try writer.finish()
        let (diffID, tarSize) = try sink.finish()
        switch options.compression {
        case .none:
            let descriptor = try store.ingest(tarURL, mediaType: MediaType.layerTar, digest: diffID, size: tarSize)
            return Layer(descriptor: descriptor, diffID: diffID, files: members)
        case .gzip:
            let gzipURL = store.stagingURL("tar.gz")
            let result = try Subprocess.run(Subprocess.which("gzip") ?? "gzip", ["-n", "-6", "-c", tarURL.path], stdoutFile: gzipURL.path)
            guard result.status == 0 else {
                try? FileManager.default.removeItem(at: gzipURL)
                throw ImageError.toolFailed(tool: "gzip", status: result.status, message: result.errorText)
            }
            let descriptor = try store.ingest(gzipURL, mediaType: MediaType.layerTarGzip)
            return Layer(descriptor: descriptor, diffID: diffID, files: members)
        }
    }

    /// RFC 3339 UTC, as the image config's `created` wants it.
    static func timestamp(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
