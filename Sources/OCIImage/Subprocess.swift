import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs host tools (gzip, strip, crun, unshare) with posix_spawn. Shared by the image and
/// runtime modules, not part of the public API.
///
/// Children get a clean signal mask and default dispositions, and no descriptor of ours beyond
/// stdin/stdout/stderr (`closefrom`), so a detached supervisor never keeps the orchestrator's
/// listening sockets or another container's log pipes open.
package enum Subprocess {
    package struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it (the shell's convention).
        package var status: Int32
        package var output: Data
        package var errorOutput: Data

        package var outputText: String { String(decoding: output, as: UTF8.self) }
        package var errorText: String { String(decoding: errorOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Where a child's standard stream goes when it isn't captured.
    package enum Stream: Sendable {
        case null
        case file(String, append: Bool)
        case inherit
    }

    package enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        case timedOut(String, Double)

        package var description: String {
            switch self {
            case .spawn(let tool, let errno): "cannot start \(tool): \(String(cString: strerror(errno)))"
            case .timedOut(let tool, let seconds): "\(tool) did not finish within \(seconds) s"
            }
        }
    }

    /// Runs `executable` (a path, or a name looked up in PATH) to completion and returns its
    /// status and both outputs (stdout to `stdoutFile` instead when given). `input` is written to
    /// its stdin; without it stdin is /dev/null. A child still running at `timeout` is killed
    /// (SIGKILL) and `Failure.timedOut` thrown.
    package static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                            stdoutFile: String? = nil, timeout: Double? = nil) throws -> Result {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1], inPipe: [Int32] = [-1, -1]
        try makePipe(&errPipe)
        if stdoutFile == nil { try makePipe(&outPipe) }
        if input != nil { try makePipe(&inPipe) }
        var actions = FileActions()
        defer { actions.destroy() }
        if input != nil { actions.dup(inPipe[0], to: 0) } else { actions.open("/dev/null", flags: O_RDONLY, to: 0) }
        if let stdoutFile { actions.open(stdoutFile, flags: O_WRONLY | O_CREAT | O_TRUNC, to: 1) } else { actions.dup(outPipe[1], to: 1) }
        actions.dup(errPipe[1], to: 2)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, actions: &actions, newSession: false)
        } catch {
            for fd in outPipe + errPipe + inPipe where fd >= 0 { close(fd) }
            throw error
        }
        for fd in [outPipe[1], errPipe[1], inPipe[0]] where fd >= 0 { close(fd) }

        var output = Data(), errorOutput = Data()
        var pending = input ?? Data()
        var inputFD = inPipe[1]
        if inputFD >= 0 { _ = fcntl(inputFD, F_SETFL, fcntl(inputFD, F_GETFL) | O_NONBLOCK) }
        if pending.isEmpty, inputFD >= 0 { close(inputFD); inputFD = -1 }
        var readers: [(fd: Int32, isError: Bool)] = []
        if outPipe[0] >= 0 { readers.append((outPipe[0], false)) }
        readers.append((errPipe[0], true))
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var status: Int32?
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)

        while !readers.isEmpty || inputFD >= 0 {
            var fds = readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
            var wait: Int32 = 100
            if let deadline { wait = max(0, min(wait, Int32(deadline.timeIntervalSinceNow * 1000) + 1)) }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            var closed: Set<Int32> = []
            for entry in fds where entry.revents != 0 {
                if entry.fd == inputFD {
                    let written = pending.withUnsafeBytes { Glibc.write(inputFD, $0.baseAddress, $0.count) }
                    if written > 0 { pending.removeFirst(written) }
                    if written < 0 && errno != EAGAIN || pending.isEmpty { close(inputFD); inputFD = -1 }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    let isError = readers.first { $0.fd == entry.fd }?.isError ?? true
                    if isError { errorOutput.append(buffer, count: count) } else { output.append(buffer, count: count) }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    closed.insert(entry.fd)
                }
            }
            for fd in closed { close(fd) }
            readers.removeAll { closed.contains($0.fd) }
            if ready == 0 {
                // A grandchild may hold the pipes open after the child has gone: stop once it has.
                if status == nil, let exited = reap(pid, block: false) { status = exited }
                if status != nil { break }
                if let deadline, Date() >= deadline, !timedOut {
                    timedOut = true
                    kill(pid, SIGKILL)
                }
            }
        }
        for reader in readers { close(reader.fd) }
        if inputFD >= 0 { close(inputFD) }
        let finalStatus = status ?? reap(pid, block: true) ?? 255
        if timedOut { throw Failure.timedOut(executable, timeout ?? 0) }
        return Result(status: finalStatus, output: output, errorOutput: errorOutput)
    }

    /// Starts `executable` in a new session with its streams sent to files and returns its pid
    /// without waiting. The caller owns the child: reap it (`reap`) or let it outlive us.
    package static func spawnDetached(_ executable: String, _ arguments: [String],
                                      stdout: Stream = .null, stderr: Stream = .null) throws -> pid_t {
        var actions = FileActions()
        defer { actions.destroy() }
        actions.open("/dev/null", flags: O_RDONLY, to: 0)
        for (stream, fd) in [(stdout, Int32(1)), (stderr, Int32(2))] {
            switch stream {
            case .null: actions.open("/dev/null", flags: O_WRONLY, to: fd)
            case .file(let path, let append): actions.open(path, flags: O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), to: fd)
            case .inherit: break
            }
        }
        return try spawn(executable, arguments, actions: &actions, newSession: true)
    }

    /// The exit status of `pid` (128 + signal for a killed child), or nil while it runs (non
    /// blocking) or when it isn't our child.
    package static func reap(_ pid: pid_t, block: Bool) -> Int32? {
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, block ? 0 : WNOHANG)
            if result == pid { break }
            if result == -1 && errno == EINTR { continue }
            return nil
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// The first executable called `name` in PATH (or `name` itself when it holds a slash).
    package static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    // MARK: - posix_spawn plumbing

    /// glibc's GNU extensions Swift doesn't import: `POSIX_SPAWN_SETSID` and, looked up at run
    /// time, `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    private static let spawnSetSID: Int32 = 0x80
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    private struct FileActions {
        var raw = posix_spawn_file_actions_t()
        init() { posix_spawn_file_actions_init(&raw) }
        mutating func dup(_ fd: Int32, to target: Int32) { posix_spawn_file_actions_adddup2(&raw, fd, target) }
        mutating func open(_ path: String, flags: Int32, to target: Int32) { posix_spawn_file_actions_addopen(&raw, target, path, flags, 0o644) }
        mutating func destroy() { posix_spawn_file_actions_destroy(&raw) }
    }

    private static func spawn(_ executable: String, _ arguments: [String], actions: inout FileActions, newSession: Bool) throws -> pid_t {
        if let closeFrom { _ = closeFrom(&actions.raw, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= spawnSetSID }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, executable, &actions.raw, &attributes, argv, environ)
        guard result == 0 else { throw Failure.spawn(executable, result) }
        return pid
    }

    private static func makePipe(_ fds: inout [Int32]) throws {
        guard pipe(&fds) == 0 else { throw Failure.spawn("pipe", errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }
}
