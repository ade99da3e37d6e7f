import Foundation
import NetworkTestSupport
@testable import SCTP
import TestOracles
import Testing

/// Both usrsctp modes between network namespaces joined by a veth pair, one process per endpoint
/// (see `PeerScript` for how the peers run). Serialized: each test starts several usrsctp stacks
/// and the connect-timeout test measures time, which two cores shared with parallel tests blur.
@Suite(.serialized, .enabled(if: NetworkLab.unavailableReason == nil, Comment(rawValue: NetworkLab.unavailableReason ?? "")))
struct UsrsctpNamespaceTests {
    static let modes = ["usrsctp-raw", "usrsctp-udp"]

    /// Server namespace, client namespace, one veth pair: 10.77.0.1 (server) and 10.77.0.2.
    private func pair(_ lab: NetworkLab) throws -> (server: String, client: String, serverInterface: String) {
        let server = try lab.namespace("srv")
        let client = try lab.namespace("cli")
        let interfaces = try lab.connect(server, "10.77.0.1/24", client, "10.77.0.2/24")
        return (server, client, interfaces.a)
    }

    private func server(_ backend: String, in namespace: String, group: ProcessGroup,
                        _ configure: (inout PeerScript) -> Void = { _ in }) async throws -> NamespacedProcess {
        var script = PeerScript(role: .server, backend: backend, address: "0.0.0.0")
        configure(&script)
        let process = try NamespacedProcess.peer("server", in: namespace, script, group: group)
        try await process.expect("listening")
        return process
    }

    private func client(_ label: String, _ backend: String, in namespace: String, server: String = "10.77.0.1",
                        group: ProcessGroup, _ configure: (inout PeerScript) -> Void = { _ in }) throws -> NamespacedProcess {
        var script = PeerScript(role: .client, backend: backend, address: server)
        configure(&script)
        return try NamespacedProcess.peer(label, in: namespace, script, group: group)
    }

    @Test("10,000 S1AP messages each way over 4 streams, in order, captured and checked by tshark", arguments: modes)
    func tenThousandMessagesEachWay(backend: String) async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let (serverNamespace, clientNamespace, serverInterface) = try pair(lab)
        let capture = try await Capture.start(in: serverNamespace, interface: serverInterface, name: "exchange-\(backend)")
        defer { capture.process.stop() }
        let server = try await server(backend, in: serverNamespace, group: group)
        let client = try client("client", backend, in: clientNamespace, group: group) { $0.messages = 10_000 }

        #expect(try await client.expect("backend").hasPrefix("backend \(backend)"))
        #expect(try await client.expect("up").hasPrefix("up streams=4/4"))
        try await client.expect("sent 10000", timeout: .seconds(60))
        let received = try await client.expect("received", timeout: .seconds(60))
        #expect(received == "received 10000 inorder=true ppid18=true end=normal" || received == "received 10000 inorder=true ppid18=true")
        try await client.expect("closed")
        let ended = try await server.expect("ended 1")
        #expect(ended == "ended 1 received=10000 inorder=true ppid18=true end=normal", "\(server.transcript)")
        #expect(try await server.expect("note 1 up") == "note 1 up (streams in 4, out 4)")
        // The client's graceful shutdown, as the server's notifications tell it.
        #expect(try await server.expect("note 1 peer shutdown") == "note 1 peer shutdown")
        #expect(try await server.expect("note 1 shutdown complete") == "note 1 shutdown complete")

