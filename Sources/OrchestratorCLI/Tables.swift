import Foundation
import OrchestratorAPI
import Yams

/// kubectl's output, for `vcore get`: a column table per kind, `-o wide` for more, `-o yaml|json`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, wide, yaml, json, name
}

public enum Tables {
    /// A table of objects of one kind, columns and cells as kubectl prints them.
    /// `single`: one object was asked for by name, so json and yaml show it alone; otherwise they
    /// show a `List`, whatever the number of items, as kubectl does (scripts rely on `.items`).
    public static func render<T: APIObject>(_ objects: [T], format: OutputFormat, allNamespaces: Bool = false,
                                            single: Bool = false, now: Date = Date()) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            if single, let object = objects.first { return (try? String(decoding: encoder.encode(object), as: UTF8.self)) ?? "" }
            return (try? String(decoding: encoder.encode(ListOutput(items: objects)), as: UTF8.self)) ?? ""
        case .yaml:
            if single, let object = objects.first { return yaml(object) }
            return yaml(ListOutput(items: objects))
        case .name:
            return objects.map { "\(T.resource.plural == "network-attachment-definitions" ? "network-attachment-definition" : T.resource.kind.lowercased())/\($0.name)" }
                .joined(separator: "\n")
        case .table, .wide:
            var rows = [header(T.self, wide: format == .wide)]
            for object in objects { rows.append(row(object, wide: format == .wide, now: now)) }
            if allNamespaces && T.resource.namespaced {
                rows[0].insert("NAMESPACE", at: 0)
                for index in 1..<rows.count { rows[index].insert(objects[index - 1].metadata.namespace ?? "default", at: 0) }
            }
            return align(rows)
        }
    }

    public static func yaml(_ object: some Encodable) -> String {
        guard let data = try? JSONEncoder().encode(object), let json = try? JSONSerialization.jsonObject(with: data),
              let text = try? Yams.dump(object: json, sortKeys: true) else { return "" }
        return text
    }

    static func header<T: APIObject>(_ type: T.Type, wide: Bool) -> [String] {
        switch T.self {
        case is Pod.Type: wide ? ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"] : ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        case is Deployment.Type: wide ? ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]
            : ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
        case is ReplicaSet.Type: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
        case is Service.Type: wide ? ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"]
            : ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
        case is Endpoints.Type: ["NAME", "ENDPOINTS", "AGE"]
        case is ConfigMap.Type: ["NAME", "DATA", "AGE"]
        case is Secret.Type: ["NAME", "TYPE", "DATA", "AGE"]
        case is Namespace.Type: ["NAME", "STATUS", "AGE"]
        default: ["NAME", "AGE"]
        }
    }

    static func row<T: APIObject>(_ object: T, wide: Bool, now: Date) -> [String] {
        let age = Age.format(since: Timestamp.date(object.metadata.creationTimestamp), now: now)
        switch object {
        case let pod as Pod:
            let statuses = pod.status?.containerStatuses ?? []
            let ready = "\(statuses.filter(\.ready).count)/\(pod.spec.containers.count)"
            let restarts = statuses.reduce(0) { $0 + $1.restartCount }
            var cells = [pod.name, ready, PodPhaseText.status(pod), "\(restarts)", age]
            if wide { cells += [pod.status?.podIP ?? "<none>", pod.spec.nodeName ?? "<none>"] }
            return cells
        case let deployment as Deployment:
            let desired = deployment.spec.replicas ?? 1
            var cells = [deployment.name, "\(deployment.status?.readyReplicas ?? 0)/\(desired)",
                         "\(deployment.status?.updatedReplicas ?? 0)", "\(deployment.status?.availableReplicas ?? 0)", age]
            if wide {
                cells += [deployment.spec.template.spec.containers.map(\.name).joined(separator: ","),
                          deployment.spec.template.spec.containers.map(\.image).joined(separator: ","),
                          deployment.spec.selector.queryString]
            }
            return cells
        case let replicaSet as ReplicaSet:
            return [replicaSet.name, "\(replicaSet.spec.replicas ?? 1)", "\(replicaSet.status?.replicas ?? 0)",
                    "\(replicaSet.status?.readyReplicas ?? 0)", age]
        case let service as Service:
            let ports = (service.spec.ports ?? []).map { "\($0.port)/\($0.protocol ?? "TCP")" }.joined(separator: ",")
            var cells = [service.name, service.spec.type ?? "ClusterIP", service.spec.clusterIP ?? "<none>", "<none>",
                         ports.isEmpty ? "<none>" : ports, age]
            if wide { cells.append((service.spec.selector ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) }
            return cells
        case let endpoints as Endpoints:
            let addresses = (endpoints.subsets ?? []).flatMap { subset in
                (subset.addresses ?? []).flatMap { address in (subset.ports ?? []).map { "\(address.ip):\($0.port)" } }
            }
            let shown = addresses.prefix(3).joined(separator: ",") + (addresses.count > 3 ? " + \(addresses.count - 3) more..." : "")
            return [endpoints.name, shown.isEmpty ? "<none>" : shown, age]
        case let configMap as ConfigMap:
            return [configMap.name, "\((configMap.data?.count ?? 0) + (configMap.binaryData?.count ?? 0))", age]
        case let secret as Secret:
            return [secret.name, secret.type ?? "Opaque", "\(secret.data?.count ?? 0)", age]
        case let namespace as Namespace:
            return [namespace.name, namespace.metadata.deletionTimestamp != nil ? "Terminating" : (namespace.status?.phase ?? "Active"), age]
        default:
            return [object.name, age]
        }
    }

    /// Columns separated by three spaces, as kubectl's tabwriter does.
    public static func align(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}

/// `-o json` of several objects: a v1 List.
struct ListOutput<T: APIObject>: Encodable {
    var apiVersion = "v1"
    var kind = "List"
    var items: [T]
}

/// The STATUS column of a pod, as kubectl computes it.
public enum PodPhaseText {
    public static func status(_ pod: Pod) -> String {
        if pod.metadata.deletionTimestamp != nil { return "Terminating" }
        for status in pod.status?.containerStatuses ?? [] {
            if let reason = status.state?.waiting?.reason, reason != "ContainerCreating" || pod.status?.phase == "Pending" { return reason }
            if let terminated = status.state?.terminated { return terminated.reason ?? "Error" }
        }
        if let reason = pod.status?.condition("PodScheduled").flatMap({ $0.status == "False" ? $0.reason : nil }) {
            return reason == "Unschedulable" ? "Pending" : reason
        }
        return pod.status?.phase ?? "Pending"
    }
}

/// "5s", "3m", "2h", "4d": kubectl's ages.
public enum Age {
    public static func format(since date: Date?, now: Date = Date()) -> String {
        guard let date else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<(120 * 60): return "\(seconds / 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }
}
