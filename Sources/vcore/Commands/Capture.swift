import ArgumentParser
import Foundation
import OrchestratorAPI
import PCAP
#if canImport(Glibc)
import Glibc
#endif

/// `vcore capture NETWORK -o FILE.pcap`: a virtual network's traffic, from its bridge, for
/// Wireshark. NETWORK is `cluster` (every pod's eth0) or a NetworkAttachmentDefinition's name.
struct Capture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Capture a network's traffic into a pcap file (until Ctrl-C, --count or --duration).")

    @OptionGroup var options: ClientOptions

    @Argument(help: "cluster, or the name of a NetworkAttachmentDefinition (e.g. ran, sgi).")
    var network: String

    @Option(name: .shortAndLong, help: "The pcap file to write.")
    var output: String

    @Option(help: "Stop after this many frames.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var duration: Int?

    @Option(help: "A BPF filter, as tcpdump takes it (e.g. \"sctp or udp port 2152\").")
    var filter: String?

    @Option(name: .customLong("cluster-bridge"), help: "The cluster network's bridge.")
    var clusterBridge = "vcore0"

    func run() async throws {
        let bridge = try await bridgeName()
        let capture: LiveCapture
        do {
            capture = try LiveCapture(interface: bridge, path: output, filter: filter)
        } catch {
            throw report(error)
        }
        let stopper = Server.onTermination { capture.stop() }
        defer { stopper.forEach { $0.cancel() } }
        FileHandle.standardError.write(Data("capturing on \(bridge) (network \(network)) into \(output); Ctrl-C stops\n".utf8))
        let frames = await Task.detached { capture.run(frames: count, duration: duration.map { .seconds($0) }) }.value
        print("\(frames) frames written to \(output)")
    }

    /// The bridge a network's pods are attached to: the cluster bridge, or the `bridge` of the
    /// NetworkAttachmentDefinition's CNI configuration (its first bridge plugin).
    private func bridgeName() async throws -> String {
        if network == "cluster" { return clusterBridge }
        let definition: NetworkAttachmentDefinition
        do {
            definition = try await options.client.get(NetworkAttachmentDefinition.self, namespace: options.namespace, name: network)
        } catch {
            throw report(error)
        }
        guard let config = definition.spec.config,
              let object = try JSONSerialization.jsonObject(with: Data(config.utf8)) as? [String: Any] else {
            throw ValidationError("network \(network) has no CNI configuration")
        }
        let plugins = (object["plugins"] as? [[String: Any]]) ?? [object]
        guard let bridge = plugins.first(where: { $0["type"] as? String == "bridge" })?["bridge"] as? String else {
            throw ValidationError("network \(network) is not a bridge network; capture the interface with tcpdump inside a pod")
        }
        return bridge
    }
}
