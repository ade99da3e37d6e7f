import ArgumentParser
import Foundation
import OrchestratorCLI

/// `vcore top`: CPU and memory per pod, as `kubectl top pod` prints them.
struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show CPU (millicores) and memory per pod.")

    @OptionGroup var options: ClientOptions

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.")
    var allNamespaces = false

    @Flag(help: "One line per container.")
    var containers = false

    struct MetricsList: Decodable {
        struct Item: Decodable {
            struct Metadata: Decodable { var name: String; var namespace: String }
            struct Container: Decodable { var name: String; var usage: [String: String] }
            var metadata: Metadata
            var containers: [Container]
        }
        var items: [Item]
    }

    func run() async throws {
        let path = allNamespaces ? "/apis/metrics.k8s.io/v1beta1/pods"
                                 : "/apis/metrics.k8s.io/v1beta1/namespaces/\(options.namespace)/pods"
        let list: MetricsList
        do {
            let (status, body) = try await options.client.raw("GET", path)
            guard status == 200 else { throw ValidationError(String(decoding: body, as: UTF8.self)) }
            list = try JSONDecoder().decode(MetricsList.self, from: body)
        } catch {
            throw report(error)
        }
        var rows = [(allNamespaces ? ["NAMESPACE"] : []) + ["NAME"] + (containers ? ["CONTAINER"] : []) + ["CPU(cores)", "MEMORY(bytes)"]]
        for item in list.items {
            let prefix = (allNamespaces ? [item.metadata.namespace] : []) + [item.metadata.name]
            if containers {
                for container in item.containers {
                    rows.append(prefix + [container.name, container.usage["cpu"] ?? "", Self.mebibytes([container.usage["memory"]])])
                }
            } else {
                let cpu = item.containers.compactMap { $0.usage["cpu"].flatMap { Int($0.dropLast()) } }.reduce(0, +)
                rows.append(prefix + ["\(cpu)m", Self.mebibytes(item.containers.map { $0.usage["memory"] })])
            }
        }
        if list.items.isEmpty {
            print("No resources found in \(allNamespaces ? "any" : options.namespace) namespace.")
        } else {
            print(Tables.align(rows))
        }
    }

    /// "12345Ki" values summed and shown as kubectl does ("12Mi").
    static func mebibytes(_ values: [String?]) -> String {
        let kibibytes = values.compactMap { $0.flatMap { Int($0.dropLast(2)) } }.reduce(0, +)
        return "\(kibibytes / 1024)Mi"
    }
}
