import Foundation

/// Where the runtime keeps its state and how it runs crun.
public struct RuntimeConfiguration: Sendable {
    /// Per-container directories: record, bundle, overlay upper dir, FIFOs, pid and exit files.
    /// Must persist across restarts of the orchestrator (not across reboots: nothing runs then).
    public var stateDirectory = URL(fileURLWithPath: "/var/lib/vcore/containers")
    /// Per-container log files (`<id>/container.log`, rotated; `previous.log`).
    public var logDirectory = URL(fileURLWithPath: "/var/log/vcore/containers")
    /// crun's `--root`: its own state, best on a tmpfs (/run) since it is void after a reboot.
    public var crunRoot = URL(fileURLWithPath: "/run/vcore/crun")
    /// Containers' cgroups go under `/<cgroupParent>/<id>` in every hierarchy.
    public var cgroupParent = "vcore"
    /// `crun` (looked up in PATH) or a path.
    public var crunPath = "crun"
    /// Rotate a container's log at this size (kubelet's containerLogMaxSize, 10 MiB)...
    public var logMaxBytes: Int64 = 10 << 20
    /// ...keeping this many files including the current one (kubelet's containerLogMaxFiles).
    public var logMaxFiles = 5
    /// How long `run` waits for the container's process to exist.
    public var startTimeout: Duration = .seconds(30)

    public init() {}

    /// All three directories under one root (tests, or a non-standard install).
    public init(root: URL, cgroupParent: String = "vcore") {
        stateDirectory = root.appendingPathComponent("containers")
        logDirectory = root.appendingPathComponent("logs")
        crunRoot = root.appendingPathComponent("crun")
        self.cgroupParent = cgroupParent
    }
}
