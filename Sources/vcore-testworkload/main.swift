// vcore-testworkload: the orchestrator's test workload. Serves HTTP probes (/healthz, /readyz),
// a TCP and a UDP echo, logs a line per request, exits 0 on SIGTERM (or ignores it when told
// to), and crashes on request (CRASH_AFTER) for restart-policy tests. See `Options.help`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

let version = "vcore-testworkload 1.0.0"

var arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "--version", "version":
    log(version)
    exit(0)
case "--help", "-h", "help":
    log(Options.help)
    exit(0)
case "echo":
    exit(EchoClient.run(Array(arguments.dropFirst())))
case "probe", "cat", "env", "open", "write", "sleep":
    exit(Tools.run(arguments[0], Array(arguments.dropFirst())))
case "serve":
    arguments.removeFirst()
default:
    break
}

let options: Options
do {
    options = try Options.parse(arguments, environment: processEnvironment())
} catch {
    logError("vcore-testworkload: \(error)")
    exit(2)
}

// Block the signals we wait for before any thread starts, so that every thread inherits the mask
// and they stay pending for sigtimedwait below. A blocked signal is delivered even to PID 1 of a
// PID namespace, which ignores signals it has no handler for.
var waited = sigset_t()
sigemptyset(&waited)
sigaddset(&waited, SIGINT)
if options.ignoreSIGTERM {
    signal(SIGTERM, SIG_IGN)
} else {
    sigaddset(&waited, SIGTERM)
}
pthread_sigmask(SIG_BLOCK, &waited, nil)

let state = WorkloadState(options: options)
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
var channels: [Channel] = []
do {
    if options.httpPort > 0 {
        channels.append(try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(HTTPHandler(state: state)) }
            }
            .bind(host: options.bindAddress, port: options.httpPort).wait())
    }
    if options.tcpEchoPort > 0 {
        channels.append(try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(TCPEchoHandler()) }
            }
            .bind(host: options.bindAddress, port: options.tcpEchoPort).wait())
    }
    if options.udpEchoPort > 0 {
        channels.append(try DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UDPEchoHandler()) }
            }
            .bind(host: options.bindAddress, port: options.udpEchoPort).wait())
    }
} catch {
    logError("vcore-testworkload: cannot listen: \(error)")
    exit(3)
}

log("\(version) on \(state.hostname) (pid \(getpid())): http=\(options.httpPort) tcp-echo=\(options.tcpEchoPort) udp-echo=\(options.udpEchoPort)"
    + (options.crashAfter.map { " crash-after=\($0)s" } ?? "") + (options.ignoreSIGTERM ? " ignoring SIGTERM" : ""))

while true {
    var timeout = timespec(tv_sec: 0, tv_nsec: 50_000_000)
    let received = sigtimedwait(&waited, nil, &timeout)
    if let crashAfter = options.crashAfter, monotonicNow() - state.startedAt >= crashAfter {
        log("crashing as told (CRASH_AFTER=\(crashAfter)): exit \(options.exitCode)")
        exit(options.exitCode)
    }
    guard received > 0 else { continue }
    let name = received == SIGTERM ? "SIGTERM" : "SIGINT"
    if options.termDelay > 0 {
        log("received \(name), draining for \(options.termDelay) s")
        usleep(UInt32(options.termDelay * 1_000_000))
    }
    log("received \(name), shutting down")
    for channel in channels { try? channel.close().wait() }
    try? group.syncShutdownGracefully()
    log("stopped")
    exit(0)
}