        await capture.stop()
        try checkCapture(capture.file, backend: backend, minimumData: 20_000)
    }

    /// pcap-check passes, and tshark sees the DATA chunks with PPID 18 (over UDP 9899 in UDP mode).
    private func checkCapture(_ file: String, backend: String, minimumData: Int) throws {
        guard TestEnvironment.canRunPcapCheck else { return }
        let check = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [file], includingErrors: true)
        #expect(check.status == 0, "pcap-check: \(check.output)")
        #expect(check.output.contains("malformed=0 expert_errors=0"), "pcap-check: \(check.output)")
        let ppids = try TestEnvironment.tsharkValues(file, filter: "sctp.chunk_type == 0", field: "sctp.data_payload_proto_id",
                                                     decodeAs: ["udp.port==9899,sctp"])
        #expect(ppids.count >= minimumData, "DATA chunks seen by tshark: \(ppids.count)")
        #expect(ppids.allSatisfy { $0 == "18" })
        let udp = try TestEnvironment.tsharkValues(file, filter: "udp.port == 9899 && sctp", field: "frame.number",
                                                   decodeAs: ["udp.port==9899,sctp"])
        if backend == "usrsctp-udp" {
            #expect(udp.count > 0, "UDP mode puts SCTP in UDP 9899")
        } else {
            #expect(udp.isEmpty, "raw mode sends IP protocol 132")
        }
        // VCORE_KEEP_CAPTURES=1 keeps the file (its path is printed) to look at by hand; so does a failure.
        if ProcessInfo.processInfo.environment["VCORE_KEEP_CAPTURES"] == "1" || check.status != 0 {
            print("capture kept: \(file)\n\(check.output)")
        } else {
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    @Test("several clients at once; one aborts, is reported, and the others keep being served", arguments: modes)
    func severalClientsAndAnAbort(backend: String) async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        // usrsctp raw is one stack per namespace, so each client gets its own namespace, all on one
        // bridge like pods on the RAN network. (Separate links per client would make the server
        // multi-homed, and usrsctp, having no routing table, may then answer from an address the
        // client cannot reach: see SCTPTransport.listen.)
        let bridge = try lab.bridge("ran")
        let serverNamespace = try lab.namespace("srv")
        try lab.attach(serverNamespace, "10.77.0.1/24", to: bridge)
        var clients: [NamespacedProcess] = []
        var clientNamespaces: [String] = []
        for index in 1...3 {
            let namespace = try lab.namespace("cli\(index)")
            try lab.attach(namespace, "10.77.0.\(10 + index)/24", to: bridge)
            clientNamespaces.append(namespace)
        }
        let server = try await server(backend, in: serverNamespace, group: group)
        for (index, namespace) in clientNamespaces.enumerated() {
            clients.append(try client("client\(index + 1)", backend, in: namespace, group: group) {
                $0.messages = 1000
                $0.after = "hold"
            })
        }
        for client in clients {
            #expect(try await client.expect("received", timeout: .seconds(60)).hasPrefix("received 1000 inorder=true ppid18=true"))
            try await client.expect("holding")
        }
        #expect(server.lines("accepted").count == 3)

        clients[1].send("abort")
        try await clients[1].expect("aborted")
        // The server reports the abort on that association and only that one.
        let aborted = try await server.expect("ended", timeout: .seconds(20))
        #expect(aborted.contains("end=error the peer aborted the SCTP association"), "\(server.transcript)")
        #expect(server.lines("note").contains { $0.hasSuffix("lost (cause 12)") }, "ABORT with cause 12 (user-initiated)")

        for index in [0, 2] {
            clients[index].send("exchange 1000")
            #expect(try await clients[index].expect("received", timeout: .seconds(60)).hasPrefix("received 2000 inorder=true ppid18=true"))
        }
        for index in [0, 2] {
            clients[index].send("shutdown")
            try await clients[index].expect("closed")
        }
        let endings = [try await server.expect("ended"), try await server.expect("ended")]
        #expect(endings.allSatisfy { $0.contains("received=2000 inorder=true ppid18=true end=normal") }, "\(endings)")
    }

    @Test("a restarted client (same address and port) is seen as a new association", arguments: modes)
    func restartedClientIsANewAssociation(backend: String) async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let (serverNamespace, clientNamespace, _) = try pair(lab)
        let server = try await server(backend, in: serverNamespace, group: group)
        // An eNB binds its port: the restarted process comes back with the same address and port,
        // which SCTP treats as a restart of the association (RFC 9260 section 5.2.4.1).
        let first = try client("client-a", backend, in: clientNamespace, group: group) {
            $0.messages = 500
            $0.after = "hold"
            $0.localPort = 40000
        }
        try await first.expect("holding", timeout: .seconds(60))
        try await server.expect("accepted 1")
        first.stop()  // SIGKILL: no SHUTDOWN, no ABORT, like a crash

        let second = try client("client-b", backend, in: clientNamespace, group: group) {
            $0.messages = 500
            $0.after = "shutdown"
            $0.localPort = 40000
        }
        #expect(try await second.expect("received", timeout: .seconds(60)).hasPrefix("received 500 inorder=true ppid18=true"))
        try await second.expect("closed")
        let accepted = try await server.expect("accepted 2")
        #expect(accepted.contains(":40000 "))
        #expect(try await server.expect("ended 1").contains("end=error the peer restarted"), "\(server.transcript)")
        // The new association starts its sequence numbers again: its 500 messages came in order.
        #expect(try await server.expect("ended 2") == "ended 2 received=500 inorder=true ppid18=true end=normal")
    }

    @Test("connecting where nobody listens fails within the connect timeout, with a clear error", arguments: modes)
    func connectWithoutListenerTimesOut(backend: String) async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let (_, clientNamespace, _) = try pair(lab)
        let client = try client("client", backend, in: clientNamespace, group: group) { $0.connectTimeoutMilliseconds = 1500 }
        let failure = try await client.expect("connect-failed", timeout: .seconds(20))
        let elapsed = failure.split(separator: " ").first { $0.hasPrefix("elapsed=") }.flatMap { Int($0.dropFirst(8)) } ?? -1
        #expect((1500...2500).contains(elapsed), "\(failure)")
        #expect(failure.contains("no SCTP association with 10.77.0.1:36412 within 1.5 seconds"), "\(failure)")
    }

    @Test("a listener on two addresses (IPv4 and IPv6) and a client connecting to both: one multi-homed association", arguments: modes)
    func multiHomedAssociation(backend: String) async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let server = try lab.namespace("srv")
        let client = try lab.namespace("cli")
        let (serverInterface, clientInterface) = try lab.connect(server, "10.77.0.1/24", client, "10.77.0.2/24")
        try lab.addAddress(server, serverInterface, "fd00:77::1/64")
        try lab.addAddress(client, clientInterface, "fd00:77::2/64")
        let listener = try await self.server(backend, in: server, group: group) { $0.address = "10.77.0.1,fd00:77::1" }
        let peer = try self.client("client", backend, in: client, server: "10.77.0.1,fd00:77::1", group: group) { $0.messages = 1000 }
        #expect(try await peer.expect("up").hasSuffix("remotes=2"))
        #expect(try await peer.expect("received", timeout: .seconds(60)).hasPrefix("received 1000 inorder=true ppid18=true"))
        try await peer.expect("closed")
        #expect(try await listener.expect("accepted 1").hasSuffix("remotes=2"))
        #expect(try await listener.expect("ended 1") == "ended 1 received=1000 inorder=true ppid18=true end=normal")
        let confirmed = listener.lines("note 1 peer address").filter { $0.hasSuffix("confirmed") }
        #expect(confirmed.count == 2, "both client addresses confirmed: \(confirmed)")
    }

    @Test("sctp.backend auto picks the stack this host offers, logs why once, and exposes it as a metric")
    func autoSelectionIsLoggedAndExposed() async throws {
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let (serverNamespace, _, _) = try pair(lab)
        let server = try await server("auto", in: serverNamespace, group: group)
        let (kernelAvailable, _) = BackendProbe.kernelSCTP()
        let (backend, reason) = kernelAvailable ? ("kernel", "kernel SCTP available")
                                                : ("usrsctp-raw", "kernel SCTP unavailable: EPROTONOSUPPORT; using usrsctp raw")
        #expect(try await server.expect("backend") == "backend \(backend) reason=\(reason)")
        #expect(try await server.expect("metric") == "metric vcore_sctp_backend_info{backend=\"\(backend)\",reason=\"\(reason)\"} 1")
        let logged = server.lines("stderr").filter { $0.contains("SCTP backend ") }
        #expect(logged.count == 1 && logged[0].hasSuffix("SCTP backend \(backend): \(reason)"), "\(logged)")
    }

    @Test("a reader that stops makes the sender wait with bounded buffers, and nothing is lost when it resumes")
    func stalledReaderBlocksTheSender() async throws {
        let backend = "usrsctp-raw"
        let lab = NetworkLab("vcsctp")
        let group = ProcessGroup()
        defer {
            group.stopAll()
            lab.tearDown()
        }
        let (serverNamespace, clientNamespace, _) = try pair(lab)
        let server = try await server(backend, in: serverNamespace, group: group) { $0.readGate = true }
        let client = try client("client", backend, in: clientNamespace, group: group) {
            $0.messages = 20_000
            $0.messageSize = 1000
        }
        try await client.expect("up")
        try await Task.sleep(for: .seconds(2))
        // 20 MB offered; buffers are 128 KiB per side (plus the stack's own), so the sender waits.
        let progress = client.lines("progress").count * 1000
        #expect(progress < 2000, "the sender got \(progress) messages out while nobody read")
        #expect(client.lines("sent").isEmpty)
        server.send("go")
        #expect(try await client.expect("received", timeout: .seconds(60)).hasPrefix("received 20000 inorder=true"))
        try await client.expect("closed")
        #expect(try await server.expect("ended 1").hasPrefix("ended 1 received=20000 inorder=true"))
    }
}
