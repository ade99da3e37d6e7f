import Foundation

/// Finds exactly the shared libraries an executable loads, the way glibc's `ld.so` does:
/// DT_NEEDED breadth-first from the executable, each name looked up in DT_RPATH (when the
/// object has no DT_RUNPATH), the extra paths (as LD_LIBRARY_PATH would), DT_RUNPATH (with
/// `$ORIGIN`), the directories of `/etc/ld.so.conf` and the loader's default directories. The
/// first library a name resolves to satisfies every later request for that name. Unlike `ldd`
/// it never runs the binary, so it also works for binaries of a foreign architecture.
public struct SharedLibraryResolver: Sendable {
    /// A file to put into the image.
    public struct Library: Equatable, Sendable {
        /// The host file the bytes come from (symlinks resolved).
        public var source: URL
        /// Where the loader inside the image will look for it.
        public var imagePath: String
        /// The DT_NEEDED name (or the interpreter path) it satisfies.
        public var name: String
    }

    public struct Resolution: Sendable {
        public var architecture: String
        /// The dynamic loader (PT_INTERP), nil for a static executable.
        public var interpreter: Library?
        public var libraries: [Library]
        /// Image directories outside the loader's defaults that hold libraries; the image sets
        /// LD_LIBRARY_PATH to them (the image has no ld.so.cache).
        public var libraryPath: [String]
    }

    /// Looked in before DT_RUNPATH, like LD_LIBRARY_PATH (for libraries beside a build).
    public var extraSearchPaths: [String]
    /// `/etc/ld.so.conf` and its includes, as ldconfig reads them.
    public var configuredDirectories: [String]

    public init(extraSearchPaths: [String] = [], ldSoConf: String = "/etc/ld.so.conf") {
        self.extraSearchPaths = extraSearchPaths
        self.configuredDirectories = Self.readLdSoConf(ldSoConf)
    }

    /// The loader's own directories for `machine` (glibc with Debian's multiarch layout).
    public static func defaultDirectories(machine: UInt16) -> [String] {
        let triplet = machine == 183 ? "aarch64-linux-gnu" : "x86_64-linux-gnu"
        return ["/lib/\(triplet)", "/usr/lib/\(triplet)", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
    }

    /// Resolves what `executable` needs when it sits at `imagePath` inside the image, plus
    /// `extraLibraries` (names of libraries it dlopens, e.g. `libnss_dns.so.2`).
    public func resolve(executable: URL, imagePath: String, extraLibraries: [String] = []) throws -> Resolution {
        let info = try ELFDynamicInfo.read(from: executable)
        guard let architecture = info.architecture else { throw ImageError.notELF("\(executable.path) (unknown machine \(info.machine))") }
        let defaults = Self.defaultDirectories(machine: info.machine)
        var interpreter: Library?
        var skipped: Set<String> = []
        if let path = info.interpreter {
            let source = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw ImageError.missingLibrary(name: path, neededBy: executable.path, searched: [path])
            }
            interpreter = Library(source: source, imagePath: path, name: path)
            skipped.insert((path as NSString).lastPathComponent)
            if let soname = try? ELFDynamicInfo.read(from: source).soname { skipped.insert(soname) }
        }

        struct Object { var info: ELFDynamicInfo; var hostPath: URL; var imagePath: String }
        let root = Object(info: info, hostPath: executable.resolvingSymlinksInPath(), imagePath: imagePath)
        var queue: [(name: String, parent: Object)] = info.needed.map { ($0, root) } + extraLibraries.map { ($0, root) }
        var resolved: [String: Library] = [:]
        var libraryPath: [String] = []
        while !queue.isEmpty {
            let (name, parent) = queue.removeFirst()
            if resolved[name] != nil || skipped.contains(name) { continue }
            var searched: [String] = []
            var found: (source: URL, imageDirectory: String)?
            if name.contains("/") {
                if FileManager.default.fileExists(atPath: name) { found = (URL(fileURLWithPath: name).resolvingSymlinksInPath(), (name as NSString).deletingLastPathComponent) }
                searched = [name]
            } else {
                let hostOrigin = parent.hostPath.deletingLastPathComponent().path
                let imageOrigin = (parent.imagePath as NSString).deletingLastPathComponent
                var candidates: [(host: String, image: String, onLibraryPath: Bool)] = []
                let expand = { (entry: String) -> (String, String) in
                    (entry.replacingOccurrences(of: "$ORIGIN", with: hostOrigin).replacingOccurrences(of: "${ORIGIN}", with: hostOrigin),
                     entry.replacingOccurrences(of: "$ORIGIN", with: imageOrigin).replacingOccurrences(of: "${ORIGIN}", with: imageOrigin))
                }
                if parent.info.runpath.isEmpty {
                    let rpaths = parent.info.rpath + (parent.imagePath == root.imagePath ? [] : root.info.rpath)
                    candidates += rpaths.map { let (h, i) = expand($0); return (h, i, false) }
                }
                candidates += extraSearchPaths.map { ($0, $0, true) }
                candidates += parent.info.runpath.map { let (h, i) = expand($0); return (h, i, false) }
                candidates += configuredDirectories.map { ($0, $0, !defaults.contains($0)) }
                candidates += defaults.map { ($0, $0, false) }
                for candidate in candidates {
                    let host = URL(fileURLWithPath: candidate.host).appendingPathComponent(name)
                    searched.append(candidate.host)
                    if ELFDynamicInfo.isCompatible(host, machine: info.machine) {
                        let image = URL(fileURLWithPath: candidate.image).standardized.path
                        found = (host.resolvingSymlinksInPath(), image)
                        if candidate.onLibraryPath && !libraryPath.contains(image) { libraryPath.append(image) }
                        break
                    }
                }
            }
            guard let found else { throw ImageError.missingLibrary(name: name, neededBy: parent.hostPath.path, searched: searched) }
            let imagePath = name.contains("/") ? name : found.imageDirectory + "/" + name
            resolved[name] = Library(source: found.source, imagePath: imagePath, name: name)
            let libraryInfo = try ELFDynamicInfo.read(from: found.source)
            let object = Object(info: libraryInfo, hostPath: found.source, imagePath: imagePath)
            queue += libraryInfo.needed.map { ($0, object) }
        }
        return Resolution(architecture: architecture, interpreter: interpreter,
                          libraries: resolved.values.sorted { $0.imagePath < $1.imagePath }, libraryPath: libraryPath)
    }

    /// The directories `ldconfig` would cache, in order.
    static func readLdSoConf(_ path: String, depth: Int = 0) -> [String] {
        guard depth < 8, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var directories: [String] = []
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty || line.hasPrefix("hwcap") { continue }
            if line.hasPrefix("include") {
                let pattern = line.dropFirst("include".count).trimmingCharacters(in: .whitespaces)
                let absolute = pattern.hasPrefix("/") ? pattern : (path as NSString).deletingLastPathComponent + "/" + pattern
                for file in glob(absolute) { directories += readLdSoConf(file, depth: depth + 1) }
            } else {
                directories.append(contentsOf: line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "," }).map(String.init))
            }
        }
        return directories
    }

    /// Files matching a `dir/*.conf` style pattern (a `*` in the last component only), sorted.
    static func glob(_ pattern: String) -> [String] {
        let directory = (pattern as NSString).deletingLastPathComponent
        let filePattern = (pattern as NSString).lastPathComponent
        guard let star = filePattern.firstIndex(of: "*") else {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        let prefix = filePattern[..<star], suffix = filePattern[filePattern.index(after: star)...]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }
}
