import Testing
import Foundation
import OrchestratorAPI
@testable import OrchestratorStore

@Suite struct ObjectStoreTests {
    static func deployment(_ name: String = "mme", replicas: Int = 1) -> Deployment {
        let labels = ["app": name]
        return Deployment(metadata: ObjectMeta(name: name, namespace: "default", labels: labels),
                          spec: DeploymentSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels),
                                               template: PodTemplateSpec(metadata: ObjectMeta(labels: labels),
                                                                         spec: PodSpec(containers: [Container(name: name, image: "vcore/\(name):dev")]))))
    }

    @Test func createDefaultsMetadataAndRefusesDuplicates() throws {
        let store = try ObjectStore(path: ":memory:")
        let created = try store.create(Self.deployment())
        #expect(created.metadata.uid?.count == 36)
        #expect(created.metadata.generation == 1)
        #expect(created.metadata.resourceVersion != nil)
        #expect(created.apiVersion == "apps/v1" && created.kind == "Deployment")
        #expect(throws: StoreError(.alreadyExists, "deployments \"mme\" already exists")) { try store.create(Self.deployment()) }
        #expect(try store.get(Deployment.self, namespace: "default", name: "mme") == created)
    }

    @Test func objectsNeedAnExistingNamespaceAndAValidName() throws {
        let store = try ObjectStore(path: ":memory:")
        var other = Self.deployment()
        other.metadata.namespace = "vcore"
        #expect(throws: StoreError.self) { try store.create(other) }
        _ = try store.create(Namespace(name: "vcore"))
        _ = try store.create(other)
        var bad = Self.deployment()
        bad.metadata.name = "MME_1"
        #expect(throws: StoreError.self) { try store.create(bad) }
    }

    @Test func staleUpdatesConflictAndSpecChangesBumpTheGeneration() throws {
        let store = try ObjectStore(path: ":memory:")
        let created = try store.create(Self.deployment())
        var scaled = created
        scaled.spec.replicas = 3
        let updated = try store.update(scaled)
        #expect(updated.metadata.generation == 2)
        #expect(Int64(updated.metadata.resourceVersion!)! > Int64(created.metadata.resourceVersion!)!)
        var stale = created
        stale.spec.replicas = 5
        #expect(throws: StoreError.self) { try store.update(stale) }
        var labelled = updated
        labelled.metadata.labels?["tier"] = "core"
        #expect(try store.update(labelled).metadata.generation == 2, "metadata changes do not count")
    }

    @Test func statusIsOnlyWrittenThroughTheStatusSubresource() throws {
        let store = try ObjectStore(path: ":memory:")
        var deployment = try store.create(Self.deployment())
        deployment.status = DeploymentStatus()
        deployment.status?.readyReplicas = 1
        let main = try store.update(deployment)
        #expect(main.status == nil)
        var withStatus = main
        withStatus.status = DeploymentStatus()
        withStatus.status?.readyReplicas = 1
        withStatus.spec.replicas = 9
        let statusUpdated = try store.update(withStatus, status: true)
        #expect(statusUpdated.status?.readyReplicas == 1)
        #expect(statusUpdated.spec.replicas == 1, "the status subresource leaves the spec alone")
    }

    @Test func aRunningPodIsDeletedGracefully() throws {
        let store = try ObjectStore(path: ":memory:")
        var pod = Pod(metadata: ObjectMeta(name: "p", namespace: "default"), spec: PodSpec(containers: [Container(name: "c", image: "i")]))
        pod.spec.nodeName = "node"
        pod.spec.terminationGracePeriodSeconds = 7
        _ = try store.create(pod)
        let marked = try store.delete(Pod.self, namespace: "default", name: "p")
        #expect(marked.metadata.deletionTimestamp != nil && marked.metadata.deletionGracePeriodSeconds == 7)
        #expect(try store.get(Pod.self, namespace: "default", name: "p") != nil)
        #expect(try store.delete(Pod.self, namespace: "default", name: "p").metadata.deletionTimestamp == marked.metadata.deletionTimestamp)
        // The node agent, once the containers stopped, finishes with a zero grace period.
        try store.delete(Pod.self, namespace: "default", name: "p", gracePeriodSeconds: 0)
        #expect(try store.get(Pod.self, namespace: "default", name: "p") == nil)
    }

    @Test func servicesGetAClusterIPAndHeadlessOnesDoNot() throws {
        let store = try ObjectStore(path: ":memory:")
        let first = try store.create(Service(metadata: ObjectMeta(name: "hss"), spec: ServiceSpec(selector: ["app": "hss"], ports: [ServicePort(port: 3868)])))
        let second = try store.create(Service(metadata: ObjectMeta(name: "pcrf"), spec: ServiceSpec(selector: ["app": "pcrf"], ports: [ServicePort(port: 3868)])))
        let headless = try store.create(Service(metadata: ObjectMeta(name: "sgw"), spec: ServiceSpec(selector: ["app": "sgw"], clusterIP: "None")))
        #expect(first.spec.clusterIP == "10.96.0.10" && second.spec.clusterIP == "10.96.0.11")
        #expect(headless.spec.clusterIP == "None")
        #expect(throws: StoreError.self) {
            try store.create(Service(metadata: ObjectMeta(name: "x"), spec: ServiceSpec(clusterIP: "10.96.0.10")))
        }
    }

    @Test func secretStringDataIsStoredAsBase64Data() throws {
        let store = try ObjectStore(path: ":memory:")
        var secret = Secret(metadata: ObjectMeta(name: "keys"), data: [:])
        secret.stringData = ["k": "465B5CE8"]
        let stored = try store.create(secret)
        #expect(stored.stringData == nil)
        #expect(stored.data?["k"] == Data("465B5CE8".utf8).base64EncodedString())
    }

    @Test func watchReplaysFromAResourceVersionThenStreamsLive() async throws {
        let store = try ObjectStore(path: ":memory:")
        let first = try store.create(Self.deployment("a"))
        _ = try store.create(Self.deployment("b"))
        let stream = try store.watch(Deployment.resource, namespace: "default", after: Int64(first.metadata.resourceVersion!))
        _ = try store.create(Self.deployment("c"))
        try store.delete(Deployment.self, namespace: "default", name: "a")
        var seen = [String]()
        for await event in stream {
            seen.append("\(event.type.rawValue) \(event.name)")
            if seen.count == 3 { break }
        }
        #expect(seen == ["ADDED b", "ADDED c", "DELETED a"])
    }

    @Test func everythingSurvivesARestart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-store-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let version: String?
        do {
            let store = try ObjectStore(path: path)
            _ = try store.create(Namespace(name: "vcore"))
            var deployment = Self.deployment()
            deployment.metadata.namespace = "vcore"
            version = try store.create(deployment).metadata.resourceVersion
        }
        let reopened = try ObjectStore(path: path)
        #expect(try reopened.get(Deployment.self, namespace: "vcore", name: "mme")?.metadata.resourceVersion == version)
        #expect(reopened.currentResourceVersion >= Int64(version!)!)
        let next = try reopened.create(Self.deployment("sgw"))
        #expect(Int64(next.metadata.resourceVersion!)! > Int64(version!)!)
    }

    @Test func listFiltersByLabelSelector() throws {
        let store = try ObjectStore(path: ":memory:")
        _ = try store.create(Self.deployment("mme"))
        _ = try store.create(Self.deployment("sgw"))
        let (items, version) = try store.list(Deployment.self, namespace: "default", selector: LabelSelector(query: "app=sgw"))
        #expect(items.map(\.name) == ["sgw"])
        #expect(version == store.currentResourceVersion)
    }
}
