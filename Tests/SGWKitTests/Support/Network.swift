import GTPv2C
import GatewayKit
import NIOCore
import SGWKit
import Wire

/// Addresses of the test network.
enum Net {
    static let mme = IPEndpoint(.v4(IPv4Address(10, 0, 1, 10)), 2123)
    static let sgwS11 = IPAddress.v4(IPv4Address(10, 0, 2, 1))
    static let sgwS1U = IPAddress.v4(IPv4Address(10, 0, 2, 2))
    static let sgwS5C = IPAddress.v4(IPv4Address(10, 0, 2, 5))
    static let sgwS5U = IPAddress.v4(IPv4Address(10, 0, 2, 6))
    static let pgw = IPEndpoint(.v4(IPv4Address(10, 0, 3, 1)), 2123)
    static let otherPGW = IPEndpoint(.v4(IPv4Address(10, 0, 3, 9)), 2123)
    static let pgwS5U = IPv4Address(10, 0, 3, 2)
    static let enb = IPv4Address(10, 0, 0, 2)
    static let otherENB = IPv4Address(10, 0, 0, 3)

    static let sgwSettings = SGWSettings(s11Address: sgwS11, s5cAddress: sgwS5C, s1uAddress: sgwS1U, s5uAddress: sgwS5U,
                                         timers: GTPCTimers(t3Response: .seconds(3), n3Requests: 2))
}

/// One GTPv2-C datagram on the wire, for the capture.
struct Datagram {
    var bytes: ByteBuffer
    var from: IPEndpoint
    var to: IPEndpoint
}

/// A message the SGW sent, decoded again from its bytes (what a peer would see).
struct Sent {
    var message: GTPv2Message
    var to: IPEndpoint
}

/// An SGW with what it did: messages sent (and every datagram for the capture), timers armed
/// and not yet disarmed, user-plane rules, log lines.
struct SGWHarness {
    var sgw: SGW
    var traffic: [Datagram] = []
    var armedTimers: [GatewayTimerID: Duration] = [:]
    var userPlane: [SGWUserPlaneRule] = []
    var logs: [String] = []

    init(recovery: UInt8 = 7, settings: SGWSettings = Net.sgwSettings) {
        sgw = SGW(settings: settings, recoveryCounter: recovery,
                  identifiers: SequentialIdentifiers(firstTEID: 0x100, firstSequence: 0x500))
    }

    /// Delivers a message from a peer as bytes.
    mutating func deliver(_ message: GTPv2Message, from peer: IPEndpoint) throws -> [Sent] {
        let bytes = message.encoded()
        traffic.append(Datagram(bytes: bytes, from: peer, to: IPEndpoint(local(for: peer), 2123)))
        return try handle(.gtp(bytes, from: peer))
    }

    /// Delivers raw bytes (malformed messages).
    mutating func deliver(bytes: ByteBuffer, from peer: IPEndpoint) throws -> [Sent] {
        traffic.append(Datagram(bytes: bytes, from: peer, to: IPEndpoint(local(for: peer), 2123)))
        return try handle(.gtp(bytes, from: peer))
    }

    func local(for peer: IPEndpoint) -> IPAddress { peer.address == Net.mme.address ? Net.sgwS11 : Net.sgwS5C }

    mutating func handle(_ event: SGWEvent) throws -> [Sent] {
        var sent: [Sent] = []
        for action in sgw.handle(event) {
            switch action {
            case .sendGTP(let message, let peer):
                let bytes = message.encoded()
                traffic.append(Datagram(bytes: bytes, from: IPEndpoint(local(for: peer), 2123), to: peer))
                sent.append(Sent(message: try GTPv2Message.decode(bytes), to: peer))
            case .startTimer(let timer, let duration):
                armedTimers[timer] = duration
            case .stopTimer(let timer):
                armedTimers[timer] = nil
            case .userPlane(let rule):
                userPlane.append(rule)
            case .log(let event):
                logs.append(event.description)
            case .sendPolicy:
                break
            }
        }
        return sent
    }

    /// Fires the armed T3-RESPONSE timer of the request with this sequence number.
    mutating func expireResponseTimer(sequence: UInt32) throws -> [Sent] {
        guard let timer = armedTimers.keys.first(where: { $0.kind == .response && $0.owner == sequence }) else { return [] }
        armedTimers[timer] = nil
        return try handle(.timerExpired(timer))
    }
}
