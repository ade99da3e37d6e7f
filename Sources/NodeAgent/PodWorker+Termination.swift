import Foundation
import OrchestratorAPI
import OrchestratorStore

extension PodWorker {
    /// Stops every container (SIGTERM, then SIGKILL after the grace period), tears the networks
    /// down and removes the pod's directory. Safe to call more than once.
    func terminate(gracePeriod: Duration) async {
        terminating = true
        await withTaskGroup(of: Void.self) { group in
            for (_, record) in containers {
                guard let id = record.id else { continue }
                group.addTask { [engine] in
                    await engine.stop(id, gracePeriod: gracePeriod)
                    await engine.remove(id)
                }
            }
        }
        for name in containers.keys { containers[name]?.id = nil }
        try? await network.tearDown(namespace: pod.metadata.namespace ?? "default", name: pod.name, uid: uid)
        networkOutcome = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}
