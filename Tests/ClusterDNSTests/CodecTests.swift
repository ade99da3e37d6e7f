import Testing
import Wire
@testable import ClusterDNS

func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

func query(_ name: String, type: UInt16 = DNSType.a, id: UInt16 = 0x1234, edns: UInt16? = nil) -> [UInt8] {
    var message = DNSMessage(header: DNSHeader(id: id, recursionDesired: true),
                             questions: [DNSQuestion(name: DNSName(name)!, type: type)])
    if let edns {
        message.additionals = [DNSResourceRecord(name: .root, type: DNSType.opt, recordClass: edns, ttl: 0, data: .raw([]))]
    }
    return message.encode()
}

@Suite struct DNSCodecTests {
    /// `dig +noedns www.example.com A` as captured: id 0x1234, RD set, one question.
    let digQuery = bytes("1234 0100 0001 0000 0000 0000 03 777777 07 6578616d706c65 03 636f6d 00 0001 0001")

    @Test func aQueryDecodesAndEncodesByteForByte() throws {
        let message = try DNSMessage.decode(digQuery)
        #expect(message.header.id == 0x1234)
        #expect(message.header.recursionDesired && !message.header.isResponse)
        #expect(message.questions == [DNSQuestion(name: DNSName("www.example.com")!, type: DNSType.a)])
        #expect(message.encode() == digQuery)
    }

    @Test func compressedNamesDecodeAndEncodeCompressed() throws {
        let response = DNSMessage(
            header: DNSHeader(id: 7, isResponse: true, isAuthoritative: true),
            questions: [DNSQuestion(name: DNSName("_diameter._tcp.hss.vcore.svc.cluster.local")!, type: DNSType.srv)],
            answers: [
                DNSResourceRecord(name: DNSName("_diameter._tcp.hss.vcore.svc.cluster.local")!, type: DNSType.srv, ttl: 5,
                                  data: .srv(priority: 0, weight: 100, port: 3868, target: DNSName("hss.vcore.svc.cluster.local")!)),
            ],
            authorities: [DNSResourceRecord(name: DNSName("cluster.local")!, type: DNSType.soa, ttl: 5, data: .soa(
                primary: DNSName("ns.dns.cluster.local")!, mailbox: DNSName("hostmaster.cluster.local")!,
                serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 5))],
            additionals: [DNSResourceRecord(name: DNSName("hss.vcore.svc.cluster.local")!, type: DNSType.a, ttl: 5,
                                            data: .a(IPv4Address(10, 96, 0, 10)))])
        let encoded = response.encode()
        #expect(try DNSMessage.decode(encoded) == response)
        // The answer's owner is a pointer to the question's name (offset 12), and every later name
        // reuses a suffix already written: header 12, question 48, SRV 20, SOA 54, A 16.
        #expect(Array(encoded[(12 + 44 + 4)..<(12 + 44 + 6)]) == [0xC0, 0x0C])
        #expect(encoded.count == 150)
    }

    @Test func namesCompareWithoutCaseButKeepIt() throws {
        let name = try #require(DNSName("HsS.Vcore.SVC.cluster.local."))
        #expect(name.key == "hss.vcore.svc.cluster.local")
        #expect(name.isSubdomain(of: DNSName("CLUSTER.local")!))
        #expect(!name.isSubdomain(of: DNSName("example.local")!))
        #expect(String(decoding: name.labels[0], as: UTF8.self) == "HsS")
        #expect(DNSName(String(repeating: "a", count: 64) + ".local") == nil)
        #expect(DNSName("a..b") == nil)
    }

    @Test(arguments: [
        ("pointer loop", "0000 0000 0001 0000 0000 0000 c00c 0001 0001"),
        ("forward pointer", "0000 0000 0001 0000 0000 0000 c010 0001 0001 00"),
        ("extended label", "0000 0000 0001 0000 0000 0000 41 00 0001 0001"),
        ("truncated label", "0000 0000 0001 0000 0000 0000 05 6162 "),
        ("counts beyond the data", "0000 0000 ffff ffff 0000 0000 00 0001 0001"),
        ("trailing bytes", "0000 0000 0001 0000 0000 0000 00 0001 0001 ff"),
        ("short A record", "0000 8000 0000 0001 0000 0000 00 0001 0001 00000005 0003 0a0000"),
        ("RDATA length lies", "0000 8000 0000 0001 0000 0000 00 0021 0001 00000005 0010 0000 0000 0035 00"),
        ("header only half", "0000 00"),
    ])
    func malformedMessagesAreTypedErrors(_ reason: String, _ hex: String) {
        #expect(throws: CodecError.self, "\(reason)") { try DNSMessage.decode(bytes(hex)) }
    }

    @Test func aNameOver255OctetsIsRefusedEvenThroughPointers() {
        // Four 63-byte labels = 256 octets with the root.
        var message: [UInt8] = bytes("0000 0000 0001 0000 0000 0000")
        for _ in 0..<4 { message += [63] + Array(repeating: 0x61, count: 63) }
        message += [0, 0, 1, 0, 1]
        #expect(throws: CodecError.self) { try DNSMessage.decode(message) }
    }
}

@Suite struct DNSMutationTests {
    /// 100,000 random mutations of real queries: the decoder and the whole answer path never trap,
    /// and whatever gets an answer gets one that decodes, with the query's ID.
    @Test func mutatedQueriesNeverTrap() throws {
        let dns = ClusterDNS()
        dns.update(records: [
            DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.10")!],
                       ports: [.init(name: "diameter", transport: "tcp", port: 3868)]),
            DNSService(namespace: "vcore", name: "sgw", clusterIPs: [], ports: [.init(name: "gtpc", transport: "udp", port: 2123)],
                       endpoints: [.init(IPAddress("10.88.0.5")!), .init(IPAddress("10.88.0.6")!)]),
        ])
        let seeds = [
            query("hss.vcore.svc.cluster.local"), query("sgw.vcore.svc.cluster.local", edns: 4096),
            query("_gtpc._udp.sgw.vcore.svc.cluster.local", type: DNSType.srv), query("example.com", type: DNSType.aaaa),
            try DNSMessage(header: DNSHeader(id: 9, isResponse: true), questions: [DNSQuestion(name: DNSName("a.b")!, type: 1)],
                           answers: [DNSResourceRecord(name: DNSName("a.b")!, type: DNSType.srv, ttl: 1,
                                                       data: .srv(priority: 1, weight: 2, port: 3, target: DNSName("c.a.b")!))])
                .encode(),
        ]
        var generator = SystemRandomNumberGenerator()
        var decoded = 0, answered = 0
        for round in 0..<100_000 {
            var message = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where !message.isEmpty:
                    message[Int.random(in: 0..<message.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                case 1 where !message.isEmpty:
                    message.removeSubrange(Int.random(in: 0..<message.count, using: &generator)...)
                case 2:
                    message.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...message.count, using: &generator))
                default:
                    // Pointer-looking bytes are what breaks naive decoders.
                    if message.count > 13 { message[Int.random(in: 12..<message.count, using: &generator)] = 0xC0 }
                }
            }
            if (try? DNSMessage.decode(message)) != nil { decoded += 1 }
            if let answer = dns.respond(to: message, overTCP: round.isMultiple(of: 2)) {
                answered += 1
                let reply = try DNSMessage.decode(answer)
                #expect(reply.header.id == DNSHeader.peek(message)?.id)
                #expect(reply.header.isResponse)
            }
        }
        #expect(decoded > 1000 && answered > 10_000, "decoded \(decoded), answered \(answered)")
    }
}
