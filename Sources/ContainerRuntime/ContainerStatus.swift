import Foundation

/// What the runtime knows about a container, read from its state directory (so it survives a
/// restart of the orchestrator).
public struct ContainerStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// The supervisor is setting it up; its process hasn't started yet.
        case created
        case running
        /// Its process ended; `exitCode` says how.
        case exited
        /// Neither running nor with a recorded exit (the host rebooted, or the supervisor was killed).
        case unknown
    }

    public var id: String
    public var state: State
    /// The container's init process on the host (running containers only).
    public var pid: Int32?
    /// The process's exit status; 128 + n when signal n ended it (137: SIGKILL).
    public var exitCode: Int32?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var image: String
    public var imageDigest: String
    public var labels: [String: String]
    /// The resources as last set (at run or by `update`).
    public var resources: ResourceLimits
    /// Why it failed to start or ended abnormally (crun's own message), if known.
    public var message: String?

    public var isRunning: Bool { state == .running || state == .created }
}

public enum ContainerEvent: Sendable, Equatable {
    case started(ContainerStatus)
    case exited(ContainerStatus)

    public var status: ContainerStatus {
        switch self {
        case .started(let status), .exited(let status): status
        }
    }
}

/// Resource usage for `vcore top`. CPU is cumulative: the caller divides the difference of two
/// samples by the time between them.
public struct ContainerStats: Sendable, Codable, Equatable {
    public var id: String
    public var timestamp: Date
    /// CPU time used since start (cgroup v1 `cpuacct.usage`, v2 `cpu.stat usage_usec`).
    public var cpuUsageNanoseconds: UInt64
    /// `memory.usage_in_bytes` (v2 `memory.current`), page cache included.
    public var memoryUsageBytes: UInt64
    /// Usage minus inactive file pages: what `kubectl top` shows and what the OOM killer weighs.
    public var memoryWorkingSetBytes: UInt64
    /// Nil when unlimited.
    public var memoryLimitBytes: UInt64?
    public var pids: UInt64?
}

public struct ExecResult: Sendable, Equatable {
    public var exitCode: Int32
    public var stdout: Data
    public var stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// One line of a container's output, as stored (CRI log format:
/// `2026-01-02T03:04:05.123456789Z stdout F text`).
public struct LogLine: Sendable, Equatable {
    public enum Stream: String, Sendable {
        case stdout, stderr
    }

    public var timestamp: Date
    public var stream: Stream
    public var text: String
    /// The process wrote more than 16 KiB without a newline: the line continues in the next entry.
    public var partial: Bool

    public init(timestamp: Date, stream: Stream, text: String, partial: Bool = false) {
        self.timestamp = timestamp
        self.stream = stream
        self.text = text
        self.partial = partial
    }
}
