import Foundation
import TestOracles

/// freeDiameterd (Debian `freediameter`) as an independent Diameter peer: a configuration in a
/// folder of its own that connects to one peer over TCP without TLS, started and stopped by PID.
struct FreeDiameterPeer {
    static let daemon: String? = ["/usr/bin/freeDiameterd", "/usr/local/bin/freeDiameterd"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let openssl: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Runs where the daemon is installed, and always in CI, where a missing one is a failure.
    static let available = (daemon != nil && openssl != nil) || TestEnvironment.isCI

    static let identity = "fd.epc.mnc001.mcc001.3gppnetwork.org"

    let folder: URL
    let process: ChildProcess
    var logURL: URL { folder.appendingPathComponent("freeDiameterd.log") }
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    struct CannotRun: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes the configuration and starts the daemon, which connects to `peerHost` at
    /// 127.0.0.1:`peerPort`. It listens on `ports` (plain, then TLS) since it cannot be told not to.
    static func start(in folder: URL, peerHost: String, peerPort: Int, ports: (Int, Int)) async throws -> FreeDiameterPeer {
        guard let daemon, let openssl else { throw CannotRun(description: "freeDiameterd or openssl is not installed (apt-get install freediameter)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // freeDiameter refuses to start without TLS credentials even when every peer is No_TLS.
        let key = folder.appendingPathComponent("key.pem").path
        let certificate = folder.appendingPathComponent("cert.pem").path
        let (status, output) = try await withOwnThread {
            try ProcessRunner.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                            "-days", "2", "-subj", "/CN=\(identity)"], includeStandardError: true)
        }
        guard status == 0 else { throw CannotRun(description: "openssl could not make a certificate: \(output)") }
        let configuration = folder.appendingPathComponent("freeDiameter.conf")
        try """
        Identity = "\(identity)";
        Realm = "epc.mnc001.mcc001.3gppnetwork.org";
        Port = \(ports.0);
        SecPort = \(ports.1);
        ListenOn = "127.0.0.1";
        No_SCTP;
        No_IPv6;
        # The shortest watchdog freeDiameter accepts (RFC 3539 says Tw >= 6 s); reconnect fast.
        TwTimer = 6;
        TcTimer = 1;
        TLS_Cred = "\(certificate)", "\(key)";
        TLS_CA = "\(certificate)";
        ConnectPeer = "\(peerHost)" { ConnectTo = "127.0.0.1"; Port = \(peerPort); No_TLS; No_SCTP; };

        """.write(to: configuration, atomically: true, encoding: .utf8)
        let process = try ChildProcess(daemon, ["-c", configuration.path], log: folder.appendingPathComponent("freeDiameterd.log").path)
        return FreeDiameterPeer(folder: folder, process: process)
    }

    /// Waits until the log has `text`, or the daemon exits, or `timeout` passes.
    func waitForLog(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(text) { return true }
            guard process.isRunning else { return log.contains(text) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// SIGTERM (freeDiameter sends DPR to its peers), SIGKILL if it is still shutting down after
    /// a few seconds (it allows itself 16).
    func stop() async -> Int32 {
        await process.stop(SIGTERM, grace: .seconds(8))
    }
}
