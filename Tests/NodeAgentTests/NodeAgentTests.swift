import Testing
import Foundation
import Synchronization
import OrchestratorAPI
import OrchestratorStore
import OrchestratorControllers
@testable import NodeAgent

struct Node {
    let store: ObjectStore
    let engine = FakeEngine()
    let network = FakeNetwork()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-pods-\(UUID().uuidString.prefix(8))").path
    var tasks: [Task<Void, Error>] = []
    /// The agent the latest `startAgent` made, for logs and exec.
    let agents = Agents()

    init() throws {
        store = try ObjectStore(path: ":memory:")
        let manager = ControllerManager(store: store, controllers: [
            DeploymentController(store: store), ReplicaSetController(store: store), GarbageCollector(store: store),
            Scheduler(store: store, node: NodeCapacity(name: "node", millicores: 4000, memoryBytes: 1 << 32)),
        ])
        tasks.append(Task { try await manager.run() })
        tasks.append(startAgent())
    }

    var configuration: NodeAgentConfiguration {
        NodeAgentConfiguration(nodeName: "node", podDirectory: directory, dnsServer: "10.88.0.1",
                               restartBackoff: .milliseconds(100), maximumRestartBackoff: .milliseconds(400), tick: .milliseconds(20))
    }

    func startAgent() -> Task<Void, Error> {
        let agent = NodeAgent(store: store, engine: engine, network: network, configuration: configuration)
        agents.list.withLock { $0.append(agent) }
        return Task { try await agent.run() }
    }

    func stop() {
        for task in tasks { task.cancel() }
        store.closeWatches()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func eventually(_ seconds: Double = 60, _ condition: () throws -> Bool) async throws -> Bool {
        // Counted in polls, not by the clock: while sync tests beside this one hold the cooperative
        // pool's threads, neither this loop nor the controllers it waits for run, and a wall-clock
        // deadline would pass before they had their time.
        for _ in 0..<Int(seconds * 50) {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    func pods(_ app: String) throws -> [Pod] {
        try store.list(Pod.self, namespace: "default", selector: LabelSelector(matchLabels: ["app": app])).items
    }

    func deploy(_ name: String, replicas: Int = 1, image: String = "vcore/testworkload:dev", configure: (inout PodSpec) -> Void = { _ in }) throws {
        let labels = ["app": name]
        var spec = PodSpec(containers: [Container(name: name, image: image)])
        spec.terminationGracePeriodSeconds = 3
        configure(&spec)
        _ = try store.create(Deployment(metadata: ObjectMeta(name: name, namespace: "default"),
                                        spec: DeploymentSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels),
                                                             template: PodTemplateSpec(metadata: ObjectMeta(labels: labels,
                                                                                                            annotations: ["k8s.v1.cni.cncf.io/networks": "ran"]),
                                                                                       spec: spec))))
    }
}

final class Agents: Sendable {
    let list = Mutex<[NodeAgent]>([])
}

@Suite(.serialized) struct NodeAgentTests {
    static func ranNetwork(_ store: ObjectStore) throws {
        _ = try store.create(NetworkAttachmentDefinition(metadata: ObjectMeta(name: "ran", namespace: "default"),
                                                         config: #"{"cniVersion":"0.4.0","type":"bridge","bridge":"ran0"}"#))
    }

    @Test func podsRunAndBecomeReadyWithTheirNetworks() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("echo", replicas: 2)
        #expect(try await node.eventually { try node.pods("echo").filter { $0.status?.isReady == true }.count == 2 })
        let pod = try #require(try node.pods("echo").first)
        #expect(pod.status?.podIP?.hasPrefix("10.88.0.") == true)
        #expect(pod.status?.phase == "Running")
        #expect(pod.metadata.annotations?["k8s.v1.cni.cncf.io/network-status"]?.contains("default/ran") == true)
        #expect(node.engine.running.count == 2)
        #expect(node.engine.running.first?.resolvConf.contains("search default.svc.cluster.local") == true)
    }

    @Test func theDownwardAPIGivesTheFirstContainerItsPodAddress() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("mme") { spec in
            spec.containers[0].env = [EnvVar(name: "POD_IP", valueFrom: EnvVarSource(fieldRef: .init(fieldPath: "status.podIP")))]
        }
        #expect(try await node.eventually { node.engine.running.count == 1 })
        let address = try #require(node.engine.running.first?.environment["POD_IP"])
        #expect(address.hasPrefix("10.88.0."), "the address the network gave, on the very first start: \(address)")
    }

