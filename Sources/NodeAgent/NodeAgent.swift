import Foundation
import Logging
import OrchestratorAPI
import OrchestratorServer
import OrchestratorStore
import Synchronization

/// The kubelet of the node: runs the pods bound to it, one `PodWorker` each; adopts the containers
/// still running after a restart of `vcore server`; finishes graceful deletions; answers logs and
/// exec for the API server.
public final class NodeAgent: PodServices {
    let store: ObjectStore
    let engine: any ContainerEngine
    let network: any PodNetworking
    let configuration: NodeAgentConfiguration
    let logger: Logger
    private let workers = Mutex<[String: (worker: PodWorker, task: Task<Void, Never>)]>([:])

    public init(store: ObjectStore, engine: any ContainerEngine, network: any PodNetworking,
                configuration: NodeAgentConfiguration, logger: Logger = Logger(label: "vcore.node")) {
        self.store = store
        self.engine = engine
        self.network = network
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async throws {
        let events = try store.watch(Pod.resource, namespace: nil, after: store.currentResourceVersion)
        let known = (try? await engine.containers()) ?? []
        for pod in try store.list(Pod.self).items { await reconcile(pod, adopting: known) }
        // Containers whose pod is gone are leftovers of a crash: remove them.
        let live = Set(try store.list(Pod.self).items.compactMap(\.metadata.uid))
        for container in known where !live.contains(container.podUID) {
            await engine.stop(container.id, gracePeriod: .seconds(1))
            await engine.remove(container.id)
        }
        await withTaskCancellationHandler {
            for await event in events {
                if event.type == .deleted {
                    if let pod = try? JSONDecoder().decode(Pod.self, from: Data(event.json)) { await stop(pod, gracePeriod: .seconds(0)) }
                    continue
                }
                if let pod = try? store.get(Pod.self, namespace: event.namespace, name: event.name) {
                    await reconcile(pod, adopting: [])
                }
            }
        } onCancel: {
            for (_, entry) in workers.withLock({ $0 }) { entry.task.cancel() }
        }
    }

    private func reconcile(_ pod: Pod, adopting known: [KnownContainer]) async {
        guard pod.spec.nodeName == configuration.nodeName, let uid = pod.metadata.uid else { return }
        if pod.metadata.deletionTimestamp != nil {
            await stop(pod, gracePeriod: .seconds(pod.metadata.deletionGracePeriodSeconds ?? 30))
            _ = try? store.delete(Pod.self, namespace: pod.metadata.namespace, name: pod.name, gracePeriodSeconds: 0)
            return
        }
        if let existing = workers.withLock({ $0[uid]?.worker }) {
            await existing.updateSpec(pod)
            return
        }
        let worker = PodWorker(pod: pod, store: store, engine: engine, network: network, configuration: configuration,
                               logger: logger, adopted: known.filter { $0.podUID == uid })
        let task = Task { await worker.run() }
        workers.withLock { $0[uid] = (worker, task) }
        logger.info("pod started", metadata: ["pod": "\(pod.metadata.namespace ?? "default")/\(pod.name)"])
    }

    private func stop(_ pod: Pod, gracePeriod: Duration) async {
        guard let uid = pod.metadata.uid, let entry = workers.withLock({ $0.removeValue(forKey: uid) }) else { return }
        entry.task.cancel()
        await entry.worker.terminate(gracePeriod: gracePeriod)
        logger.info("pod stopped", metadata: ["pod": "\(pod.metadata.namespace ?? "default")/\(pod.name)"])
    }

    func currentWorkers() -> [PodWorker] { workers.withLock { $0.values.map(\.worker) } }

    private func worker(namespace: String, pod: String) throws -> PodWorker {
        guard let object = try store.get(Pod.self, namespace: namespace, name: pod), let uid = object.metadata.uid,
              let worker = workers.withLock({ $0[uid]?.worker }) else {
            throw StoreError(.notFound, "pods \"\(pod)\" not found on this node")
        }
        return worker
    }

    public func logs(namespace: String, pod: String, container: String?, previous: Bool, follow: Bool,
                     tailLines: Int?) async throws -> AsyncStream<[UInt8]> {
        let worker = try worker(namespace: namespace, pod: pod)
        guard let id = await worker.containerID(container, includingExited: true) else {
            throw StoreError(.badRequest, "container has not started yet in pod \(pod)")
        }
        if previous, !(await worker.hasPreviousInstance(container)) {
            // kubectl's words for the same refusal.
            let name = container ?? (try? store.get(Pod.self, namespace: namespace, name: pod))?.spec.containers.first?.name ?? ""
            throw StoreError(.badRequest, "previous terminated container \"\(name)\" in pod \"\(pod)\" not found")
        }
        return try await engine.logs(id, previous: previous, follow: follow, tailLines: tailLines)
    }

    public func exec(namespace: String, pod: String, container: String?, command: [String]) async throws -> (status: Int32, output: [UInt8]) {
        guard let id = try await worker(namespace: namespace, pod: pod).containerID(container) else {
            throw StoreError(.badRequest, "container is not running in pod \(pod)")
        }
        return try await engine.exec(id, command: command)
    }
}
