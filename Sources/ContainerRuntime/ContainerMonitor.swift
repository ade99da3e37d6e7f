import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One thread that carries every monitored container's output from its FIFOs to its log files
/// (and to `logs(follow:)` readers), and notices container starts and exits: crun's pid file and
/// the supervisor's `exit` file appearing (inotify on the container directory, with a
/// once-a-second check for exits as a safety net). Both come from this one thread, in order, so
/// a container's start is always reported before its exit.
///
/// Only this thread reads or closes the FIFO descriptors; other threads ask it to stop
/// monitoring a container and wait until it has (so a descriptor is never closed under a poll).
final class ContainerMonitor: @unchecked Sendable {
    private struct Stream {
        var fd: Int32
        var kind: LogLine.Stream
        var pending: [UInt8] = []
    }

    private struct Entry {
        var streams: [Stream]
        var writer: RotatingLogWriter
        var files: LogFiles
        var exitFile: String
        var watch: Int32
        var followers: [UUID: AsyncStream<LogLine>.Continuation] = [:]
    }

    /// Longer lines are cut into partial ("P") entries, as the CRI log format does.
    static let maxLineBytes = 16 * 1024
    /// Linux F_SETPIPE_SZ, which Swift's Glibc doesn't import.
    private static let setPipeSize: Int32 = 1031

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var watches: [Int32: String] = [:]
    private var finishRequests: [String: [DispatchSemaphore]] = [:]
    private var stopped = false
    private let threadDone = DispatchSemaphore(value: 0)
    private let inotify: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let onStart: @Sendable (String) -> Void
    private let onExit: @Sendable (String) -> Void

