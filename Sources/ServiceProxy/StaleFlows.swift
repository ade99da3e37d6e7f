import Wire

/// One connection-tracking entry as `conntrack -L` prints it: the transport, and the original and
/// reply directions' addresses and ports (the reply's source is where DNAT sent the flow).
struct TrackedFlow: Hashable, Sendable {
    struct Direction: Hashable, Sendable {
        var source: IPAddress
        var destination: IPAddress
        var sourcePort: UInt16
        var destinationPort: UInt16
    }

    var transport: TransportProtocol
    var original: Direction
    var reply: Direction

    /// From a line such as `udp 17 29 src=10.1.0.20 dst=10.96.0.10 sport=40001 dport=53 src=10.1.0.5
    /// dst=10.1.0.20 sport=53 dport=40001 mark=0 use=1`; nil for other transports or lines.
    init?(line: Substring) {
        let words = line.split(separator: " ")
        guard let first = words.first, let transport = TransportProtocol(rawValue: String(first)) else { return nil }
        var values: [String: [Substring]] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { continue }
            values[String(word[..<equals]), default: []].append(word[word.index(after: equals)...])
        }
        func direction(_ index: Int) -> Direction? {
            guard let sources = values["src"], let destinations = values["dst"], let sourcePorts = values["sport"],
                  let destinationPorts = values["dport"], sources.count > index, destinations.count > index,
                  sourcePorts.count > index, destinationPorts.count > index,
                  let source = IPAddress(String(sources[index])), let destination = IPAddress(String(destinations[index])),
                  let sourcePort = UInt16(sourcePorts[index]), let destinationPort = UInt16(destinationPorts[index]) else { return nil }
            return Direction(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
        }
        guard let original = direction(0), let reply = direction(1) else { return nil }
        self.transport = transport
        self.original = original
        self.reply = reply
    }

    /// `conntrack -D` arguments that delete exactly this entry.
    var deleteArguments: [String] {
        ["-D", "-f", original.source.byteCount == 16 ? "ipv6" : "ipv4", "-p", transport.rawValue,
         "-s", "\(original.source)", "-d", "\(original.destination)",
         "--sport", "\(original.sourcePort)", "--dport", "\(original.destinationPort)"]
    }

    /// The UDP and SCTP flows to these Services' ClusterIPs whose DNAT does not lead to one of
    /// the Service port's endpoints now. Conntrack sends a flow's datagrams where its first packet
    /// was NATed for as long as they keep coming (a NAT chain sees only that first packet), so
    /// such a flow would keep going to an endpoint that left (or is no endpoint: a flow NATed to
    /// nothing); deleted, its next packet is NATed afresh. TCP needs none of this: a connection
    /// to a gone endpoint fails and the client opens a new one.
    static func stale(_ flows: [TrackedFlow], services: [ServiceRules]) -> [TrackedFlow] {
        struct ServicePort: Hashable {
            var clusterIP: IPAddress
            var transport: TransportProtocol
            var port: UInt16
        }
        struct Target: Hashable {
            var address: IPAddress
            var port: UInt16
        }
        var targets: [ServicePort: Set<Target>] = [:]
        var clusterIPs = Set<IPAddress>()
        for service in services {
            guard let clusterIP = service.clusterIP else { continue }
            clusterIPs.insert(clusterIP)
            for port in service.ports where port.transport != .tcp {
                let endpoints = service.endpoints.filter { $0.byteCount == clusterIP.byteCount }
                targets[ServicePort(clusterIP: clusterIP, transport: port.transport, port: port.port), default: []]
                    .formUnion(endpoints.map { Target(address: $0, port: port.targetPort) })
            }
        }
        return flows.filter { flow in
            guard flow.transport != .tcp, clusterIPs.contains(flow.original.destination) else { return false }
            let key = ServicePort(clusterIP: flow.original.destination, transport: flow.transport, port: flow.original.destinationPort)
            return !(targets[key] ?? []).contains(Target(address: flow.reply.source, port: flow.reply.sourcePort))
        }
    }
}
