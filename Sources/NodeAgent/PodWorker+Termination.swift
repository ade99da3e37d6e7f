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
                if let id = record.id {
                    group.addTask { [engine] in
                        await engine.stop(id, gracePeriod: gracePeriod)
                        await engine.remove(id)
                    }
                }
                if let exited = record.exitedID, exited != record.id {
                    group.addTask { [engine] in await engine.remove(exited) }
                }
            }
        }
        for name in containers.keys {
            containers[name]?.id = nil
            containers[name]?.exitedID = nil
        }
        try? await network.tearDown(namespace: pod.metadata.namespace ?? "default", name: pod.name, uid: uid)
        networkOutcome = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}
