import Foundation
import TestOracles
import Testing

extension HSSProcessTests {
    /// freeDiameterd, a Diameter stack nobody here wrote, connects to the hss process:
    /// capability exchange, then a watchdog exchange each way, then its DPR on shutdown. The
    /// exchange is captured and passes pcap-check.
    @Suite(.enabled(if: FreeDiameterPeer.available, "needs freeDiameterd and openssl: apt-get install freediameter openssl"))
    struct FreeDiameterInterop {
        @Test func capabilitiesExchangeAndWatchdogWithFreeDiameter() async throws {
            let hss = try await HSSProcess(watchdogSeconds: 30)
            try await hss.start()
            let capture = hss.folder.appendingPathComponent("freediameter.pcap").path
            let dumpcap = try await PacketCapture.start(port: hss.diameterPort, file: capture)
            let peer: FreeDiameterPeer
            do {
                peer = try await FreeDiameterPeer.start(in: hss.folder.appendingPathComponent("freediameter"),
                                                        peerHost: "hss.epc.mnc001.mcc001.3gppnetwork.org", peerPort: hss.diameterPort,
                                                        ports: (try await HSSProcess.freePort(), try await HSSProcess.freePort()))
            } catch {
                print("freeDiameter interop cannot run here: \(error)")
                throw error
            }

            // freeDiameter logs its peer state machine: CER/CEA done is STATE_OPEN.
            let opened = await peer.waitForLog("-> 'STATE_OPEN'", timeout: .seconds(20))
            if !opened { print("freeDiameterd did not reach STATE_OPEN; its log:\n\(peer.log)") }
            #expect(opened, "freeDiameterd log:\n\(peer.log)\nhss log:\n\(hss.log)")
            #expect(hss.log.contains("Diameter peer open") && hss.log.contains(FreeDiameterPeer.identity), "\(hss.log)")

            // RFC 3539: a peer sends DWR only after Tw without receiving anything. freeDiameter's Tw
            // is 6 s and the hss's 30 s, so freeDiameter probes first, within 6 s ± 2 s of jitter.
            var metrics = ""
            let deadline = ContinuousClock.now + .seconds(20)
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                metrics = try await hss.metrics()
            } while ContinuousClock.now < deadline
                && HSSProcess.sample(metrics, #"diameter_messages_total{direction="out",command="DWA"}"#) < 1
            #expect(HSSProcess.sample(metrics, "diameter_peers_open") == 1, "\(metrics)")
            #expect(HSSProcess.sample(metrics, #"diameter_messages_total{direction="in",command="CER"}"#) == 1, "\(metrics)")
            #expect(HSSProcess.sample(metrics, #"diameter_messages_total{direction="out",command="CEA"}"#) == 1)
            #expect(HSSProcess.sample(metrics, #"diameter_messages_total{direction="in",command="DWR"}"#) >= 1, "\(metrics)")
            #expect(HSSProcess.sample(metrics, #"diameter_messages_total{direction="out",command="DWA"}"#) >= 1)
            #expect(HSSProcess.sample(metrics, "diameter_watchdog_suspect_total") == 0)
            #expect(peer.process.isRunning, "freeDiameterd log:\n\(peer.log)")

            // freeDiameter says goodbye with DPR; the hss answers and counts the peer gone.
            _ = await peer.stop()
            let closedDeadline = ContinuousClock.now + .seconds(10)
            while HSSProcess.sample(try await hss.metrics(), "diameter_peers_open") != 0 && ContinuousClock.now < closedDeadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            metrics = try await hss.metrics()
            #expect(HSSProcess.sample(metrics, #"diameter_messages_total{direction="in",command="DPR"}"#) == 1, "\(metrics)\n\(peer.log)")
            #expect(HSSProcess.sample(metrics, "diameter_peers_open") == 0)
            print("freeDiameterd log:\n" + peer.log.split(separator: "\n").filter { $0.contains("STATE") || $0.contains("Connected") }
                .joined(separator: "\n"))

            try await dumpcap.stop()
            // CER/CEA (257), DWR/DWA (280), DPR/DPA (282).
            try await PcapCheck.expectClean(capture, diameterPort: hss.diameterPort, commands: ["257", "280", "282"])
            if TestEnvironment.canRunPcapCheck {
                // Every answer on the wire (CEA, DWA, DPA, both ways) says DIAMETER_SUCCESS.
                let results = try await withOwnThread {
                    try TestEnvironment.tsharkValues(capture, filter: "diameter.flags.request == 0", field: "diameter.Result-Code",
                                                     decodeAs: ["tcp.port==\(hss.diameterPort),diameter"])
                }
                #expect(results.count >= 3 && Set(results) == ["2001"], "\(results)")
            }
            #expect(await hss.terminate().status == 0)
        }
    }
}
