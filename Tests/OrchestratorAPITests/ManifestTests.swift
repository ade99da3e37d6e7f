import Testing
import Foundation
@testable import OrchestratorAPI

@Suite struct ManifestTests {
    static let manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: vcore
        ---
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata:
          name: ran
          namespace: vcore
        spec:
          config: '{"cniVersion":"0.4.0","type":"bridge","bridge":"ran0","ipam":{"type":"host-local","subnet":"10.10.0.0/24"}}'
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: echo-config, namespace: vcore}
        data:
          echo.yaml: |
            port: 7
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: echo
          namespace: vcore
          labels: {app: echo}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: echo}
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}
          template:
            metadata:
              labels: {app: echo}
              annotations:
                k8s.v1.cni.cncf.io/networks: ran
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: echo
                image: vcore/testworkload:dev
                args: ["--udp", "7"]
                env:
                - {name: MODE, value: echo}
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                ports:
                - {containerPort: 7, protocol: UDP}
                resources:
                  requests: {cpu: 100m, memory: 32Mi}
                  limits: {memory: 64Mi}
                readinessProbe:
                  httpGet: {path: /readyz, port: 8080}
                  periodSeconds: 1
                securityContext:
                  capabilities: {add: [NET_ADMIN]}
                volumeMounts:
                - {name: config, mountPath: /etc/vcore}
              volumes:
              - name: config
                configMap: {name: echo-config}
              - name: tun
                hostPath: {path: /dev/net/tun, type: CharDevice}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo, namespace: vcore}
        spec:
          selector: {app: echo}
          ports:
          - {name: echo, protocol: UDP, port: 7, targetPort: 7}
          - {name: diameter, protocol: SCTP, port: 3868, targetPort: diameter}
        """

    @Test func everyKindOfTheCoreManifestDecodes() throws {
        let objects = try Manifest.parse(Self.manifest)
        #expect(objects.map { type(of: $0).resource.kind } == ["Namespace", "NetworkAttachmentDefinition", "ConfigMap", "Deployment", "Service"])
        let deployment = try #require(objects[3] as? Deployment)
        #expect(deployment.spec.replicas == 2)
        #expect(deployment.spec.strategy?.rollingUpdate?.maxUnavailable == "25%")
        let container = try #require(deployment.spec.template.spec.containers.first)
        #expect(container.resources?.requests?["cpu"]?.millicores == 100)
        #expect(container.resources?.limits?["memory"]?.bytes == 64 * 1024 * 1024)
        #expect(container.readinessProbe?.httpGet?.port == .int(8080))
        #expect(container.env?[1].valueFrom?.fieldRef?.fieldPath == "status.podIP")
        let service = try #require(objects[4] as? Service)
        #expect(service.spec.ports?[1].targetPort == "diameter")
        #expect(service.spec.ports?[1].protocol == "SCTP")
    }

    func error(_ text: String) -> ManifestError? {
        do {
            _ = try Manifest.parse(text)
            return nil
        } catch {
            return error as? ManifestError
        }
    }

    @Test func unknownKindIsNamed() throws {
        let failure = try #require(error("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\n"))
        #expect(failure.field == "kind")
        #expect(failure.description.contains("unknown kind batch/v1 CronJob"))
    }

    @Test func unknownFieldIsNamedWithItsPath() throws {
        let text = Self.manifest.replacingOccurrences(of: "imagePullPolicy", with: "x")
            .replacingOccurrences(of: "image: vcore/testworkload:dev", with: "image: vcore/testworkload:dev\n        imagePullPolicyy: Always")
        let failure = try #require(error(text))
        #expect(failure.object == "Deployment vcore/echo")
        #expect(failure.field == "spec.template.spec.containers[0].imagePullPolicyy")
        #expect(failure.problem == "unknown field")
    }

    @Test func wrongTypeIsNamed() throws {
        let failure = try #require(error(Self.manifest.replacingOccurrences(of: "replicas: 2", with: "replicas: two")))
        #expect(failure.object == "Deployment vcore/echo")
        #expect(failure.field == "spec.replicas")
        #expect(failure.problem.contains("wrong type"))
    }

    @Test func missingRequiredFieldIsNamed() throws {
        let failure = try #require(error(Self.manifest.replacingOccurrences(of: "        image: vcore/testworkload:dev\n", with: "")))
        #expect(failure.field == "spec.template.spec.containers[0].image")
        #expect(failure.problem == "required field missing")
    }

    @Test func badQuantityIsRefused() throws {
        let failure = try #require(error(Self.manifest.replacingOccurrences(of: "cpu: 100m", with: "cpu: lots")))
        #expect(failure.field == "spec.template.spec.containers[0].resources.requests.cpu")
    }

    @Test func labelSelectors() {
        let selector = LabelSelector(matchLabels: ["app": "mme"], matchExpressions: [.init(key: "tier", operator: "In", values: ["core"])])
        #expect(selector.matches(["app": "mme", "tier": "core"]))
        #expect(!selector.matches(["app": "mme", "tier": "edge"]))
        #expect(!selector.matches(["app": "sgw", "tier": "core"]))
        #expect(LabelSelector().matches(nil))
        let parsed = LabelSelector(query: "app=mme,tier!=edge,!legacy")
        #expect(parsed?.matches(["app": "mme"]) == true)
        #expect(parsed?.matches(["app": "mme", "tier": "edge"]) == false)
        #expect(parsed?.matches(["app": "mme", "legacy": "1"]) == false)
    }

    @Test func quantitiesAndPercentages() {
        #expect(Quantity("1.5").millicores == 1500)
        #expect(Quantity("2Gi").bytes == 2 * 1024 * 1024 * 1024)
        #expect(Quantity("500M").bytes == 500_000_000)
        #expect(IntOrString.string("25%").scaled(total: 5, roundUp: false) == 1)
        #expect(IntOrString.string("25%").scaled(total: 5, roundUp: true) == 2)
        #expect(IntOrString.int(3).scaled(total: 5, roundUp: true) == 3)
    }

    @Test func resourcePaths() {
        #expect(Pod.resource.path(namespace: "vcore", name: "mme-1") == "/api/v1/namespaces/vcore/pods/mme-1")
        #expect(Deployment.resource.path(namespace: nil) == "/apis/apps/v1/deployments")
        #expect(Namespace.resource.path(namespace: "x", name: "vcore") == "/api/v1/namespaces/vcore")
        #expect(APIKinds.type(named: "deploy") == Deployment.self)
        #expect(APIKinds.type(named: "pod") == Pod.self)
    }
}

@Suite struct ManifestErrorShapeTests {
    @Test func aSyntaxErrorInOneDocumentIsReportedNotDropped() throws {
        let broken = ManifestTests.manifest.replacingOccurrences(of: "image: vcore/testworkload:dev\n", with: "")
        do {
            _ = try Manifest.parse(broken)
            Issue.record("parsed a manifest whose fourth document is not valid YAML")
        } catch let error as ManifestError {
            #expect(error.object == "document 4")
        } catch {
            Issue.record("not a ManifestError: \(type(of: error)) \(error)")
        }
    }
}

/// Every manifest under deploy/ decodes with VCore's strict decoder and validates against the
/// Kubernetes object schemas of the official Python client, so that it also runs on a real cluster.
@Suite struct DeployManifestTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var manifests: [String] {
        let deploy = packageRoot.appendingPathComponent("deploy")
        let files = FileManager.default.enumerator(atPath: deploy.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { deploy.appendingPathComponent($0).path }
    }

    static var kubernetesClientInstalled: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import kubernetes"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func vcoreDecodesEveryDeployManifest() throws {
        #expect(!Self.manifests.isEmpty)
        for path in Self.manifests {
            #expect(throws: Never.self, "\(path)") { try Manifest.parse(String(contentsOfFile: path, encoding: .utf8)) }
        }
    }

    @Test(.enabled(if: kubernetesClientInstalled || ProcessInfo.processInfo.environment["CI"] == "true",
                   "needs the kubernetes Python client (pip install kubernetes)"))
    func kubernetesSchemasAcceptEveryDeployManifest() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.packageRoot.appendingPathComponent("scripts/validate-k8s-manifest.py").path] + Self.manifests
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "\(output)")
    }
}

@Suite struct ManifestShapeTests {
    @Test func emptyDocumentsAndListsAreAccepted() throws {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n"
        #expect(try Manifest.parse(text).map(\.name) == ["a", "b"])
    }
}
