import Testing
import Foundation
import OrchestratorAPI
@testable import OrchestratorCLI

@Suite struct TablesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func pod(_ name: String, waiting: String? = nil, restarts: Int = 0) -> Pod {
        var pod = Pod(metadata: ObjectMeta(name: name, namespace: "vcore"), spec: PodSpec(containers: [Container(name: "mme", image: "vcore/mme:dev")]))
        pod.metadata.creationTimestamp = Timestamp.string(now.addingTimeInterval(-300))
        pod.spec.nodeName = "vcore-node"
        var status = PodStatus(phase: "Running")
        status.podIP = "10.88.0.7"
        var container = ContainerStatus(name: "mme", image: "vcore/mme:dev")
        container.ready = waiting == nil
        container.restartCount = restarts
        if let waiting {
            container.state = .init(waiting: .init(reason: waiting))
            container.lastState = .init(terminated: .init(exitCode: 1, reason: "Error", message: "fatal: no config\n"))
        } else {
            container.state = .init(running: .init(startedAt: nil))
        }
        status.containerStatuses = [container]
        pod.status = status
        return pod
    }

    @Test func podsPrintLikeKubectl() {
        let table = Tables.render([Self.pod("mme-abc"), Self.pod("sgw-xyz", waiting: "CrashLoopBackOff", restarts: 4)], format: .table, now: Self.now)
        #expect(table == """
            NAME      READY   STATUS             RESTARTS   AGE
            mme-abc   1/1     Running            0          5m
            sgw-xyz   0/1     CrashLoopBackOff   4          5m
            """)
        let wide = Tables.render([Self.pod("mme-abc")], format: .wide, allNamespaces: true, now: Self.now)
        #expect(wide.contains("NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE   IP          NODE"))
        #expect(wide.contains("vcore       mme-abc   1/1     Running   0          5m    10.88.0.7   vcore-node"))
    }

    @Test func describeShowsTheLastTerminationWithItsLogLines() {
        let text = Describe.render(Self.pod("sgw-xyz", waiting: "CrashLoopBackOff", restarts: 4))
        #expect(text.contains("Status:       CrashLoopBackOff"))
        #expect(text.contains("Last State:     Terminated"))
        #expect(text.contains("Exit Code:    1"))
        #expect(text.contains("        fatal: no config"))
        #expect(text.contains("Restart Count:  4"))
    }

    @Test func yamlAndNameOutputs() {
        let yaml = Tables.render([Self.pod("mme-abc")], format: .yaml, single: true, now: Self.now)
        #expect(yaml.contains("kind: Pod") && yaml.contains("podIP: 10.88.0.7") && !yaml.contains("kind: List"))
        // A listing is a List even with one item (kubectl's shape, which scripts read `.items` of).
        let list = Tables.render([Self.pod("mme-abc")], format: .yaml, now: Self.now)
        #expect(list.contains("kind: List") && list.contains("items:") && list.contains("kind: Pod"))
        let json = Tables.render([Self.pod("mme-abc")], format: .json, now: Self.now)
        #expect(json.contains("\"kind\" : \"List\"") && json.contains("\"items\""))
        #expect(Tables.render([Self.pod("mme-abc")], format: .name) == "pod/mme-abc")
    }

    @Test func ages() {
        #expect(Age.format(since: Self.now.addingTimeInterval(-59), now: Self.now) == "59s")
        #expect(Age.format(since: Self.now.addingTimeInterval(-3 * 3600), now: Self.now) == "3h")
        #expect(Age.format(since: Self.now.addingTimeInterval(-3 * 86400), now: Self.now) == "3d")
    }
}
