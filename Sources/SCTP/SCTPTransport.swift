import Logging
import NIOCore

/// The entry point: picks the SCTP stack once (`sctp.backend`), logs which and why, and opens
/// listeners and outgoing associations on it.
///
/// ```swift
/// let transport = try SCTPTransport(configuration: config.sctp, logger: logger)
/// let listener = try transport.listen(on: [try SocketAddress(ipAddress: "10.0.0.1", port: 36412)])
/// for try await association in listener { ... }
/// ```
///
/// usrsctp is one stack per process: every transport of a process shares it, so they must agree
/// on raw or UDP mode (and port); a mismatch throws `SCTPError.usrsctpAlreadyRunning`.
public final class SCTPTransport: Sendable {
    public let configuration: SCTPConfiguration
    /// The backend chosen and the reason, as logged at start.
    public let selection: SCTPBackendSelection
    public let metrics = SCTPMetrics()
    private let backend: any TransportBackend
    private let logger: Logger

    /// Validates the configuration, chooses the backend and starts it (usrsctp: its threads).
    public init(configuration: SCTPConfiguration = SCTPConfiguration(), logger: Logger = Logger(label: "vcore.sctp")) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        var probe = BackendProbe.probe(udpPort: configuration.udpEncapsulationPort)
        if UsrsctpStack.mode == .udp(port: configuration.udpEncapsulationPort) {
            probe.udpPortError = nil  // our own stack holds it
        }
        selection = try configuration.selectBackend(probe)
        switch selection.kind {
        case .kernel:
            backend = KernelBackend()
        case .usrsctpRaw:
            try UsrsctpStack.start(.raw)
            backend = UsrsctpBackend(mode: .raw)
        case .usrsctpUDP:
            try UsrsctpStack.start(.udp(port: configuration.udpEncapsulationPort))
            backend = UsrsctpBackend(mode: .udp(port: configuration.udpEncapsulationPort))
        }
        logger.info("SCTP backend \(selection.kind.rawValue): \(selection.reason)",
                    metadata: ["sctp.backend": "\(selection.kind.rawValue)"])
    }

    /// The backend in use, for status pages and metrics.
    public var selectedBackend: SCTPBackendKind { selection.kind }

    /// Prometheus text for an NF's /metrics endpoint (VCore has no metrics module yet).
    public var metricsText: String { metrics.snapshot().prometheusText(selection: selection) }

    /// Listens on `addresses`, which all give the same port (0.0.0.0 or :: for every address the
    /// host had when the stack started).
    ///
    /// With usrsctp, bind the address(es) peers reach rather than a wildcard on a host with several
    /// interfaces: a wildcard listener advertises every local address in its INIT-ACK, and usrsctp,
    /// having no routing table, may then send from an address the peer cannot answer (in raw mode
    /// its SACKs go nowhere and the path fails). Measured between namespaces on this host.
    public func listen(on addresses: [SocketAddress]) throws -> SCTPListener {
        guard let port = addresses.first?.port else { throw SCTPError.invalidAddress("no local address to listen on") }
        try SocketAddresses.checkIP(addresses)
        if addresses.contains(where: { $0.port != port }) {
            throw SCTPError.invalidAddress("\(addresses.endpoints): one listener has one port")
        }
        if selection.kind != .kernel, addresses.contains(where: { ["0.0.0.0", "::"].contains($0.ipAddress ?? "") }) {
            logger.notice("usrsctp listener on a wildcard address: every local address is advertised and any may be used as source; bind the address peers reach when this host has several interfaces")
        }
        let driver = try backend.listeningSocket(on: addresses, configuration: configuration)
        let core = ListenerCore(driver: driver, configuration: configuration, metrics: metrics, logger: logger)
        let listener = SCTPListener(core: core)
        core.start()
        logger.info("SCTP listening", metadata: ["sctp.local": "\(addresses.endpoints)"])
        return listener
    }

    public func listen(host: String, port: Int) throws -> SCTPListener {
        try listen(on: [try SocketAddress(ipAddress: host, port: port)])
    }

    /// Sets up an association with the peer at `remote` (several addresses when it is
    /// multi-homed), optionally from given local addresses (a fixed port, as an eNB uses).
    /// Throws `SCTPError.connectTimedOut` when it is not up within `connectTimeout`.
    public func connect(to remote: [SocketAddress], from local: [SocketAddress] = []) async throws -> SCTPAssociation {
        guard !remote.isEmpty else { throw SCTPError.invalidAddress("no remote address to connect to") }
        try SocketAddresses.checkIP(remote + local)
        let driver = try backend.connectingSocket(from: local, family: SocketAddresses.family(of: remote + local),
                                                  configuration: configuration)
        let core = AssociationCore(driver: driver, configuration: configuration, metrics: metrics,
                                   logger: logger, peer: remote.endpoints, accepted: false)
        core.start()
        do {
            if let code = driver.connect(to: remote) {
                driver.close(abort: true)
                throw SCTPError.connectFailed(remote: remote.endpoints, errno: code)
            }
            try await core.awaitEstablished()
        } catch {
            SCTPMetrics.increment(metrics.connectFailures)
            core.abort(session: core.currentSession)
            logger.notice("SCTP connect failed", metadata: ["sctp.peer": "\(remote.endpoints)", "sctp.error": "\(error)"])
            throw error
        }
        SCTPMetrics.increment(metrics.associationsConnected)
        let association = SCTPAssociation(core: core, session: core.currentSession,
                                          remoteAddresses: driver.remoteAddresses(), localAddresses: driver.localAddresses())
        core.logger.info("SCTP association up", metadata: ["sctp.association": "\(association.id)"])
        return association
    }

    public func connect(host: String, port: Int) async throws -> SCTPAssociation {
        try await connect(to: [try SocketAddress(ipAddress: host, port: port)])
    }
}
