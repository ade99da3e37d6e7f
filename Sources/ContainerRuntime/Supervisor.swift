import Foundation
import OCIImage
#if canImport(Glibc)
import Glibc
#endif

/// Where a container's files live: `<stateDirectory>/<id>/`.
struct ContainerPaths: Sendable {
    let directory: URL

    var record: URL { directory.appendingPathComponent("container.json") }
    var bundle: URL { directory.appendingPathComponent("bundle") }
    var config: URL { bundle.appendingPathComponent("config.json") }
    /// The overlay mount point; empty on the host (the mount exists only in the supervisor's
    /// mount namespace).
    var rootfs: URL { bundle.appendingPathComponent("rootfs") }
    var upper: URL { directory.appendingPathComponent("upper") }
    var work: URL { directory.appendingPathComponent("work") }
    var stdoutFIFO: URL { directory.appendingPathComponent("stdout") }
    var stderrFIFO: URL { directory.appendingPathComponent("stderr") }
    /// Written by crun once the container's process exists; its mtime is the start time.
    var pidFile: URL { directory.appendingPathComponent("container.pid") }
    var supervisorPIDFile: URL { directory.appendingPathComponent("supervisor.pid") }
    /// The exit status, written by the supervisor when crun returns; its mtime is the finish time.
    var exitFile: URL { directory.appendingPathComponent("exit") }
    var crunLog: URL { directory.appendingPathComponent("crun.log") }
    var supervisorLog: URL { directory.appendingPathComponent("supervisor.log") }
}

/// The per-container supervisor: a few lines of `sh`, started detached (`setsid -f`, so it is
/// re-parented to init and outlives the orchestrator), inside `unshare -m --propagation
/// private`. In that private mount namespace it
///
/// 1. unmounts the cgroup v2 hierarchy on hybrid hosts (crun refuses them otherwise) — the host
///    keeps its mount;
/// 2. mounts the container's root filesystem, overlayfs with the image's unpacked tree as lower
///    directory and a per-container upper directory — so the mount can't leak onto the host and
///    disappears with the namespace, even if everything else crashes;
/// 3. runs `crun run` in the foreground with the container's stdout and stderr on two FIFOs the
///    node agent reads (`ContainerMonitor`); crun waits for the container, which is what makes
///    its exit status known at all (a detached `crun create` leaves the reaping to init);
/// 4. writes crun's status (the container's exit status, 128 + n for signal n) to `exit`.
///
/// The FIFOs are opened read-write by the supervisor so that the container never gets SIGPIPE
/// while the agent is away (restart): output then waits in the pipe (1 MiB) and, once that is
/// full, the container's writes block until the agent reads again — Docker's blocking log mode.
enum Supervisor {
    static let script = """
        d=$1; crun=$2; root=$3; id=$4; lower=$5; unified=$6
        echo $$ > "$d/supervisor.pid"
        fail() { echo "$1" >&2; echo 125 > "$d/exit.tmp"; mv "$d/exit.tmp" "$d/exit"; exit 125; }
        if [ -n "$unified" ]; then umount "$unified" || fail "cannot unmount $unified in the private mount namespace"; fi
        mount -t overlay overlay -o "lowerdir=$lower,upperdir=$d/upper,workdir=$d/work" "$d/bundle/rootfs" || fail "cannot mount the overlay root filesystem"
        "$crun" --root "$root" --log "file:$d/crun.log" run --bundle "$d/bundle" --pid-file "$d/container.pid" "$id" </dev/null 1<>"$d/stdout" 2<>"$d/stderr"
        echo $? > "$d/exit.tmp"
        mv "$d/exit.tmp" "$d/exit"
        """

    /// `unshare` arguments for a private mount namespace in which crun accepts this host.
    static func workaroundArguments(_ cgroups: CgroupHierarchy) -> [String] {
        guard cgroups.mode == .hybrid, let unified = cgroups.unifiedMount else { return ["--mount", "--propagation", "private", "--"] }
        return ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", "umount \"$0\" && exec \"$@\"", unified]
    }

    /// Starts the supervisor for a prepared container directory and returns when it has been
    /// handed to init (not when the container runs).
    static func start(paths: ContainerPaths, id: String, lowerDirectory: String, crun: Crun) throws {
        for path in [lowerDirectory, paths.directory.path] where path.contains(",") || path.contains(":") {
            throw RuntimeError.invalidSpec("overlayfs can't take a path with ',' or ':': \(path)")
        }
        let unified = crun.cgroups.mode == .hybrid ? crun.cgroups.unifiedMount ?? "" : ""
        let pid = try Subprocess.spawnDetached("/usr/bin/setsid", [
            "--fork", "/usr/bin/unshare", "--mount", "--propagation", "private", "--",
            "/bin/sh", "-c", script, "vcore-supervisor", paths.directory.path, crun.executable, crun.root, id, lowerDirectory, unified,
        ], stdout: .file(paths.supervisorLog.path, append: true), stderr: .file(paths.supervisorLog.path, append: true))
        // setsid --fork exits as soon as it has forked: reap it now; the supervisor is init's.
        let status = Subprocess.reap(pid, block: true)
        guard status == 0 else {
            throw RuntimeError.startFailed(id: id, message: "setsid exited with \(status.map(String.init) ?? "?"): \(readTrimmed(paths.supervisorLog))")
        }
    }

    static func readTrimmed(_ url: URL) -> String {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
