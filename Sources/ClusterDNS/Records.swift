import Wire

/// A Service as cluster DNS sees it (Kubernetes DNS-Based Service Discovery spec, schema 1.1.0).
public struct DNSService: Hashable, Sendable {
    public struct Port: Hashable, Sendable {
        /// The port's name; SRV records exist only for named ports.
        public var name: String
        /// `tcp`, `udp` or `sctp`.
        public var transport: String
        public var port: UInt16

        public init(name: String, transport: String, port: UInt16) {
            self.name = name
            self.transport = transport.lowercased()
            self.port = port
        }
    }

    public struct Endpoint: Hashable, Sendable {
        public var address: IPAddress
        /// The pod's `hostname` (set with `subdomain`); else the dashed address stands in for it.
        public var hostname: String?

        public init(_ address: IPAddress, hostname: String? = nil) {
            self.address = address
            self.hostname = hostname
        }

        var label: String {
            if let hostname { return hostname.lowercased() }
            return address.description.replacingColonsAndDots()
        }
    }

    public var namespace: String
    public var name: String
    /// Empty for a headless Service, whose name resolves to every ready endpoint.
    public var clusterIPs: [IPAddress]
    public var ports: [Port]
    /// Ready endpoints only.
    public var endpoints: [Endpoint]

    public init(namespace: String, name: String, clusterIPs: [IPAddress], ports: [Port] = [], endpoints: [Endpoint] = []) {
        self.namespace = namespace
        self.name = name
        self.clusterIPs = clusterIPs
        self.ports = ports
        self.endpoints = endpoints
    }

    public var isHeadless: Bool { clusterIPs.isEmpty }
}

extension String {
    fileprivate func replacingColonsAndDots() -> String {
        String(map { $0 == "." || $0 == ":" ? "-" : $0 })
    }
}

/// Every name cluster DNS answers for, built once per update so lookups are dictionary reads.
struct RecordTable: Sendable {
    struct Entry: Sendable {
        var addresses: [IPAddress] = []
        var services: [(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)] = []
    }

    var entries: [String: Entry] = [:]
    /// Every name that exists, records' owners and their ancestors up to the zone (empty
    /// non-terminals answer NODATA, not NXDOMAIN).
    var names: Set<String> = []

    init() {}

    init(services: [DNSService], zone: DNSName) {
        let zoneKey = zone.key
        names.insert(zoneKey)
        names.insert("svc.\(zoneKey)")
        names.insert("pod.\(zoneKey)")
        for service in services {
            let serviceName = "\(service.name.lowercased()).\(service.namespace.lowercased()).svc.\(zoneKey)"
            if service.isHeadless {
                for endpoint in service.endpoints {
                    add(serviceName, address: endpoint.address)
                    add("\(endpoint.label).\(serviceName)", address: endpoint.address)
                }
            } else {
                for address in service.clusterIPs { add(serviceName, address: address) }
            }
            for port in service.ports where !port.name.isEmpty {
                let owner = "_\(port.name.lowercased())._\(port.transport).\(serviceName)"
                if service.isHeadless {
                    let weight = UInt16(clamping: 100 / max(service.endpoints.count, 1))
                    for endpoint in service.endpoints {
                        guard let target = DNSName("\(endpoint.label).\(serviceName)") else { continue }
                        addService(owner, (0, weight, port.port, target))
                    }
                } else if let target = DNSName(serviceName) {
                    addService(owner, (0, 100, port.port, target))
                }
            }
        }
        for name in Array(entries.keys) {
            var labels = name.split(separator: ".")
            while labels.count > zone.labels.count {
                names.insert(labels.joined(separator: "."))
                labels.removeFirst()
            }
        }
    }

    private mutating func add(_ name: String, address: IPAddress) {
        if entries[name, default: Entry()].addresses.contains(address) { return }
        entries[name, default: Entry()].addresses.append(address)
    }

    private mutating func addService(_ name: String, _ record: (UInt16, UInt16, UInt16, DNSName)) {
        entries[name, default: Entry()].services.append(record)
    }
}
