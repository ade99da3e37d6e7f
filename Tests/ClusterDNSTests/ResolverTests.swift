import Testing
import Wire
@testable import ClusterDNS

@Suite struct ResolverTests {
    let dns: ClusterDNS = {
        let dns = ClusterDNS()
        dns.update(records: [
            DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.10")!],
                       ports: [.init(name: "diameter", transport: "TCP", port: 3868), .init(name: "", transport: "tcp", port: 80)],
                       endpoints: [.init(IPAddress("10.88.0.9")!)]),
            DNSService(namespace: "vcore", name: "sgw", clusterIPs: [],
                       ports: [.init(name: "gtpc", transport: "udp", port: 2123)],
                       endpoints: [.init(IPAddress("10.88.0.5")!), .init(IPAddress("10.88.0.6")!, hostname: "sgw-b")]),
            DNSService(namespace: "ims", name: "pcscf", clusterIPs: [IPAddress("fd00:96::5")!]),
        ])
        return dns
    }()

    func ask(_ name: String, _ type: UInt16 = DNSType.a, tcp: Bool = false, edns: UInt16? = nil) throws -> DNSMessage {
        let answer = try #require(dns.respond(to: query(name, type: type, edns: edns), overTCP: tcp))
        return try DNSMessage.decode(answer)
    }

    func addresses(_ message: DNSMessage) -> Set<String> {
        Set(message.answers.compactMap {
            switch $0.data {
            case .a(let address): address.description
            case .aaaa(let address): address.description
            default: nil
            }
        })
    }

    @Test func aServiceNameResolvesToItsClusterIP() throws {
        let reply = try ask("hss.vcore.svc.cluster.local.")
        #expect(reply.header.responseCode == DNSResponseCode.noError.rawValue)
        #expect(reply.header.isAuthoritative && reply.header.recursionDesired && !reply.header.recursionAvailable)
        #expect(addresses(reply) == ["10.96.0.10"])
        #expect(reply.answers.first?.ttl == 5)
        #expect(reply.questions.first?.name == DNSName("hss.vcore.svc.cluster.local"))
        // Case as asked comes back as asked.
        let mixed = try ask("HSS.vcore.svc.Cluster.Local")
        #expect(addresses(mixed) == ["10.96.0.10"])
        #expect(mixed.answers.first?.name.labels.first == Array("HSS".utf8))
    }

    @Test func aHeadlessServiceResolvesToEveryReadyPod() throws {
        #expect(addresses(try ask("sgw.vcore.svc.cluster.local")) == ["10.88.0.5", "10.88.0.6"])
        #expect(addresses(try ask("sgw-b.sgw.vcore.svc.cluster.local")) == ["10.88.0.6"])
        #expect(addresses(try ask("10-88-0-5.sgw.vcore.svc.cluster.local")) == ["10.88.0.5"])
    }

    @Test func srvRecordsNameTheTargetsAndCarryTheirAddresses() throws {
        let clusterIP = try ask("_diameter._tcp.hss.vcore.svc.cluster.local", DNSType.srv)
        #expect(clusterIP.answers.map(\.data) == [.srv(priority: 0, weight: 100, port: 3868, target: DNSName("hss.vcore.svc.cluster.local")!)])
        #expect(clusterIP.additionals.map(\.data) == [.a(IPv4Address(10, 96, 0, 10))])
        let headless = try ask("_gtpc._udp.sgw.vcore.svc.cluster.local", DNSType.srv)
        #expect(Set(headless.answers.map(\.data)) == [
            .srv(priority: 0, weight: 50, port: 2123, target: DNSName("10-88-0-5.sgw.vcore.svc.cluster.local")!),
            .srv(priority: 0, weight: 50, port: 2123, target: DNSName("sgw-b.sgw.vcore.svc.cluster.local")!),
        ])
        #expect(headless.additionals.count == 2)
    }

    @Test func unknownNamesAreNXDOMAINWithTheZoneSOA() throws {
        for name in ["nope.vcore.svc.cluster.local", "hss.other.svc.cluster.local", "hss.vcore.svc.cluster.local.vcore.svc.cluster.local",
                     "_diameter._udp.hss.vcore.svc.cluster.local", "x.cluster.local"] {
            let reply = try ask(name)
            #expect(reply.header.responseCode == DNSResponseCode.nameError.rawValue, "\(name)")
            #expect(reply.answers.isEmpty)
            #expect(reply.authorities.first?.type == DNSType.soa)
        }
    }

    @Test func existingNamesWithoutTheTypeAreNODATA() throws {
        for (name, type) in [("hss.vcore.svc.cluster.local", DNSType.aaaa), ("vcore.svc.cluster.local", DNSType.a),
                             ("cluster.local", DNSType.a), ("pcscf.ims.svc.cluster.local", DNSType.a)] {
            let reply = try ask(name, type)
            #expect(reply.header.responseCode == DNSResponseCode.noError.rawValue, "\(name)")
            #expect(reply.answers.isEmpty)
            #expect(reply.authorities.first?.type == DNSType.soa)
        }
        #expect(addresses(try ask("pcscf.ims.svc.cluster.local", DNSType.aaaa)) == ["fd00:96::5"])
    }

    @Test func podNamesSpellTheirAddress() throws {
        #expect(addresses(try ask("10-88-0-7.vcore.pod.cluster.local")) == ["10.88.0.7"])
        #expect(try ask("10-88-0-700.vcore.pod.cluster.local").header.responseCode == DNSResponseCode.nameError.rawValue)
    }

    @Test func namesOutsideTheClusterAreRefused() throws {
        let reply = try ask("example.com")
        #expect(reply.header.responseCode == DNSResponseCode.refused.rawValue)
        #expect(!reply.header.isAuthoritative)
        #expect(reply.questions.count == 1)
    }

    @Test func malformedQueriesGetFORMERRAndOtherOpcodesNOTIMP() throws {
        var broken = query("hss.vcore.svc.cluster.local")
        broken.removeLast(3)
        let formerr = try DNSMessage.decode(try #require(dns.respond(to: broken)))
        #expect(formerr.header.responseCode == DNSResponseCode.formatError.rawValue)
        #expect(formerr.header.id == 0x1234)

        var two = DNSMessage(header: DNSHeader(id: 1), questions: [DNSQuestion(name: DNSName("a.cluster.local")!, type: 1),
                                                                   DNSQuestion(name: DNSName("b.cluster.local")!, type: 1)])
        #expect(try DNSMessage.decode(dns.respond(to: two.encode())!).header.responseCode == DNSResponseCode.formatError.rawValue)
        two.questions.removeLast()
        two.header.opcode = 2  // STATUS
        #expect(try DNSMessage.decode(dns.respond(to: two.encode())!).header.responseCode == DNSResponseCode.notImplemented.rawValue)

        // Responses and runts get no answer at all.
        two.header.isResponse = true
        #expect(dns.respond(to: two.encode()) == nil)
        #expect(dns.respond(to: [0x12, 0x34, 0x01]) == nil)
    }

    @Test func bigAnswersTruncateOverUDPButNotOverTCPOrWithEDNS() throws {
        let big = ClusterDNS()
        big.update(records: [DNSService(namespace: "vcore", name: "many", clusterIPs: [],
                                        endpoints: (1...60).map { .init(IPAddress("10.88.1.\($0)")!) })])
        let name = "many.vcore.svc.cluster.local"
        let udp = try DNSMessage.decode(try #require(big.respond(to: query(name))))
        #expect(udp.header.isTruncated && udp.answers.isEmpty)
        let tcp = try DNSMessage.decode(try #require(big.respond(to: query(name), overTCP: true)))
        #expect(!tcp.header.isTruncated && tcp.answers.count == 60)
        let edns = try DNSMessage.decode(try #require(big.respond(to: query(name, edns: 4096))))
        #expect(!edns.header.isTruncated && edns.answers.count == 60)
        #expect(edns.ednsOption?.recordClass == 1232)
    }

    @Test func anUpdateIsSeenOnTheNextQuery() throws {
        let dns = ClusterDNS()
        #expect(try DNSMessage.decode(dns.respond(to: query("hss.vcore.svc.cluster.local"))!).header.responseCode == 3)
        dns.update(records: [DNSService(namespace: "vcore", name: "hss", clusterIPs: [IPAddress("10.96.0.10")!])])
        #expect(try DNSMessage.decode(dns.respond(to: query("hss.vcore.svc.cluster.local"))!).answers.count == 1)
    }

    @Test func podsGetTheKubeletResolvConf() {
        #expect(ClusterDNS.resolvConf(nameserver: "10.88.0.1", namespace: "vcore") == """
            nameserver 10.88.0.1
            search vcore.svc.cluster.local svc.cluster.local cluster.local
            options ndots:5

            """)
    }
}