    init(onStart: @escaping @Sendable (String) -> Void, onExit: @escaping @Sendable (String) -> Void) throws {
        self.onStart = onStart
        self.onExit = onExit
        inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { throw RuntimeError.io("inotify_init1: \(String(cString: strerror(errno)))") }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw RuntimeError.io("pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let thread = Thread { [self] in loop() }
        thread.name = "vcore-container-monitor"
        thread.start()
    }

    /// Starts carrying a container's output to `writer` and watching `directory` for `exit`.
    func add(id: String, paths: ContainerPaths, files: LogFiles) throws {
        let writer = try RotatingLogWriter(path: files.current.path, maxBytes: files.maxBytes, maxFiles: files.maxFiles)
        var streams: [Stream] = []
        for (url, kind) in [(paths.stdoutFIFO, LogLine.Stream.stdout), (paths.stderrFIFO, .stderr)] {
            // Non-blocking: the open returns before the supervisor opens the other end, and
            // poll reports no hang-up until a writer has come and gone.
            let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                for stream in streams { close(stream.fd) }
                throw RuntimeError.io("cannot open \(url.path): \(String(cString: strerror(errno)))")
            }
            _ = fcntl(fd, Self.setPipeSize, Int32(1 << 20))
            streams.append(Stream(fd: fd, kind: kind))
        }
        let watch = inotify_add_watch(inotify, paths.directory.path, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE))
        lock.withLock {
            entries[id] = Entry(streams: streams, writer: writer, files: files, exitFile: paths.exitFile.path, watch: watch)
            if watch >= 0 { watches[watch] = id }
        }
        wake()
        // It may have exited before the watch existed.
        if FileManager.default.fileExists(atPath: paths.exitFile.path) { requestFinish(id, wait: false) }
    }

    func isMonitoring(_ id: String) -> Bool {
        lock.withLock { entries[id] != nil }
    }

    /// Stops monitoring a container after reading what its FIFOs still hold; with `wait`, returns
    /// once its log file is complete and closed.
    func remove(_ id: String) {
        requestFinish(id, wait: true)
    }

    /// The logged lines (last `tail`) followed by new ones as they are written, until the
    /// container exits or the reader stops.
    func follow(_ id: String, files: LogFiles, tail: Int?) -> AsyncStream<LogLine> {
        let (stream, continuation) = AsyncStream<LogLine>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        let token = UUID()
        let live: Bool = lock.withLock {
            for line in files.read(previous: false, tail: tail) { continuation.yield(line) }
            guard entries[id] != nil else { return false }
            entries[id]?.followers[token] = continuation
            return true
        }
        if live {
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                _ = lock.withLock { self.entries[id]?.followers.removeValue(forKey: token) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }

    /// Stops the thread (the orchestrator is shutting down); containers keep running and a new
    /// runtime picks their output up again (`ContainerRuntime.recover`).
    func shutdown() {
        let alreadyStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        wake()
        threadDone.wait()
    }

    // MARK: - The monitor thread

    private func requestFinish(_ id: String, wait: Bool) {
        let semaphore = DispatchSemaphore(value: 0)
        let queued: Bool = lock.withLock {
            guard entries[id] != nil, !stopped else { return false }
            finishRequests[id, default: []].append(semaphore)
            return true
        }
        guard queued else { return }
        wake()
        if wait { semaphore.wait() }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func loop() {
        var lastSweep = Date()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let (requests, isStopped) = lock.withLock { () -> ([String: [DispatchSemaphore]], Bool) in
                defer { finishRequests = [:] }
                return (finishRequests, stopped)
            }
            for (id, semaphores) in requests {
                finish(id, buffer: &buffer)
                semaphores.forEach { $0.signal() }
            }
            if isStopped { break }

            let watched: [(fd: Int32, id: String)] = lock.withLock {
                entries.flatMap { id, entry in entry.streams.map { ($0.fd, id) } }
            }
            var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0), pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)]
            fds += watched.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 && errno != EINTR { usleep(10_000) }

            if fds[0].revents != 0 { while read(wakeRead, &buffer, buffer.count) > 0 {} }
            var exited: Set<String> = []
            if fds[1].revents != 0 {
                let (startedIDs, exitedIDs) = readInotify(&buffer)
                for id in startedIDs { onStart(id) }
                exited.formUnion(exitedIDs)
            }
            for (index, entry) in watched.enumerated() where fds[index + 2].revents != 0 {
                pump(entry.id, fd: entry.fd, buffer: &buffer, untilEmpty: false)
            }
            if Date().timeIntervalSince(lastSweep) >= 1 {
                lastSweep = Date()
                let candidates = lock.withLock { entries.map { ($0.key, $0.value.exitFile) } }
                for (id, exitFile) in candidates where FileManager.default.fileExists(atPath: exitFile) { exited.insert(id) }
            }
            for id in exited {
                if finish(id, buffer: &buffer) { onExit(id) }
            }
        }
        let remaining = lock.withLock { Array(entries.keys) }
        for id in remaining { finish(id, buffer: &buffer) }
        close(inotify)
        close(wakeRead)
        close(wakeWrite)
        threadDone.signal()
    }

    /// The ids whose directory got a pid file (started, in event order) and an `exit` file.
    private func readInotify(_ buffer: inout [UInt8]) -> (started: [String], exited: Set<String>) {
        var started: [String] = []
        var exited: Set<String> = []
        while true {
            let count = read(inotify, &buffer, buffer.count)
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let (watch, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self), Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if let id = lock.withLock({ watches[watch] }) {
                    switch String(decoding: nameBytes, as: UTF8.self) {
                    case "container.pid" where !started.contains(id): started.append(id)
                    case "exit": exited.insert(id)
                    default: break
                    }
                }
                offset += 16 + length
            }
        }
        return (started, exited)
    }

    /// Reads what a FIFO holds and logs its complete lines; at end of file closes it.
    private func pump(_ id: String, fd: Int32, buffer: inout [UInt8], untilEmpty: Bool) {
        repeat {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            let chunk = count > 0 ? Array(buffer[..<count]) : []
            let endOfFile = count == 0
            lock.withLock {
                guard var entry = entries[id], let index = entry.streams.firstIndex(where: { $0.fd == fd }) else { return }
                entry.streams[index].pending += chunk
                emitLines(&entry, index: index, flush: endOfFile)
                if endOfFile {
                    close(fd)
                    entry.streams.remove(at: index)
                }
                entries[id] = entry
            }
            if count <= 0 || (!untilEmpty && count < buffer.count) { return }
        } while true
    }

    /// Writes the complete lines of a stream's pending bytes (all of them with `flush`).
    private func emitLines(_ entry: inout Entry, index: Int, flush: Bool) {
        var pending = entry.streams[index].pending
        let kind = entry.streams[index].kind
        var start = 0
        var lines: [(text: ArraySlice<UInt8>, partial: Bool)] = []
        while true {
            let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n"))
            if let newline, newline - start <= Self.maxLineBytes {
                lines.append((pending[start..<newline], false))
                start = newline + 1
            } else if pending.count - start > Self.maxLineBytes {
                lines.append((pending[start..<(start + Self.maxLineBytes)], true))
                start += Self.maxLineBytes
            } else {
                break
            }
        }
        if flush && start < pending.count {
            lines.append((pending[start...], false))
            start = pending.count
        }
        pending.removeFirst(start)
        entry.streams[index].pending = pending
        guard !lines.isEmpty else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let date = Date(timeIntervalSince1970: Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
        for (text, partial) in lines {
            let line = LogLine(timestamp: date, stream: kind, text: String(decoding: text, as: UTF8.self), partial: partial)
            entry.writer.write(LogFiles.format(line, seconds: Int(now.tv_sec), nanoseconds: now.tv_nsec))
            for follower in entry.followers.values { follower.yield(line) }
        }
    }

    /// Drains and closes a container's FIFOs, closes its log, ends its followers. False if it
    /// wasn't monitored (any more).
    @discardableResult
    private func finish(_ id: String, buffer: inout [UInt8]) -> Bool {
        let fds = lock.withLock { entries[id]?.streams.map(\.fd) ?? [] }
        for fd in fds { pump(id, fd: fd, buffer: &buffer, untilEmpty: true) }
        guard let entry = lock.withLock({ () -> Entry? in
            guard var entry = entries.removeValue(forKey: id) else { return nil }
            for index in entry.streams.indices { emitLines(&entry, index: index, flush: true) }
            if entry.watch >= 0 {
                watches[entry.watch] = nil
                inotify_rm_watch(inotify, entry.watch)
            }
            return entry
        }) else { return false }
        for stream in entry.streams { close(stream.fd) }
        entry.writer.close()
        for follower in entry.followers.values { follower.finish() }
        return true
    }
}
