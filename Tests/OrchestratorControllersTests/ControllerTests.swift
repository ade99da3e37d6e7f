import Testing
import Foundation
import OrchestratorAPI
import OrchestratorStore
@testable import OrchestratorControllers

/// The controllers, the scheduler and a stand-in for the node agent that marks bound pods running
/// and ready (with an IP) and finishes graceful deletions.
struct ControlPlane {
    let store: ObjectStore
    let tasks: [Task<Void, Error>]

    init(node: NodeCapacity = NodeCapacity(name: "node", millicores: 2000, memoryBytes: 1 << 30)) throws {
        let store = try ObjectStore(path: ":memory:")
        self.store = store
        let manager = ControllerManager(store: store, controllers: [
            DeploymentController(store: store), ReplicaSetController(store: store), EndpointsController(store: store),
            GarbageCollector(store: store), NamespaceController(store: store), Scheduler(store: store, node: node),
        ])
        let kubelet = Task {
            let events = try store.watch(Pod.resource, namespace: nil, after: 0)
            var nextIP = 2
            for await event in events where event.type != .deleted {
                guard var pod = try store.get(Pod.self, namespace: event.namespace, name: event.name) else { continue }
                if pod.metadata.deletionTimestamp != nil {
                    _ = try? store.delete(Pod.self, namespace: pod.metadata.namespace, name: pod.name, gracePeriodSeconds: 0)
                } else if pod.spec.nodeName != nil, pod.status?.podIP == nil {
                    pod.status = pod.status ?? PodStatus()
                    pod.status?.phase = "Running"
                    pod.status?.podIP = "10.88.0.\(nextIP)"
                    nextIP += 1
                    pod.status?.setCondition("Ready", true)
                    _ = try? store.update(pod, status: true)
                }
            }
        }
        tasks = [Task { try await manager.run() }, kubelet]
    }

    func stop() {
        for task in tasks { task.cancel() }
        store.closeWatches()
    }

    /// Polls until `condition` holds (at most `seconds`).
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
}

