import Testing
import Foundation
import NIOCore
import TestOracles
@testable import PCAP

@Suite struct LiveCaptureTests {
    static var isRoot: Bool { getuid() == 0 }

    @Test(.enabled(if: isRoot || TestEnvironment.isCI, "capturing needs root (CAP_NET_RAW)"))
    func capturesAFilteredDatagramOnLoopback() async throws {
        let path = TestEnvironment.temporaryFile("live.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let port = UInt16.random(in: 30000..<40000)
        let capture = try LiveCapture(interface: "lo", path: path, filter: "udp dst port \(port)")
        let sender = Task.detached {
            for _ in 0..<20 {
                try await Task.sleep(for: .milliseconds(50))
                let socket = Foundation.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let payload = Array("vcore".utf8)
                _ = withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socket, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                close(socket)
            }
        }
        let written = capture.run(frames: 1, duration: .seconds(5))
        sender.cancel()
        #expect(written == 1)
        let frames = try PcapReader.readAll(path: path)
        #expect(frames.count == 1)
        var dissector = Dissector()
        let payloads = frames.flatMap { dissector.dissect($0) }
        #expect(payloads.first?.destination.port == port)
        #expect(payloads.first.map { String(buffer: $0.bytes) } == "vcore")
    }
}
