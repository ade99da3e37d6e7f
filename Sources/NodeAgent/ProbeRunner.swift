import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OrchestratorAPI

/// Runs readiness, liveness and startup probes the way the kubelet does: HTTP GET (2xx/3xx is
/// success), TCP connect, or a command in the container (exit 0).
struct ProbeRunner: Sendable {
    let engine: any ContainerEngine

    func check(_ probe: Probe, podIP: String?, containerID: String, container: Container) async -> Bool {
        let timeout = TimeAmount.seconds(Int64(max(probe.timeoutSeconds ?? 1, 1)))
        if let exec = probe.exec, let command = exec.command, !command.isEmpty {
            return (try? await engine.exec(containerID, command: command).status) == 0
        }
        let host = probe.httpGet?.host ?? probe.tcpSocket?.host ?? podIP
        guard let host, let port = Self.port(probe.httpGet?.port ?? probe.tcpSocket?.port, in: container) else { return false }
        if let httpGet = probe.httpGet {
            return await httpStatus(host: host, port: port, path: httpGet.path ?? "/", timeout: timeout).map { (200..<400).contains($0) } ?? false
        }
        return await connects(host: host, port: port, timeout: timeout)
    }

    static func port(_ value: IntOrString?, in container: Container) -> Int? {
        switch value {
        case .int(let port)?: port
        case .string(let name)?: container.ports?.first { $0.name == name }?.containerPort
        case nil: nil
        }
    }

    private func connects(host: String, port: Int, timeout: TimeAmount) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout).connect(host: host, port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }

    typealias HTTPConnection = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    private func httpStatus(host: String, port: Int, path: String, timeout: TimeAmount) async -> Int? {
        do {
            let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try HTTPConnection(wrappingChannelSynchronously: channel)
                    }
                }
            return try await withThrowingTaskGroup(of: Int?.self) { group in
                group.addTask {
                    try await connection.executeThenClose { inbound, outbound in
                        var headers = HTTPHeaders()
                        headers.add(name: "host", value: "\(host):\(port)")
                        headers.add(name: "user-agent", value: "vcore-probe/1")
                        try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)))
                        try await outbound.write(.end(nil))
                        for try await part in inbound {
                            if case .head(let head) = part { return Int(head.status.code) }
                        }
                        return nil
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        } catch {
            return nil
        }
    }
}

/// A probe's schedule and counters for one container.
struct ProbeTracker: Sendable {
    let probe: Probe
    var nextRun: ContinuousClock.Instant
    var consecutiveSuccesses = 0
    var consecutiveFailures = 0
    /// The verdict so far: readiness starts false, liveness true.
    var passing: Bool

    init(_ probe: Probe, startedAt: ContinuousClock.Instant, initiallyPassing: Bool) {
        self.probe = probe
        nextRun = startedAt + .seconds(probe.initialDelaySeconds ?? 0)
        passing = initiallyPassing
    }

    var period: Duration { .seconds(max(probe.periodSeconds ?? 10, 1)) }

    mutating func record(_ success: Bool, now: ContinuousClock.Instant) {
        nextRun = now + period
        if success {
            consecutiveSuccesses += 1
            consecutiveFailures = 0
            if consecutiveSuccesses >= max(probe.successThreshold ?? 1, 1) { passing = true }
        } else {
            consecutiveFailures += 1
            consecutiveSuccesses = 0
            if consecutiveFailures >= max(probe.failureThreshold ?? 3, 1) { passing = false }
        }
    }
}
