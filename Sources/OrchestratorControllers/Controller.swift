import Foundation
import Logging
import OrchestratorAPI
import OrchestratorStore

/// A controller in the Kubernetes pattern: changes only enqueue keys ("namespace/name"); a worker
/// runs `sync(key)`, which compares desired and actual state and acts; failures come back later.
public protocol Controller: Sendable {
    var name: String { get }
    /// The kinds whose changes matter, and how a change maps to the keys to sync.
    var triggers: [Trigger] { get }
    func sync(_ key: String) async throws
}

public struct Trigger: Sendable {
    public var resource: ResourceType
    public var keys: @Sendable (WatchEvent) -> [String]

    public init(resource: ResourceType, keys: @escaping @Sendable (WatchEvent) -> [String]) {
        self.resource = resource
        self.keys = keys
    }

    /// A change to an object of `resource` syncs that object.
    public static func own(_ resource: ResourceType) -> Trigger {
        Trigger(resource: resource) { [ObjectKey.string(namespace: $0.namespace, name: $0.name)] }
    }

    /// A change to an object of `resource` syncs the controller object that owns it.
    public static func owner(_ resource: ResourceType, ownerKind: String) -> Trigger {
        Trigger(resource: resource) { event in
            guard let object = try? PartialObject.decode(event.json),
                  let owner = object.metadata.ownerReferences?.first(where: { $0.controller == true && $0.kind == ownerKind })
            else { return [] }
            return [ObjectKey.string(namespace: event.namespace, name: owner.name)]
        }
    }
}

/// Just the metadata of any object, for routing events.
struct PartialObject: Decodable {
    var metadata: ObjectMeta

    static func decode(_ json: [UInt8]) throws -> PartialObject {
        try JSONDecoder().decode(PartialObject.self, from: Data(json))
    }
}

public enum ObjectKey {
    public static func string(namespace: String?, name: String) -> String {
        namespace.map { "\($0)/\(name)" } ?? name
    }

    public static func parse(_ key: String) -> (namespace: String?, name: String) {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : (nil, parts[0])
    }
}

/// Runs controllers against the store: one watch per trigger, a queue and workers per controller.
public struct ControllerManager: Sendable {
    let store: ObjectStore
    let controllers: [any Controller]
    let logger: Logger
    let workersPerController: Int

    public init(store: ObjectStore, controllers: [any Controller], workersPerController: Int = 2,
                logger: Logger = Logger(label: "vcore.controllers")) {
        self.store = store
        self.controllers = controllers
        self.workersPerController = workersPerController
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for controller in controllers {
                let queue = WorkQueue()
                for trigger in controller.triggers {
                    // Watching from version 0 replays nothing: the initial sync below enqueues every
                    // existing object, then the watch adds changes.
                    let events = try store.watch(trigger.resource, namespace: nil, after: store.currentResourceVersion)
                    try await enqueueExisting(trigger, queue)
                    group.addTask {
                        for await event in events {
                            for key in trigger.keys(event) { await queue.add(key) }
                        }
                    }
                }
                for _ in 0..<workersPerController {
                    group.addTask { await work(controller, queue) }
                }
                group.addTask {
                    await withTaskCancellationHandler {
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                    } onCancel: {
                        Task { await queue.shutDown() }
                    }
                }
            }
        }
    }

    private func enqueueExisting(_ trigger: Trigger, _ queue: WorkQueue) async throws {
        let type = APIKinds.all.first { $0.resource == trigger.resource }!
        for event in try existingEvents(type) {
            for key in trigger.keys(event) { await queue.add(key) }
        }
    }

    private func existingEvents<T: APIObject>(_ type: T.Type) throws -> [WatchEvent] {
        try store.list(T.self).items.map { object in
            WatchEvent(type: .added, resource: T.resource, namespace: object.metadata.namespace, name: object.name,
                       resourceVersion: Int64(object.metadata.resourceVersion ?? "0") ?? 0,
                       json: Array((try? JSONEncoder().encode(object)) ?? Data()))
        }
    }

    private func work(_ controller: any Controller, _ queue: WorkQueue) async {
        while let key = await queue.next() {
            do {
                try await controller.sync(key)
                await queue.done(key, failed: false)
            } catch {
                let failures = await queue.failureCount(key)
                if failures < 3 || failures % 10 == 0 {
                    logger.warning("sync failed", metadata: ["controller": "\(controller.name)", "key": "\(key)", "error": "\(error)"])
                }
                await queue.done(key, failed: true)
            }
        }
    }
}
