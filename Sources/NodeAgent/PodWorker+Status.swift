import Foundation
import OrchestratorAPI
import OrchestratorStore

extension PodWorker {
    /// The pod's status as the node sees it now.
    func currentStatus() async -> PodStatus {
        var status = pod.status ?? PodStatus()
        status.hostIP = status.hostIP ?? "127.0.0.1"
        status.startTime = status.startTime ?? Timestamp.string()
        status.podIP = networkOutcome?.podIP
        status.podIPs = networkOutcome?.podIP.map { [PodIP(ip: $0)] }
        var statuses = [ContainerStatus]()
        for container in pod.spec.containers {
            var containerStatus = ContainerStatus(name: container.name, image: container.image)
            let record = recordFor(container.name)
            containerStatus.restartCount = record?.restartCount ?? 0
            containerStatus.containerID = record?.id.map { "crun://\($0)" }
            if let terminated = record?.lastTerminated { containerStatus.lastState = .init(terminated: terminated) }
            if let id = record?.id, case .running(let startedAt) = await engine.state(id) {
                containerStatus.state = .init(running: .init(startedAt: startedAt))
                containerStatus.started = true
                containerStatus.ready = record?.readiness?.passing ?? true
            } else if record?.finished == true, let terminated = record?.lastTerminated {
                containerStatus.state = .init(terminated: terminated)
            } else {
                let reason = setUpFailure?.reason ?? record?.waitingReason ?? "ContainerCreating"
                containerStatus.state = .init(waiting: .init(reason: reason, message: setUpFailure?.description ?? record?.waitingMessage))
            }
            statuses.append(containerStatus)
        }
        status.containerStatuses = statuses
        let allReady = !statuses.isEmpty && statuses.allSatisfy(\.ready)
        let allFinished = statuses.allSatisfy { $0.state?.terminated != nil }
        if allFinished, !statuses.isEmpty {
            status.phase = statuses.allSatisfy { $0.state?.terminated?.exitCode == 0 } ? "Succeeded" : "Failed"
        } else {
            status.phase = statuses.contains { $0.state?.running != nil } ? "Running" : "Pending"
        }
        status.setCondition("PodScheduled", true)
        status.setCondition("Initialized", networkOutcome != nil, reason: setUpFailure?.reason, message: setUpFailure?.description)
        status.setCondition("ContainersReady", allReady)
        status.setCondition("Ready", allReady)
        return status
    }

    func recordFor(_ name: String) -> ContainerRecord? { containers[name] }

    /// Writes the status when it changed, with the network-status annotation alongside.
    func report() async {
        let status = await currentStatus()
        guard status != lastReported else { return }
        guard var latest = try? store.get(Pod.self, namespace: pod.metadata.namespace, name: pod.name),
              latest.metadata.uid == uid else { return }
        if let networkStatus = networkOutcome?.networkStatus,
           latest.metadata.annotations?["k8s.v1.cni.cncf.io/network-status"] != networkStatus {
            latest.metadata.annotations = (latest.metadata.annotations ?? [:]).merging(["k8s.v1.cni.cncf.io/network-status": networkStatus]) { $1 }
            latest.metadata.resourceVersion = nil
            if let updated = try? store.update(latest) { latest = updated }
        }
        latest.status = status
        latest.metadata.resourceVersion = nil
        if (try? store.update(latest, status: true)) != nil { lastReported = status }
    }
}