@Suite(.serialized) struct ControllerTests {
    static func deployment(_ name: String, replicas: Int, image: String = "vcore/testworkload:dev", cpu: String? = nil) -> Deployment {
        let labels = ["app": name]
        var container = Container(name: name, image: image)
        container.ports = [ContainerPort(name: "echo", containerPort: 7, protocol: "UDP")]
        if let cpu { container.resources = ResourceRequirements(requests: ["cpu": Quantity(cpu)]) }
        return Deployment(metadata: ObjectMeta(name: name, namespace: "default", labels: labels),
                          spec: DeploymentSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels),
                                               template: PodTemplateSpec(metadata: ObjectMeta(labels: labels),
                                                                         spec: PodSpec(containers: [container]))))
    }

    @Test func deploymentScalesOneFiveTwo() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Self.deployment("echo", replicas: 1))
        #expect(try await plane.eventually { try plane.pods("echo").filter { $0.status?.isReady == true }.count == 1 })
        for target in [5, 2] {
            var deployment = try #require(try plane.store.get(Deployment.self, namespace: "default", name: "echo"))
            deployment.spec.replicas = target
            _ = try plane.store.update(deployment)
            #expect(try await plane.eventually {
                let deployment = try plane.store.get(Deployment.self, namespace: "default", name: "echo")
                return try plane.pods("echo").count == target && deployment?.status?.readyReplicas == target
            }, "converges to \(target)")
        }
        #expect(try plane.store.list(ReplicaSet.self, namespace: "default").items.count == 1)
    }

    @Test func aDeletedPodIsReplaced() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Self.deployment("echo", replicas: 2))
        #expect(try await plane.eventually { try plane.pods("echo").filter { $0.status?.isReady == true }.count == 2 })
        let victim = try plane.pods("echo")[0]
        try plane.store.delete(Pod.self, namespace: "default", name: victim.name)
        #expect(try await plane.eventually {
            let pods = try plane.pods("echo")
            return pods.count == 2 && !pods.contains { $0.name == victim.name } && pods.allSatisfy { $0.status?.isReady == true }
        })
    }

    @Test func aNewTemplateRollsOutThroughANewReplicaSet() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Self.deployment("echo", replicas: 3))
        #expect(try await plane.eventually { try plane.pods("echo").filter { $0.status?.isReady == true }.count == 3 })
        var deployment = try #require(try plane.store.get(Deployment.self, namespace: "default", name: "echo"))
        deployment.spec.template.spec.containers[0].image = "vcore/testworkload:v2"
        _ = try plane.store.update(deployment)
        #expect(try await plane.eventually {
            let pods = try plane.pods("echo")
            return pods.count == 3 && pods.allSatisfy { $0.spec.containers[0].image == "vcore/testworkload:v2" && $0.status?.isReady == true }
        })
        let replicaSets = try plane.store.list(ReplicaSet.self, namespace: "default").items
        #expect(replicaSets.count == 2)
        #expect(replicaSets.map { $0.spec.replicas ?? -1 }.sorted() == [0, 3])
    }

    @Test func endpointsFollowReadyPodsAndResolveNamedPorts() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Service(metadata: ObjectMeta(name: "echo"),
                                           spec: ServiceSpec(selector: ["app": "echo"],
                                                             ports: [ServicePort(name: "echo", protocol: "UDP", port: 7007, targetPort: "echo")])))
        _ = try plane.store.create(Self.deployment("echo", replicas: 2))
        #expect(try await plane.eventually {
            let endpoints = try plane.store.get(Endpoints.self, namespace: "default", name: "echo")
            return endpoints?.subsets?.first?.addresses?.count == 2 && endpoints?.subsets?.first?.ports == [EndpointPort(name: "echo", port: 7, protocol: "UDP")]
        })
    }

    @Test func deletingADeploymentCollectsItsReplicaSetsAndPods() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Self.deployment("echo", replicas: 2))
        #expect(try await plane.eventually { try plane.pods("echo").count == 2 })
        try plane.store.delete(Deployment.self, namespace: "default", name: "echo")
        #expect(try await plane.eventually {
            try plane.pods("echo").isEmpty && plane.store.list(ReplicaSet.self, namespace: "default").items.isEmpty
        })
    }

    @Test func podsThatDoNotFitAreUnschedulableAndSayWhy() async throws {
        let plane = try ControlPlane(node: NodeCapacity(name: "node", millicores: 1000, memoryBytes: 1 << 30))
        defer { plane.stop() }
        _ = try plane.store.create(Self.deployment("big", replicas: 2, cpu: "600m"))
        #expect(try await plane.eventually {
            let pods = try plane.pods("big")
            return pods.filter { $0.spec.nodeName != nil }.count == 1
                && pods.contains { $0.status?.condition("PodScheduled")?.reason == "Unschedulable" }
        })
        let pending = try #require(try plane.pods("big").first { $0.spec.nodeName == nil })
        #expect(pending.status?.condition("PodScheduled")?.message == "0/1 nodes are available: 1 Insufficient cpu.")
    }

    @Test func deletingANamespaceEmptiesItFirst() async throws {
        let plane = try ControlPlane()
        defer { plane.stop() }
        _ = try plane.store.create(Namespace(name: "vcore"))
        _ = try plane.store.create(ConfigMap(metadata: ObjectMeta(name: "c", namespace: "vcore"), data: ["a": "b"]))
        try plane.store.delete(Namespace.self, namespace: nil, name: "vcore")
        #expect(try plane.store.get(Namespace.self, namespace: nil, name: "vcore")?.metadata.deletionTimestamp != nil)
        #expect(throws: StoreError.self) { try plane.store.create(ConfigMap(metadata: ObjectMeta(name: "d", namespace: "vcore"), data: [:])) }
        #expect(try await plane.eventually { try plane.store.get(Namespace.self, namespace: nil, name: "vcore") == nil })
        #expect(try plane.store.list(ConfigMap.self, namespace: "vcore").items.isEmpty)
    }

    @Test func workQueueDeduplicatesAndBacksOff() async throws {
        let queue = WorkQueue(baseDelay: .milliseconds(10))
        await queue.add("a")
        await queue.add("a")
        await queue.add("b")
        #expect(await queue.next() == "a")
        await queue.add("a")
        #expect(await queue.next() == "b")
        await queue.done("a", failed: false)
        #expect(await queue.next() == "a", "a key changed while being processed comes back")
        await queue.done("a", failed: true)
        #expect(await queue.failureCount("a") == 1)
        let start = ContinuousClock.now
        #expect(await queue.next() == "a")
        #expect(ContinuousClock.now - start >= .milliseconds(9))
    }
}
