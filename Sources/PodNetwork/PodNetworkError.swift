/// Why a plugin refused a command: the CNI error result (spec "Error" result, `code`/`msg`/`details`)
/// with what was being done when it did.
public struct CNIPluginFailure: Hashable, Sendable, CustomStringConvertible {
    public var network: String
    public var plugin: String
    public var command: String
    public var interface: String
    /// The CNI error code: 1-99 are the spec's (e.g. 7 invalid network config, 11 try again later),
    /// 100 and up are the plugin's own; -1 when the plugin printed no error result.
    public var code: Int
    public var message: String
    public var details: String

    public var description: String {
        var text = "CNI \(command) of network '\(network)' (plugin \(plugin), interface \(interface)) failed"
        text += code >= 0 ? " with code \(code): \(message)" : ": \(message)"
        if !details.isEmpty { text += " (\(details))" }
        return text
    }
}

public enum PodNetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A CNI configuration VCore cannot use.
    case invalidConfiguration(String)
    /// A plugin printed a result that is not a CNI result.
    case invalidResult(String)
    /// The `k8s.v1.cni.cncf.io/networks` annotation cannot be read.
    case invalidAnnotation(String)
    /// A network named in the annotation has no NetworkAttachmentDefinition.
    case unknownNetwork(String)
    case pluginNotFound(type: String, searched: [String])
    case pluginFailed(CNIPluginFailure)
    /// Static IPs were asked for on a network whose plugins do not declare the `ips` capability, so
    /// Multus on a real cluster would silently drop them.
    case staticIPsUnsupported(network: String)
    /// `ip netns` or `ip link` refused.
    case namespaceFailed(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text): "invalid CNI configuration: \(text)"
        case .invalidResult(let text): "invalid CNI result: \(text)"
        case .invalidAnnotation(let text): "invalid k8s.v1.cni.cncf.io/networks annotation: \(text)"
        case .unknownNetwork(let name): "no NetworkAttachmentDefinition \(name)"
        case .pluginNotFound(let type, let searched):
            "CNI plugin '\(type)' not found in \(searched.joined(separator: ":"))"
        case .pluginFailed(let failure): failure.description
        case .staticIPsUnsupported(let network):
            "network '\(network)' cannot take static IPs: none of its plugins declares \"capabilities\": {\"ips\": true} "
                + "(use the static IPAM plugin or host-local with that capability, as with Multus)"
        case .namespaceFailed(let text): text
        }
    }
}
