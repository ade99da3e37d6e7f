import Foundation
import Logging
import OrchestratorAPI
import OrchestratorStore

/// Runs one pod on the node: sets up its networks and volumes, starts its containers, restarts
/// them with back-off, probes them, reports the pod's status, and tears it all down when the pod
/// is deleted.
actor PodWorker {
    struct ContainerRecord {
        var id: String?
        /// The container that last exited, while its successor waits out the back-off: its log is
        /// what `vcore logs` shows then, and it is removed with the pod.
        var exitedID: String?
        var startedAt: ContinuousClock.Instant?
        var restartCount = 0
        var lastTerminated: ContainerStatus.State.Terminated?
        var nextStart: ContinuousClock.Instant?
        var backoff: Duration
        var waitingReason: String? = "ContainerCreating"
        var waitingMessage: String?
        var readiness: ProbeTracker?
        var liveness: ProbeTracker?
        var finished = false
    }

    let store: ObjectStore
    let engine: any ContainerEngine
    let network: any PodNetworking
    let configuration: NodeAgentConfiguration
    let logger: Logger
    let uid: String
    private(set) var pod: Pod
    var containers: [String: ContainerRecord] = [:]
    var networkOutcome: PodNetworkOutcome?
    var setUpFailure: PodPreparation.Failure?
    var lastReported: PodStatus?
    var terminating = false

    var directory: String { "\(configuration.podDirectory)/\(uid)" }

    init(pod: Pod, store: ObjectStore, engine: any ContainerEngine, network: any PodNetworking,
         configuration: NodeAgentConfiguration, logger: Logger, adopted: [KnownContainer]) {
        self.pod = pod
        uid = pod.metadata.uid ?? ""
        self.store = store
        self.engine = engine
        self.network = network
        self.configuration = configuration
        self.logger = logger
        for container in pod.spec.containers {
            var record = ContainerRecord(backoff: configuration.restartBackoff)
            if let known = adopted.first(where: { $0.containerName == container.name }) {
                record.id = known.id
                record.startedAt = .now
                record.waitingReason = nil
            }
            containers[container.name] = record
        }
        if let status = pod.status {
            for previous in status.containerStatuses ?? [] {
                containers[previous.name]?.restartCount = previous.restartCount
                containers[previous.name]?.lastTerminated = previous.lastState?.terminated
            }
        }
    }

    func updateSpec(_ newer: Pod) async {
        let resized = zip(pod.spec.containers, newer.spec.containers).filter { $0.resources != $1.resources }
        pod = newer
        for (_, container) in resized {
            if let id = containers[container.name]?.id {
                try? await engine.update(id, resources: ContainerResources(container.resources))
            }
        }
    }

    /// Whether the container has run before its current instance (whose logs `--previous` shows).
    func hasPreviousInstance(_ name: String?) -> Bool {
        let name = name ?? pod.spec.containers.first?.name
        guard let record = name.flatMap({ containers[$0] }) else { return false }
        return record.restartCount > 0 || record.exitedID != nil
    }

    /// The running container, or (for logs) the one that last exited while its successor waits.
    func containerID(_ name: String?, includingExited: Bool = false) -> String? {
        let name = name ?? pod.spec.containers.first?.name
        guard let record = name.flatMap({ containers[$0] }) else { return nil }
        return record.id ?? (includingExited ? record.exitedID : nil)
    }

    /// Runs until the pod is terminated.
    func run() async {
        while !terminating && !Task.isCancelled {
            if networkOutcome == nil { await setUp() }
            if networkOutcome != nil { await tick() }
            await report()
            try? await Task.sleep(for: configuration.tick)
        }
    }

    private func setUp() async {
        let store = self.store
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            networkOutcome = try await network.setUp(PodNetworkSetup(
                namespace: pod.metadata.namespace ?? "default", name: pod.name, uid: uid,
                networksAnnotation: pod.metadata.annotations?["k8s.v1.cni.cncf.io/networks"],
                resolve: { namespace, name in
                    try? store.get(NetworkAttachmentDefinition.self, namespace: namespace, name: name)?.spec.config
                }))
            setUpFailure = nil
        } catch let failure as PodNetworkFailure {
            setUpFailure = .init(reason: failure.reason, description: failure.description)
        } catch {
            setUpFailure = .init(reason: "NetworkSetupFailed", description: "\(error)")
        }
    }

    private func tick() async {
        let now = ContinuousClock.now
        for container in pod.spec.containers {
            guard var record = containers[container.name], !record.finished else { continue }
            if let id = record.id, case .exited(let code, let reason, let startedAt, let finishedAt) = await engine.state(id) {
                let message = code == 0 ? nil : await lastLogLines(id)
                record.lastTerminated = .init(exitCode: code, reason: reason ?? (code == 0 ? "Completed" : "Error"), message: message,
                                              startedAt: startedAt, finishedAt: finishedAt)
                await engine.retire(id)
                record.exitedID = id
                record.id = nil
                record.readiness = nil
                record.liveness = nil
                let policy = pod.spec.restartPolicy ?? "Always"
                if policy == "Never" || (policy == "OnFailure" && code == 0) {
                    record.finished = true
                } else {
                    // A container that ran long enough starts its back-off afresh (kubelet: 10 min).
                    if let started = record.startedAt, now - started > .seconds(600) { record.backoff = configuration.restartBackoff }
                    record.nextStart = now + record.backoff
                    record.waitingReason = "CrashLoopBackOff"
                    record.waitingMessage = "back-off \(record.backoff) restarting failed container=\(container.name) pod=\(pod.name)"
                    record.backoff = min(record.backoff * 2, configuration.maximumRestartBackoff)
                    record.restartCount += 1
                }
            }
            if record.id == nil, !record.finished, record.nextStart.map({ $0 <= now }) ?? true {
                await start(container, &record)
            }
            if let id = record.id { await probe(container, id: id, &record, now: now) }
            containers[container.name] = record
        }
    }

    private func start(_ container: Container, _ record: inout ContainerRecord) async {
        let preparation = PodPreparation(store: store, configuration: configuration)
        do {
            let volumes = try preparation.writeVolumes(pod, directory: directory)
            // The downward API's status.podIP is the address the network just gave, which the
            // status this worker last reported may not carry yet (first start of the pod).
            var described = pod
            var status = described.status ?? PodStatus()
            status.podIP = networkOutcome?.podIP ?? status.podIP
            described.status = status
            let launch = try launchDescription(container, volumes: volumes, environment: preparation.environment(container, pod: described))
            record.id = try await engine.run(launch)
            record.startedAt = .now
            record.waitingReason = nil
            record.waitingMessage = nil
            if let probe = container.readinessProbe { record.readiness = ProbeTracker(probe, startedAt: .now, initiallyPassing: false) }
            if let probe = container.livenessProbe { record.liveness = ProbeTracker(probe, startedAt: .now, initiallyPassing: true) }
        } catch let failure as PodPreparation.Failure {
            record.waitingReason = failure.reason
            record.waitingMessage = failure.description
            record.nextStart = .now + record.backoff
        } catch let failure as ContainerStartFailure {
            record.waitingReason = failure.reason
            record.waitingMessage = failure.description
            record.nextStart = .now + record.backoff
            record.backoff = min(record.backoff * 2, configuration.maximumRestartBackoff)
        } catch {
            record.waitingReason = "RunContainerError"
            record.waitingMessage = "\(error)"
            record.nextStart = .now + record.backoff
            record.backoff = min(record.backoff * 2, configuration.maximumRestartBackoff)
        }
    }

    private func launchDescription(_ container: Container, volumes: [String: String], environment: [String: String]) throws -> ContainerLaunch {
        var mounts = [ContainerLaunch.Mount]()
        var devices = [String]()
        for mount in container.volumeMounts ?? [] {
            guard let source = volumes[mount.name] else {
                throw PodPreparation.Failure(reason: "CreateContainerConfigError", description: "volume \"\(mount.name)\" not found")
            }
            let hostPath = pod.spec.volumes?.first { $0.name == mount.name }?.hostPath
            if hostPath?.type == "CharDevice" || hostPath?.type == "BlockDevice" {
                devices.append(source)
            } else {
                mounts.append(.init(source: mount.subPath.map { "\(source)/\($0)" } ?? source, destination: mount.mountPath,
                                    readOnly: mount.readOnly ?? (pod.spec.volumes?.first { $0.name == mount.name }.map { $0.configMap != nil || $0.secret != nil } ?? false)))
            }
        }
        var sysctls = [String: String]()
        for sysctl in pod.spec.securityContext?.sysctls ?? [] {
            // As the kubelet: a sysctl outside the pod's own namespaces would change the node.
            guard PodSecurityContext.isNamespaced(sysctl.name) else {
                throw PodPreparation.Failure(reason: "SysctlForbidden", description: "sysctl \"\(sysctl.name)\" is not namespaced: a pod may not set it")
            }
            sysctls[sysctl.name] = sysctl.value
        }
        var launch = ContainerLaunch(podUID: uid, podName: pod.name, namespace: pod.metadata.namespace ?? "default",
                               containerName: container.name, image: container.image, command: container.command, args: container.args,
                               environment: environment, workingDirectory: container.workingDir, hostname: pod.spec.hostname ?? pod.name,
                               networkNamespacePath: networkOutcome?.networkNamespacePath ?? "", mounts: mounts, devices: devices,
                               addedCapabilities: container.securityContext?.capabilities?.add ?? [],
                               droppedCapabilities: container.securityContext?.capabilities?.drop ?? [],
                               privileged: container.securityContext?.privileged ?? false,
                               resources: ContainerResources(container.resources),
                               resolvConf: configuration.resolvConf(namespace: pod.metadata.namespace ?? "default"))
        launch.sysctls = sysctls
        return launch
    }

    private func probe(_ container: Container, id: String, _ record: inout ContainerRecord, now: ContinuousClock.Instant) async {
        let runner = ProbeRunner(engine: engine)
        if var readiness = record.readiness, readiness.nextRun <= now {
            readiness.record(await runner.check(readiness.probe, podIP: networkOutcome?.podIP, containerID: id, container: container), now: now)
            record.readiness = readiness
        }
        if var liveness = record.liveness, liveness.nextRun <= now {
            liveness.record(await runner.check(liveness.probe, podIP: networkOutcome?.podIP, containerID: id, container: container), now: now)
            record.liveness = liveness
            if !liveness.passing {
                // A failed liveness probe restarts the container, like a crash.
                logger.info("liveness probe failed, restarting", metadata: ["pod": "\(pod.name)", "container": "\(container.name)"])
                await engine.stop(id, gracePeriod: .seconds(pod.spec.terminationGracePeriodSeconds ?? 30))
            }
        }
    }

    private func lastLogLines(_ id: String) async -> String? {
        // Kubernetes' FallbackToLogsOnError: the tail of the log explains a failure.
        guard let stream = try? await engine.logs(id, previous: false, follow: false, tailLines: 20) else { return nil }
        var bytes = [UInt8]()
        for await chunk in stream { bytes += chunk }
        let text = String(decoding: bytes.suffix(2048), as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}
