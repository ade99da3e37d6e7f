import ContainerRuntime
import Foundation
import Logging
import OCIImage
import PodNetwork
import ServiceProxy

/// What `vcore down` removes once the server has stopped: every container the runtime ran, every
/// pod network namespace, the cluster bridge and the bridges NetworkAttachmentDefinitions made,
/// the service proxy's nftables table, the containers' cgroup parent, and the node's state (the
/// object store, pod directories, runtime state, the socket). Built images stay: they are the
/// slow part of `vcore up` and hold nothing of a deployment.
public enum NodeCleanup {
    public struct Report: Sendable {
        public var containers: [String] = []
        public var namespaces: [String] = []
        public var bridges: [String] = []
        public var nftTableRemoved = false
        public var problems: [String] = []
    }

    public static func run(_ configuration: VCoreServerConfiguration, logger: Logger = Logger(label: "vcore.down")) async -> Report {
        var report = Report()
        if ContainerRuntime.hostProblems(crunPath: configuration.runtime.crunPath).isEmpty {
            do {
                let images = try ImageStore(root: URL(fileURLWithPath: configuration.imageDirectory))
                let runtime = try ContainerRuntime(configuration: configuration.runtime, images: images, logger: logger)
                defer { runtime.shutdown() }
                // recover() also deletes crun containers nobody recorded (a crash mid-start).
                for status in try await runtime.recover() {
                    do {
                        try await runtime.remove(status.id)
                        report.containers.append(status.id)
                    } catch {
                        report.problems.append("container \(status.id): \(error)")
                    }
                }
                runtime.removeCgroupParent()
            } catch {
                report.problems.append("container runtime: \(error)")
            }
        }
        let removal = await PodNetwork(configuration: configuration.podNetwork, logger: logger).removeAll()
        report.namespaces = removal.namespaces
        report.bridges = removal.bridges
        let proxy = ServiceProxy(configuration: configuration.serviceProxy, logger: logger)
        if proxy.currentRuleset() != nil {
            do {
                try proxy.removeAll()
                report.nftTableRemoved = true
            } catch {
                report.problems.append("nftables table \(configuration.nftTable): \(error)")
            }
        }
        let files = FileManager.default
        let state = [configuration.storePath, configuration.storePath + "-wal", configuration.storePath + "-shm",
                     configuration.dataDirectory + "/pods", configuration.engineScratch.path, configuration.runtime.stateDirectory.path,
                     configuration.runtime.logDirectory.path, configuration.runtime.crunRoot.path, configuration.socketPath,
                     configuration.pidFile]
        for path in state where files.fileExists(atPath: path) {
            do {
                try files.removeItem(atPath: path)
            } catch {
                report.problems.append("\(path): \(error)")
            }
        }
        return report
    }
}
