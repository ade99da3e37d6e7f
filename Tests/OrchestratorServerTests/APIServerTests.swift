import Testing
import Foundation
import OrchestratorAPI
import OrchestratorStore
import OrchestratorClient
@testable import OrchestratorServer

/// A server on a temporary Unix socket (and a TCP port with a token), for one test.
struct TestServer {
    let store: ObjectStore
    let socket: String
    let port: Int
    let token = "s3cret"
    let task: Task<Void, Error>

    init() async throws {
        store = try ObjectStore(path: ":memory:")
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("vcore-api-\(UUID().uuidString.prefix(8)).sock").path
        port = Int.random(in: 20000..<40000)
        let server = APIServer(store: store, podServices: nil,
                               configuration: APIServerConfiguration(socketPath: socket, tcpHost: "127.0.0.1", tcpPort: port, token: token))
        task = Task { try await server.run() }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(50))
    }

    var client: APIClient { APIClient(socketPath: socket) }

    func stop() {
        task.cancel()
        store.closeWatches()
        try? FileManager.default.removeItem(atPath: socket)
    }
}

@Suite struct APIServerTests {
    static func deployment(replicas: Int = 1) -> Deployment {
        let labels = ["app": "echo"]
        return Deployment(metadata: ObjectMeta(name: "echo", namespace: "default", labels: labels),
                          spec: DeploymentSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels),
                                               template: PodTemplateSpec(metadata: ObjectMeta(labels: labels),
                                                                         spec: PodSpec(containers: [Container(name: "echo", image: "vcore/testworkload:dev")]))))
    }

    @Test func createGetListUpdateDeleteOverTheUnixSocket() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        let client = server.client
        let created = try await client.create(Self.deployment())
        #expect(created.metadata.uid != nil)
        #expect(try await client.get(Deployment.self, namespace: "default", name: "echo") == created)
        #expect(try await client.list(Deployment.self, namespace: "default", labelSelector: "app=echo").map(\.name) == ["echo"])
        #expect(try await client.list(Deployment.self, namespace: "default", labelSelector: "app=other").isEmpty)
        var changed = created
        changed.spec.replicas = 3
        #expect(try await client.update(changed).metadata.generation == 2)
        do {
            _ = try await client.update(created)
            Issue.record("a stale update was accepted")
        } catch let error as APIError {
            #expect(error.status == 409 && error.reason == "Conflict")
        }
        try await client.delete(Deployment.self, namespace: "default", name: "echo")
        do {
            _ = try await client.get(Deployment.self, namespace: "default", name: "echo")
            Issue.record("a deleted object is still there")
        } catch let error as APIError {
            #expect(error.isNotFound)
        }
    }

    @Test func applyCreatesThenConfiguresThenLeavesAlone() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        #expect(try await server.client.apply(Self.deployment()) == .created)
        #expect(try await server.client.apply(Self.deployment()) == .unchanged)
        #expect(try await server.client.apply(Self.deployment(replicas: 4)) == .configured)
        #expect(try await server.client.get(Deployment.self, namespace: "default", name: "echo").spec.replicas == 4)
    }

    @Test func applyKeepsWhatTheServerFilledInAndDropsWhatTheManifestNoLongerHas() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        func service(labels: [String: String]) -> Service {
            Service(metadata: ObjectMeta(name: "hss", namespace: "default", labels: labels),
                    spec: ServiceSpec(selector: ["app": "hss"], ports: [ServicePort(port: 3868)]))
        }
        #expect(try await server.client.apply(service(labels: ["app": "hss", "tier": "core"])) == .created)
        let assigned = try await server.client.get(Service.self, namespace: "default", name: "hss").spec.clusterIP
        #expect(assigned != nil)
        #expect(try await server.client.apply(service(labels: ["app": "hss", "tier": "core"])) == .unchanged)
        // A label someone else added stays; one the manifest dropped goes.
        var stored = try await server.client.get(Service.self, namespace: "default", name: "hss")
        stored.metadata.labels?["owner"] = "ops"
        _ = try await server.client.update(stored)
        #expect(try await server.client.apply(service(labels: ["app": "hss"])) == .configured)
        let after = try await server.client.get(Service.self, namespace: "default", name: "hss")
        #expect(after.metadata.labels == ["app": "hss", "owner": "ops"])
        #expect(after.spec.clusterIP == assigned)
        #expect(after.metadata.annotations?["kubectl.kubernetes.io/last-applied-configuration"]?.contains("\"tier\"") == false)
    }

    @Test func scaleSubresource() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        _ = try await server.client.create(Self.deployment())
        try await server.client.scale(Deployment.self, namespace: "default", name: "echo", replicas: 5)
        #expect(try await server.client.get(Deployment.self, namespace: "default", name: "echo").spec.replicas == 5)
    }

    @Test func unknownFieldsInABodyAreRefusedWithTheirPath() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        let body = Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"dta":{"a":"b"}}"#.utf8)
        let (status, data) = try await server.client.raw("POST", "/api/v1/namespaces/default/configmaps", body: body)
        #expect(status == 422)
        #expect(String(decoding: data, as: UTF8.self).contains("dta: unknown field"))
    }

    @Test func unknownPathsAreNotFound() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        let (status, _) = try await server.client.raw("GET", "/apis/batch/v1/namespaces/default/jobs")
        #expect(status == 404)
        #expect(try await server.client.raw("GET", "/healthz").status == 200)
    }

    @Test func tcpRefusesRequestsWithoutTheToken() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        let anonymous = APIClient(host: "127.0.0.1", port: server.port, token: nil)
        let (status, data) = try await anonymous.raw("GET", "/api/v1/namespaces")
        #expect(status == 401)
        #expect(String(decoding: data, as: UTF8.self).contains("Unauthorized"))
        let wrong = APIClient(host: "127.0.0.1", port: server.port, token: "guess")
        #expect(try await wrong.raw("GET", "/api/v1/namespaces").status == 401)
        let authorized = APIClient(host: "127.0.0.1", port: server.port, token: server.token)
        #expect(try await authorized.list(Namespace.self, namespace: nil).map(\.name) == ["default"])
    }

    @Test func watchStreamsTheCurrentObjectsThenChanges() async throws {
        let server = try await TestServer()
        defer { server.stop() }
        _ = try await server.client.create(ConfigMap(metadata: ObjectMeta(name: "a"), data: ["k": "1"]))
        let events = server.client.watch(ConfigMap.self, namespace: "default")
        let client = server.client
        Task {
            try await Task.sleep(for: .milliseconds(100))
            _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: "b"), data: ["k": "2"]))
            try await client.delete(ConfigMap.self, namespace: "default", name: "a")
        }
        var seen = [String]()
        for try await (type, object) in events {
            seen.append("\(type) \(object.name)")
            if seen.count == 3 { break }
        }
        #expect(seen == ["ADDED a", "ADDED b", "DELETED a"])
    }

    @Test func pathsAreParsedLikeKubernetes() {
        #expect(APIPath("/api/v1/namespaces/vcore/pods/mme-1/log") ==
                APIPath(type: Pod.self, namespace: "vcore", name: "mme-1", subresource: "log"))
        #expect(APIPath("/api/v1/namespaces/vcore") == APIPath(type: Namespace.self, namespace: nil, name: "vcore", subresource: nil))
        #expect(APIPath("/api/v1/namespaces") == APIPath(type: Namespace.self, namespace: nil, name: nil, subresource: nil))
        #expect(APIPath("/apis/apps/v1/deployments") == APIPath(type: Deployment.self, namespace: nil, name: nil, subresource: nil))
        #expect(APIPath("/apis/k8s.cni.cncf.io/v1/namespaces/vcore/network-attachment-definitions/ran")?.name == "ran")
        #expect(APIPath("/api/v1/namespaces/vcore/status")?.subresource == "status")
        #expect(APIPath("/apis/batch/v1/jobs") == nil)
    }
}
