import Foundation
import OrchestratorAPI

/// `vcore describe`: the human summary kubectl prints, with what matters for debugging a pod first
/// (container states, last termination with the last log lines, conditions).
public enum Describe {
    public static func render<T: APIObject>(_ object: T) -> String {
        var lines = ["Name:         \(object.name)"]
        if T.resource.namespaced { lines.append("Namespace:    \(object.metadata.namespace ?? "default")") }
        lines.append("Labels:       " + pairs(object.metadata.labels))
        lines.append("Annotations:  " + pairs(object.metadata.annotations, indent: 14))
        switch object {
        case let pod as Pod: lines += describe(pod)
        case let deployment as Deployment: lines += describe(deployment)
        case let service as Service: lines += describe(service)
        default: lines.append(Tables.yaml(object))
        }
        return lines.joined(separator: "\n")
    }

    static func pairs(_ map: [String: String]?, indent: Int = 14) -> String {
        guard let map, !map.isEmpty else { return "<none>" }
        return map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    static func describe(_ pod: Pod) -> [String] {
        var lines = [
            "Node:         \(pod.spec.nodeName ?? "<none>")",
            "Start Time:   \(pod.status?.startTime ?? "<none>")",
            "Status:       \(PodPhaseText.status(pod))",
            "IP:           \(pod.status?.podIP ?? "<none>")",
            "Containers:",
        ]
        for container in pod.spec.containers {
            let status = pod.status?.containerStatuses?.first { $0.name == container.name }
            lines.append("  \(container.name):")
            lines.append("    Image:          \(container.image)")
            if let args = container.args { lines.append("    Args:           \(args.joined(separator: " "))") }
            lines += state("State:", status?.state)
            if let last = status?.lastState, last.terminated != nil { lines += state("Last State:", last) }
            lines.append("    Ready:          \(status?.ready == true ? "True" : "False")")
            lines.append("    Restart Count:  \(status?.restartCount ?? 0)")
            if let requests = container.resources?.requests { lines.append("    Requests:       " + requests.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
            if let limits = container.resources?.limits { lines.append("    Limits:         " + limits.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
        }
        lines.append("Conditions:")
        lines.append("  Type              Status  Reason")
        for condition in pod.status?.conditions ?? [] {
            lines.append("  " + condition.type.padding(toLength: 18, withPad: " ", startingAt: 0)
                         + condition.status.padding(toLength: 8, withPad: " ", startingAt: 0) + (condition.reason ?? ""))
            if let message = condition.message { lines.append("    Message: \(message)") }
        }
        return lines
    }

    static func state(_ title: String, _ state: ContainerStatus.State?) -> [String] {
        let label = "    " + title.padding(toLength: 16, withPad: " ", startingAt: 0)
        if let running = state?.running { return [label + "Running", "      Started:      \(running.startedAt ?? "")"] }
        if let waiting = state?.waiting {
            var lines = [label + "Waiting", "      Reason:       \(waiting.reason ?? "")"]
            if let message = waiting.message { lines.append("      Message:      \(message)") }
            return lines
        }
        if let terminated = state?.terminated {
            var lines = [label + "Terminated", "      Reason:       \(terminated.reason ?? "")",
                         "      Exit Code:    \(terminated.exitCode)"]
            if let finished = terminated.finishedAt { lines.append("      Finished:     \(finished)") }
            if let message = terminated.message, !message.isEmpty {
                lines.append("      Message:")
                lines += message.split(separator: "\n", omittingEmptySubsequences: false).map { "        \($0)" }
            }
            return lines
        }
        return [label + "<unknown>"]
    }

    static func describe(_ deployment: Deployment) -> [String] {
        let status = deployment.status
        var lines = [
            "Selector:     \(deployment.spec.selector.queryString)",
            "Replicas:     \(deployment.spec.replicas ?? 1) desired | \(status?.updatedReplicas ?? 0) updated | "
                + "\(status?.replicas ?? 0) total | \(status?.availableReplicas ?? 0) available | \(status?.unavailableReplicas ?? 0) unavailable",
            "StrategyType: \(deployment.spec.strategy?.type ?? "RollingUpdate")",
            "Pod Template:",
        ]
        for container in deployment.spec.template.spec.containers {
            lines.append("  \(container.name): \(container.image)")
        }
        lines.append("Conditions:")
        for condition in status?.conditions ?? [] {
            lines.append("  \(condition.type) \(condition.status) \(condition.reason ?? "") \(condition.message ?? "")")
        }
        return lines
    }

    static func describe(_ service: Service) -> [String] {
        [
            "Selector:     " + pairs(service.spec.selector),
            "Type:         \(service.spec.type ?? "ClusterIP")",
            "IP:           \(service.spec.clusterIP ?? "<none>")",
        ] + (service.spec.ports ?? []).map { port in
            "Port:         \(port.name ?? "<unset>") \(port.port)/\(port.protocol ?? "TCP") → \(port.targetPort?.description ?? "\(port.port)")"
        }
    }
}
