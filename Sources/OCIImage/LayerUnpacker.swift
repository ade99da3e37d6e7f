import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Applies layer tars to a root filesystem directory as the image-spec's "Applying Changesets"
/// describes: members are created over what lower layers left, `.wh.<name>` deletes a lower
/// entry, `.wh..wh..opq` empties a directory of lower entries. No path may leave the root: `..`
/// is refused and symlinks met on the way are followed as if the root were `/`.
struct LayerUnpacker {
    let root: URL
    private let isRoot = geteuid() == 0

    init(root: URL) {
        self.root = root.standardizedFileURL
    }

    static let whiteoutPrefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"

    func apply(layer: URL, gzip: Bool) throws {
        var tarFile = layer
        var decompressed: URL?
        if gzip {
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-layer-\(UUID().uuidString).tar")
            decompressed = temporary
            let result = try Subprocess.run(Subprocess.which("gzip") ?? "gzip", ["-dc", layer.path], stdoutFile: temporary.path)
            guard result.status == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw ImageError.toolFailed(tool: "gzip -d", status: result.status, message: result.errorText)
            }
            tarFile = temporary
        }
        defer { if let decompressed { try? FileManager.default.removeItem(at: decompressed) } }
        let handle = try FileHandle(forReadingFrom: tarFile)
        defer { try? handle.close() }
        let reader = TarReader(handle: handle)
        var touched: Set<String> = []
        while let header = try reader.next() {
            let components = header.path.split(separator: "/").map(String.init)
            guard !components.contains("..") else { throw ImageError.unsafePath(header.path) }
            guard let name = components.last else { continue }  // the root itself
            let parent = Array(components.dropLast())
            if name == Self.opaqueMarker {
                let directory = try resolve(parent, create: true)
                let prefix = parent.joined(separator: "/")
                for child in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    let relative = prefix.isEmpty ? child : prefix + "/" + child
                    if !touched.contains(relative) { try removeTree(directory + "/" + child) }
                }
                continue
            }
            if name.hasPrefix(Self.whiteoutPrefix) {
                let directory = try resolve(parent, create: true)
                let target = directory + "/" + String(name.dropFirst(Self.whiteoutPrefix.count))
                if exists(target) { try removeTree(target) }
                continue
            }
            let directory = try resolve(parent, create: true)
            let path = directory + "/" + name
            var info = stat()
            let present = lstat(path, &info) == 0
            let presentIsDirectory = present && info.st_mode & S_IFMT == S_IFDIR
            if present && !(presentIsDirectory && header.kind == .directory) { try removeTree(path) }
            switch header.kind {
            case .directory:
                if !presentIsDirectory { try check(mkdir(path, 0o755), "mkdir", path) }
                try check(chmod(path, mode_t(header.mode & 0o7777)), "chmod", path)
            case .regular:
                let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
                try check(fd < 0 ? -1 : 0, "create", path)
                let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
                try reader.readData { try handle.write(contentsOf: $0) }
                try check(fchmod(fd, mode_t(header.mode & 0o7777)), "chmod", path)
            case .symbolicLink:
                try check(symlink(header.linkTarget, path), "symlink", path)
            case .hardLink:
                let targetComponents = TarReader.clean(header.linkTarget).split(separator: "/").map(String.init)
                guard !targetComponents.contains(".."), let targetName = targetComponents.last else { throw ImageError.unsafePath(header.linkTarget) }
                let target = try resolve(Array(targetComponents.dropLast()), create: false) + "/" + targetName
                try check(link(target, path), "link", path)
            case .characterDevice, .blockDevice, .fifo:
                // Devices need root; an unprivileged unpack (a test) skips them.
                guard isRoot || header.kind == .fifo else { continue }
                let type: mode_t = header.kind == .fifo ? S_IFIFO : header.kind == .blockDevice ? S_IFBLK : S_IFCHR
                try check(mknod(path, type | mode_t(header.mode & 0o7777), Self.device(header.deviceMajor, header.deviceMinor)), "mknod", path)
            }
            if isRoot { _ = lchown(path, header.uid, header.gid) }
            var ancestor = ""
            for component in components {
                ancestor = ancestor.isEmpty ? component : ancestor + "/" + component
                touched.insert(ancestor)
            }
        }
    }

    /// The host path of the directory `components` names inside the root, following symlinks
    /// within the root and creating missing directories when asked.
    func resolve(_ components: [String], create: Bool) throws -> String {
        var resolved: [String] = []
        var pending = Array(components.reversed())
        var hops = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == "." { continue }
            if component == ".." { _ = resolved.popLast(); continue }
            let candidate = ([root.path] + resolved + [component]).joined(separator: "/")
            var info = stat()
            if lstat(candidate, &info) != 0 {
                guard create else { throw ImageError.unsafePath(components.joined(separator: "/")) }
                try check(mkdir(candidate, 0o755), "mkdir", candidate)
                resolved.append(component)
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                resolved.append(component)
            case S_IFLNK:
                hops += 1
                guard hops <= 40 else { throw ImageError.unsafePath("too many symlinks in \(components.joined(separator: "/"))") }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let length = readlink(candidate, &buffer, buffer.count - 1)
                try check(length < 0 ? -1 : 0, "readlink", candidate)
                let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("/") { resolved = [] }
                pending += target.split(separator: "/").map(String.init).reversed()
            default:
                throw ImageError.invalidTar("\(components.joined(separator: "/")) is used as a directory but is a file")
            }
        }
        return ([root.path] + resolved).joined(separator: "/")
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func removeTree(_ path: String) throws {
        do { try FileManager.default.removeItem(atPath: path) } catch { throw ImageError.io("cannot remove \(path): \(error)") }
    }

    private func check(_ result: Int32, _ operation: String, _ path: String) throws {
        if result != 0 { throw ImageError.io("\(operation) \(path): \(String(cString: strerror(errno)))") }
    }

    /// glibc's `makedev`, which Swift doesn't import.
    static func device(_ major: UInt32, _ minor: UInt32) -> dev_t {
        let major = UInt64(major), minor = UInt64(minor)
        return dev_t((major & 0xfff) << 8 | (major & ~0xfff) << 32 | (minor & 0xff) | (minor & ~0xff) << 12)
    }
}
