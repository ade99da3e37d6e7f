/// A CNI network configuration (CNI spec 1.0, "Network configuration format"): either a single
/// plugin configuration (`{"cniVersion", "name", "type", ...}`, the form most
/// NetworkAttachmentDefinitions use) or a configuration list (`{"cniVersion", "name", "plugins": [...]}`).
public struct NetworkConfiguration: Hashable, Sendable {
    public var name: String
    public var cniVersion: String
    /// Each plugin's own configuration object, in chain order.
    public var plugins: [JSONValue]

    /// Parses configuration text, as found in a NetworkAttachmentDefinition's `spec.config`.
    public init(json text: String) throws(PodNetworkError) {
        guard let value = JSONValue(parsing: text), value.objectValue != nil else {
            throw .invalidConfiguration("CNI configuration is not a JSON object: \(text.prefix(200))")
        }
        try self.init(value)
    }

    public init(_ value: JSONValue) throws(PodNetworkError) {
        guard let version = value["cniVersion"]?.stringValue else {
            throw .invalidConfiguration("CNI configuration has no cniVersion")
        }
        cniVersion = version
        if let list = value["plugins"] {
            guard let plugins = list.arrayValue, !plugins.isEmpty else {
                throw .invalidConfiguration("CNI configuration list has no plugins")
            }
            self.plugins = plugins
        } else {
            self.plugins = [value]
        }
        // A NAD's config may leave out "name"; Multus then uses the NAD's name (see `named`).
        name = value["name"]?.stringValue ?? ""
        for plugin in plugins {
            guard plugin.objectValue != nil, let type = plugin["type"]?.stringValue, !type.isEmpty,
                  !type.contains("/"), type != "..", type != "." else {
                throw .invalidConfiguration("CNI plugin configuration without a valid type in network '\(name)'")
            }
        }
    }

    /// The same configuration with `name` set when it had none.
    public func named(_ fallback: String) -> NetworkConfiguration {
        var copy = self
        if copy.name.isEmpty { copy.name = fallback }
        return copy
    }

    /// The capabilities any plugin in the chain declares (`"capabilities": {"ips": true}`).
    public var capabilities: Set<String> {
        var result = Set<String>()
        for plugin in plugins {
            for (key, value) in plugin["capabilities"]?.objectValue ?? [:] where value.boolValue == true {
                result.insert(key)
            }
        }
        return result
    }

    /// Bridges named by `bridge` plugins, for `removeAll`.
    public var bridgeNames: [String] {
        plugins.compactMap { plugin in
            guard plugin["type"]?.stringValue == "bridge" else { return nil }
            return plugin["bridge"]?.stringValue ?? "cni0"
        }
    }

    /// What the plugin at `index` reads on stdin, as libcni builds it: the plugin's configuration
    /// with the list's name and version, `runtimeConfig` holding only the capability arguments the
    /// plugin declares, `prevResult` for chained plugins, and host-local state kept in `ipamDataDir`
    /// unless the configuration chose a place.
    func pluginInput(at index: Int, capabilityArguments: [String: JSONValue], previousResult: JSONValue?,
                     ipamDataDir: String?) -> JSONValue {
        var plugin = plugins[index]
        plugin["name"] = .string(name)
        plugin["cniVersion"] = .string(cniVersion)
        var runtimeConfig: [String: JSONValue] = [:]
        for (key, value) in plugin["capabilities"]?.objectValue ?? [:] where value.boolValue == true {
            if let argument = capabilityArguments[key] { runtimeConfig[key] = argument }
        }
        if !runtimeConfig.isEmpty { plugin["runtimeConfig"] = .object(runtimeConfig) }
        if let previousResult { plugin["prevResult"] = previousResult }
        if let ipamDataDir, var ipam = plugin["ipam"], ipam["type"]?.stringValue == "host-local",
           ipam["dataDir"] == nil {
            ipam["dataDir"] = .string(ipamDataDir)
            plugin["ipam"] = ipam
        }
        return plugin
    }
}