    @Test func namespacedSysctlsReachTheContainerAndOthersAreForbidden() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("pgw") { spec in
            spec.securityContext = PodSecurityContext(sysctls: [.init(name: "net.ipv4.ip_forward", value: "1")])
        }
        try node.deploy("greedy") { spec in
            spec.securityContext = PodSecurityContext(sysctls: [.init(name: "vm.swappiness", value: "0")])
        }
        #expect(try await node.eventually { node.engine.running.count == 1 })
        #expect(node.engine.running.first?.sysctls == ["net.ipv4.ip_forward": "1"])
        #expect(try await node.eventually {
            try node.pods("greedy").first?.status?.containerStatuses?.first?.state?.waiting?.reason == "SysctlForbidden"
        })
        #expect(node.engine.running.count == 1)
    }

    @Test func aCrashLoopShowsBackOffAndTheLastLogLines() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("broken", image: "crash")
        #expect(try await node.eventually {
            guard let status = try node.pods("broken").first?.status?.containerStatuses?.first else { return false }
            return status.restartCount >= 2 && status.state?.waiting?.reason == "CrashLoopBackOff"
        })
        let status = try #require(try node.pods("broken").first?.status?.containerStatuses?.first)
        #expect(status.lastState?.terminated?.exitCode == 1)
        #expect(status.lastState?.terminated?.message?.contains("fatal: cannot bind port 7") == true)
    }

    @Test func aKilledContainerIsRestarted() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("echo")
        #expect(try await node.eventually { node.engine.running.count == 1 })
        let id = try #require(try await node.engine.containers().first?.id)
        node.engine.kill(id)
        #expect(try await node.eventually {
            try node.pods("echo").first?.status?.containerStatuses?.first?.restartCount == 1 && node.engine.running.count == 1
        })
        #expect(try node.pods("echo").first?.status?.containerStatuses?.first?.lastState?.terminated?.exitCode == 137)
    }

    @Test func previousLogsExistOnlyAfterARestart() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("echo")
        #expect(try await node.eventually { node.engine.running.count == 1 })
        let agent = try #require(node.agents.list.withLock { $0.last })
        let pod = try #require(try node.pods("echo").first).name
        await #expect(throws: StoreError.self) {
            _ = try await agent.logs(namespace: "default", pod: pod, container: nil, previous: true, follow: false, tailLines: nil)
        }
        do {
            _ = try await agent.logs(namespace: "default", pod: pod, container: nil, previous: true, follow: false, tailLines: nil)
        } catch let error as StoreError {
            #expect("\(error)".contains("previous terminated container \"echo\" in pod \"\(pod)\" not found"))
        }
        node.engine.kill(try #require(try await node.engine.containers().first?.id))
        #expect(try await node.eventually { try node.pods("echo").first?.status?.containerStatuses?.first?.restartCount == 1 })
        _ = try await agent.logs(namespace: "default", pod: pod, container: nil, previous: true, follow: false, tailLines: nil)
    }

    @Test func deletionStopsWithTheGracePeriodAndTearsTheNetworkDown() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("echo")
        #expect(try await node.eventually { try node.pods("echo").first?.status?.isReady == true })
        try node.store.delete(Deployment.self, namespace: "default", name: "echo")
        #expect(try await node.eventually { try node.pods("echo").isEmpty && node.engine.running.isEmpty })
        #expect(node.engine.stops.withLock { $0.first?.1 } == .seconds(3))
        #expect(node.network.tornDown.withLock { $0.count } == 1)
    }

    @Test func aRestartedAgentAdoptsRunningContainers() async throws {
        var node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("echo", replicas: 2)
        #expect(try await node.eventually { try node.pods("echo").filter { $0.status?.isReady == true }.count == 2 })
        let runsBefore = node.engine.runs.withLock { $0 }
        node.tasks[1].cancel()
        try await Task.sleep(for: .milliseconds(100))
        node.tasks.append(node.startAgent())
        try await Task.sleep(for: .milliseconds(300))
        #expect(node.engine.runs.withLock { $0 } == runsBefore, "no container started again")
        #expect(node.engine.running.count == 2)
        #expect(try node.pods("echo").allSatisfy { $0.status?.isReady == true })
    }

    @Test func readinessFollowsAnExecProbe() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("probed") { spec in
            var probe = Probe()
            probe.exec = Probe.Exec(command: ["/app/check"])
            probe.periodSeconds = 1
            probe.failureThreshold = 1
            spec.containers[0].readinessProbe = probe
        }
        #expect(try await node.eventually { try node.pods("probed").first?.status?.isReady == true })
        let name = try #require(try node.pods("probed").first?.name)
        node.engine.unready.withLock { _ = $0.insert(name) }
        #expect(try await node.eventually(30) { try node.pods("probed").first?.status?.isReady == false })
    }

    @Test func configMapsBecomeFilesAndEnvironment() async throws {
        let node = try Node()
        defer { node.stop() }
        try Self.ranNetwork(node.store)
        try node.deploy("configured") { spec in
            spec.volumes = [Volume(name: "config", configMap: .init(name: "settings"))]
            spec.containers[0].volumeMounts = [VolumeMount(name: "config", mountPath: "/etc/vcore")]
            var variable = EnvVar(name: "MODE", value: "")
            variable.value = nil
            variable.valueFrom = EnvVarSource(configMapKeyRef: .init(name: "settings", key: "mode"))
            spec.containers[0].env = [variable]
        }
        #expect(try await node.eventually {
            try node.pods("configured").first?.status?.containerStatuses?.first?.state?.waiting?.reason == "CreateContainerConfigError"
        })
        _ = try node.store.create(ConfigMap(metadata: ObjectMeta(name: "settings"), data: ["mode": "echo", "app.yaml": "port: 7\n"]))
        #expect(try await node.eventually { node.engine.running.count == 1 })
        let launch = try #require(node.engine.running.first)
        #expect(launch.environment["MODE"] == "echo")
        let mount = try #require(launch.mounts.first)
        #expect(mount.destination == "/etc/vcore" && mount.readOnly)
        #expect(try String(contentsOfFile: mount.source + "/app.yaml", encoding: .utf8) == "port: 7\n")
    }
}

struct HostPathTests {
    @Test func typesAreCheckedAndTheOrCreateOnesCreate() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-hostpath-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try PodPreparation.checkHostPath(base + "/store", type: "DirectoryOrCreate")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: base + "/store", isDirectory: &isDirectory) && isDirectory.boolValue)
        try PodPreparation.checkHostPath(base + "/store", type: "Directory")
        try PodPreparation.checkHostPath(base + "/store/file", type: "FileOrCreate")
        try PodPreparation.checkHostPath(base + "/store/file", type: "File")
        #expect(throws: PodPreparation.Failure.self) { try PodPreparation.checkHostPath(base + "/missing", type: "Directory") }
        #expect(throws: PodPreparation.Failure.self) { try PodPreparation.checkHostPath(base + "/store/file", type: "Directory") }
        #expect(throws: PodPreparation.Failure.self) { try PodPreparation.checkHostPath(base + "/store", type: "File") }
        #expect(throws: PodPreparation.Failure.self) { try PodPreparation.checkHostPath(base + "/store/file", type: "DirectoryOrCreate") }
        try PodPreparation.checkHostPath(base + "/anything", type: "")
    }
}
