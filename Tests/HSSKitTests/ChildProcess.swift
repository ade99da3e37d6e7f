import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, stopped and reaped by its PID.
///
/// Foundation's `Process` hands the child the test runner's signal mask, in which SIGTERM is
/// blocked (the runner's threads block it): a child started that way never sees SIGTERM. Here
/// the child starts with an empty mask and default handlers, as a shell or a kubelet starts it.
/// Waiting polls `waitpid(WNOHANG)` between async sleeps, so no thread of the cooperative pool
/// is held while a child takes its time to exit.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The raw wait status once the child has been reaped.
    private let reaped = Mutex<Int32?>(nil)

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable`; standard output and error go to `log` (appended), or nowhere.
    init(_ executable: String, _ arguments: [String], log: String? = nil) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let output = log ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnError(description: "\(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    var isRunning: Bool {
        reaped.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = raw
            return false
        }
    }

    /// The exit status once the child has exited: its code, or 128 + the signal that ended it.
    var exitStatus: Int32? {
        guard !isRunning, let raw = reaped.withLock({ $0 }) else { return nil }
        let terminatingSignal = raw & 0x7F
        return terminatingSignal == 0 ? (raw >> 8) & 0xFF : 128 + terminatingSignal
    }

    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits up to `timeout` for the child to exit; its exit status, nil if it is still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exitStatus
    }

    /// Sends `signal` and waits for the exit; SIGKILL after `grace` if the child is still there.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        self.signal(signal)
        if let status = await waitForExit(timeout: grace) { return status }
        self.signal(SIGKILL)
        return await waitForExit(timeout: .seconds(10)) ?? -1
    }

    /// A test that fails half-way leaves no daemon or capture behind.
    deinit {
        killAndReap()
    }

    /// For cleanup where nothing can be awaited: SIGKILL, then reap so no zombie stays.
    func killAndReap() {
        reaped.withLock { status in
            guard status == nil else { return }
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            status = raw
        }
    }
}
