/// A plugin's ADD result (CNI spec "Success" result), read from any result version the installed
/// plugins print (0.3.0 through 1.0.0 share this shape; 0.4.0 and older add `version` to each IP).
public struct CNIResult: Hashable, Sendable {
    public struct Interface: Hashable, Sendable {
        public var name: String
        public var mac: String?
        /// The namespace path for interfaces inside the pod; nil for host-side ones.
        public var sandbox: String?
    }

    public struct IPConfig: Hashable, Sendable {
        /// Index into `interfaces`.
        public var interface: Int?
        /// CIDR form, e.g. `10.88.0.5/16`.
        public var address: String
        public var gateway: String?

        /// The address without its prefix length.
        public var ip: String { String(address.split(separator: "/").first ?? "") }
    }

    public var cniVersion: String
    public var interfaces: [Interface]
    public var ips: [IPConfig]
    public var dns: JSONValue
    /// The whole result as printed, kept for chained plugins' `prevResult` and for DEL.
    public var raw: JSONValue

    public init(_ raw: JSONValue) throws(PodNetworkError) {
        guard raw.objectValue != nil else { throw .invalidResult("CNI result is not a JSON object") }
        self.raw = raw
        cniVersion = raw["cniVersion"]?.stringValue ?? ""
        interfaces = try (raw["interfaces"]?.arrayValue ?? []).map { value throws(PodNetworkError) in
            guard let name = value["name"]?.stringValue else { throw .invalidResult("CNI result interface without a name") }
            return Interface(name: name, mac: value["mac"]?.stringValue, sandbox: value["sandbox"]?.stringValue)
        }
        ips = try (raw["ips"]?.arrayValue ?? []).map { value throws(PodNetworkError) in
            guard let address = value["address"]?.stringValue else { throw .invalidResult("CNI result IP without an address") }
            return IPConfig(interface: value["interface"]?.integerValue.map { Int($0) }, address: address,
                            gateway: value["gateway"]?.stringValue)
        }
        dns = raw["dns"] ?? .object([:])
    }

    /// The pod-side interface called `name`, with its addresses (an IP naming no interface counts
    /// for every interface, as the spec allows).
    public func podInterface(named name: String) -> (mac: String?, ips: [IPConfig]) {
        let index = interfaces.firstIndex { $0.name == name && $0.sandbox != nil }
            ?? interfaces.firstIndex { $0.name == name }
        let addresses = ips.filter { ip in
            guard let interface = ip.interface else { return true }
            return interface == index
        }
        return (index.flatMap { interfaces[$0].mac }, addresses)
    }
}
