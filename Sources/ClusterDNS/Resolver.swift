import Wire

/// Answers one query from the record table: pure, no I/O, so every answer is tested without
/// sockets. Authoritative for the cluster zone; every other name is REFUSED (the pods' resolv.conf
/// names only this server, and VCore's network functions look up cluster names only).
struct Resolver: Sendable {
    var zone: DNSName
    var ttl: UInt32
    var table: RecordTable
    var serial: UInt32

    /// The UDP payload VCore offers with EDNS (the DNS flag day 2020 value).
    static let ednsPayloadSize: UInt16 = 1232

    /// The answer to `query`, at most `limit` bytes (512 over UDP unless EDNS raised it; 65,535
    /// over TCP), or nil for what gets no answer at all (a response, or a datagram too short to
    /// hold a header).
    func respond(to query: [UInt8], overTCP: Bool) -> [UInt8]? {
        guard let header = DNSHeader.peek(query), !header.isResponse else { return nil }
        var reply = DNSHeader(id: header.id, isResponse: true, opcode: header.opcode,
                              recursionDesired: header.recursionDesired)
        let message: DNSMessage
        do {
            message = try DNSMessage.decode(query)
        } catch {
            reply.responseCode = DNSResponseCode.formatError.rawValue
            return DNSMessage(header: reply).encode()
        }
        var response = DNSMessage(header: reply, questions: message.questions)
        let options = message.additionals.filter { $0.type == DNSType.opt }
        guard header.opcode == 0 else { return finish(&response, .notImplemented, options, overTCP) }
        guard message.questions.count == 1, options.count <= 1 else {
            return finish(&response, .formatError, options, overTCP)
        }
        let question = message.questions[0]
        guard question.recordClass == DNSType.classIN || question.recordClass == DNSType.classANY,
              question.name.isSubdomain(of: zone) else {
            return finish(&response, .refused, options, overTCP)
        }
        response.header.isAuthoritative = true
        let (exists, answers, additionals) = lookup(question)
        response.answers = answers
        response.additionals = additionals
        if answers.isEmpty {
            response.authorities = [soa]
            return finish(&response, exists ? .noError : .nameError, options, overTCP)
        }
        return finish(&response, .noError, options, overTCP)
    }

    private func finish(_ response: inout DNSMessage, _ code: DNSResponseCode, _ options: [DNSResourceRecord],
                        _ overTCP: Bool) -> [UInt8] {
        response.header.responseCode = code.rawValue
        var limit = overTCP ? 65535 : 512
        if let option = options.first {
            response.additionals.append(DNSResourceRecord(name: .root, type: DNSType.opt,
                                                          recordClass: Self.ednsPayloadSize, ttl: 0, data: .raw([])))
            if !overTCP { limit = max(512, Int(min(option.recordClass, Self.ednsPayloadSize))) }
        }
        var bytes = response.encode()
        if bytes.count > limit {
            // RFC 2181 9: too big for the transport, so say so and let the client retry over TCP.
            response.header.isTruncated = true
            response.answers = []
            response.authorities = []
            response.additionals = response.additionals.filter { $0.type == DNSType.opt }
            bytes = response.encode()
        }
        return bytes
    }

    /// Whether the name exists, and the records for the question's type.
    func lookup(_ question: DNSQuestion) -> (Bool, [DNSResourceRecord], [DNSResourceRecord]) {
        let key = question.name.key
        var addresses = table.entries[key]?.addresses ?? []
        var exists = table.names.contains(key)
        // `a-b-c-d.<namespace>.pod.<zone>`: the address spelled in the name (CoreDNS "pods insecure").
        let labels = question.name.labels(under: zone)
        if labels.count == 3, labels[2] == "pod", let address = Self.dashedAddress(labels[0]) {
            addresses = [address]
            exists = true
        }
        let wantsAll = question.type == DNSType.any
        var answers: [DNSResourceRecord] = []
        for address in addresses.shuffled() {
            switch address {
            case .v4(let v4) where question.type == DNSType.a || wantsAll:
                answers.append(DNSResourceRecord(name: question.name, type: DNSType.a, ttl: ttl, data: .a(v4)))
            case .v6(let v6) where question.type == DNSType.aaaa || wantsAll:
                answers.append(DNSResourceRecord(name: question.name, type: DNSType.aaaa, ttl: ttl, data: .aaaa(v6)))
            default: break
            }
        }
        var additionals: [DNSResourceRecord] = []
        if question.type == DNSType.srv || wantsAll {
            for service in table.entries[key]?.services ?? [] {
                answers.append(DNSResourceRecord(name: question.name, type: DNSType.srv, ttl: ttl,
                                                 data: .srv(priority: service.priority, weight: service.weight,
                                                            port: service.port, target: service.target)))
                for address in table.entries[service.target.key]?.addresses ?? [] {
                    switch address {
                    case .v4(let v4): additionals.append(DNSResourceRecord(name: service.target, type: DNSType.a, ttl: ttl, data: .a(v4)))
                    case .v6(let v6): additionals.append(DNSResourceRecord(name: service.target, type: DNSType.aaaa, ttl: ttl, data: .aaaa(v6)))
                    }
                }
            }
        }
        return (exists || !answers.isEmpty, answers, additionals)
    }

    /// The zone's SOA, in the authority section of negative answers; its minimum is the TTL
    /// resolvers cache NXDOMAIN for (RFC 2308), kept as short as positive answers.
    var soa: DNSResourceRecord {
        DNSResourceRecord(name: zone, type: DNSType.soa, ttl: ttl, data: .soa(
            primary: DNSName(labels: [Array("ns".utf8), Array("dns".utf8)] + zone.labels),
            mailbox: DNSName(labels: [Array("hostmaster".utf8)] + zone.labels),
            serial: serial, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl))
    }

    static func dashedAddress(_ label: String) -> IPAddress? {
        if let v4 = IPv4Address(label.replacingDashes(with: ".")) { return .v4(v4) }
        if label.contains("--") || label.filter({ $0 == "-" }).count >= 2,
           let v6 = IPv6Address(label.replacingDashes(with: ":")) { return .v6(v6) }
        return nil
    }
}

extension String {
    fileprivate func replacingDashes(with separator: Character) -> String {
        String(map { $0 == "-" ? separator : $0 })
    }
}
