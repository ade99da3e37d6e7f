import MobileCrypto
import NIOCore

/// Which end of a NAS signalling connection holds the context: the MME sends downlink and
/// receives uplink, the UE the other way round.
public enum NASRole: Hashable, Sendable {
    case network
    case ue

    var sendDirection: NASDirection { self == .network ? .downlink : .uplink }
    var receiveDirection: NASDirection { self == .network ? .uplink : .downlink }
}

/// An EPS NAS security context as one end holds it (TS 33.401 7.2.4, TS 24.301 4.4): KASME, the
/// algorithms a SECURITY MODE COMMAND selected, the NAS keys derived from them, and the NAS COUNT
/// of each direction. It protects what this end sends and verifies what it receives.
///
/// NAS uses BEARER 0 and DIRECTION 0 uplink, 1 downlink (TS 33.401 8.1). Sending uses the send
/// COUNT, then increments it. Receiving estimates the full COUNT from the sequence number
/// (`NASCount.estimate`), checks the MAC, refuses a COUNT at or below the last one accepted
/// (the signalling connection delivers in order, so this is the "accept each COUNT once" rule of
/// TS 33.401 8.1), and only then remembers the new COUNT: a forged message changes nothing.
public struct NASSecurityContext: Sendable {
    /// NAS key set identifier (eKSI, TS 24.301 9.9.3.21), 0-6.
    public let keySetIdentifier: UInt8
    public let kasme: Key256
    public let integrity: IntegrityAlgorithm
    public let ciphering: CipheringAlgorithm
    public let integrityKey: Key128
    public let encryptionKey: Key128
    public let role: NASRole
    /// The COUNT the next message this end sends will carry.
    public private(set) var sendCount: NASCount
    /// The COUNT of the last message this end accepted; nil until the first.
    public private(set) var lastReceivedCount: NASCount?

    static let bearer: UInt8 = 0

    public init(kasme: Key256, keySetIdentifier: UInt8, integrity: IntegrityAlgorithm, ciphering: CipheringAlgorithm,
                role: NASRole, sendCount: NASCount = NASCount(), lastReceivedCount: NASCount? = nil) {
        self.kasme = kasme
        self.keySetIdentifier = keySetIdentifier & 0x07
        self.integrity = integrity
        self.ciphering = ciphering
        (encryptionKey, integrityKey) = KeyDerivation.nasKeys(kasme: kasme, ciphering: ciphering, integrity: integrity)
        self.role = role
        self.sendCount = sendCount
        self.lastReceivedCount = lastReceivedCount
    }

    /// The context a SECURITY MODE COMMAND sets up with `selected` algorithms; nil when one of
    /// them is a reserved identifier.
    public init?(kasme: Key256, keySetIdentifier: UInt8, selected: NASSecurityAlgorithms, role: NASRole) {
        guard let integrity = selected.integrity.algorithm, let ciphering = selected.ciphering.algorithm else { return nil }
        self.init(kasme: kasme, keySetIdentifier: keySetIdentifier, integrity: integrity, ciphering: ciphering, role: role)
    }

    /// The uplink COUNT for KeNB (TS 33.401 A.3): the UE's send COUNT or, at the MME, the COUNT of
    /// the last uplink message accepted.
    public var uplinkCount: NASCount {
        role == .ue ? sendCount : lastReceivedCount ?? NASCount()
    }

    // MARK: sending

    /// Protects `message`: ciphers it when `headerType` says so, computes the MAC over sequence
    /// number and (ciphered) message with the send COUNT, then advances the COUNT.
    public mutating func protect(_ message: NASMessage,
                                 headerType: SecurityHeaderType = .integrityProtectedAndCiphered) -> ProtectedNAS {
        protect(encoded: message.encoded(), headerType: headerType)
    }

    /// The same for a message already encoded.
    public mutating func protect(encoded plain: ByteBuffer,
                                 headerType: SecurityHeaderType = .integrityProtectedAndCiphered) -> ProtectedNAS {
        precondition((1...4).contains(headerType.rawValue), "protect needs security header type 1-4, not \(headerType)")
        let count = sendCount
        sendCount.increment()
        var inner = plain
        if headerType.isCiphered { cipher(&inner, count: count, direction: role.sendDirection) }
        let mac = computeMAC(ProtectedNAS.integrityProtectedBytes(sequenceNumber: count.sequenceNumber, inner: inner),
                             count: count, direction: role.sendDirection)
        return ProtectedNAS(headerType: headerType, mac: mac, sequenceNumber: count.sequenceNumber, inner: inner)
    }

    /// A UE's SERVICE REQUEST: KSI, the five low bits of the uplink COUNT and the short MAC.
    public mutating func serviceRequest() -> ServiceRequest {
        precondition(role == .ue, "only a UE sends SERVICE REQUEST")
        let count = sendCount
        sendCount.increment()
        var request = ServiceRequest(keySetIdentifier: keySetIdentifier, sequenceNumber: count.shortSequenceNumber)
        request.shortMAC = UInt16(truncatingIfNeeded: computeMAC(request.integrityProtectedBytes, count: count,
                                                                 direction: .uplink))
        return request
    }

    // MARK: receiving

    /// Verifies `envelope` and returns its plain inner message octets, deciphered when ciphered.
    public mutating func unprotect(_ envelope: ProtectedNAS) throws(NASSecurityError) -> ByteBuffer {
        guard (1...4).contains(envelope.headerType.rawValue) else {
            throw .unsupportedHeaderType(envelope.headerType)
        }
        let count = estimatedCount(sequenceNumber: envelope.sequenceNumber)
        try accept(count, receivedMAC: envelope.mac) { $0.computeMAC(envelope.integrityProtectedBytes, count: count,
                                                                      direction: $0.role.receiveDirection) }
        var inner = envelope.inner
        if envelope.headerType.isCiphered { cipher(&inner, count: count, direction: role.receiveDirection) }
        return inner
    }

    /// Verifies `envelope` and decodes its inner message.
    public mutating func unprotectMessage(_ envelope: ProtectedNAS) throws(NASSecurityError) -> NASMessage {
        let inner = try unprotect(envelope)
        do {
            return try NASMessage.decode(inner, direction: role.receiveDirection)
        } catch {
            throw .undecodable(error)
        }
    }

    /// Verifies a SERVICE REQUEST's short MAC (the MME's side).
    public mutating func verify(_ request: ServiceRequest) throws(NASSecurityError) {
        precondition(role == .network, "only the network receives SERVICE REQUEST")
        let count = lastReceivedCount?.estimate(shortSequenceNumber: request.sequenceNumber)
            ?? NASCount(sequenceNumber: request.sequenceNumber)
        try accept(count, receivedMAC: UInt32(request.shortMAC)) {
            $0.computeMAC(request.integrityProtectedBytes, count: count, direction: .uplink) & 0xFFFF
        }
    }

    /// The COUNT a received sequence number stands for, given the last COUNT accepted.
    public func estimatedCount(sequenceNumber: UInt8) -> NASCount {
        guard let last = lastReceivedCount else { return NASCount(sequenceNumber: sequenceNumber) }
        return last.estimate(receivedSequenceNumber: sequenceNumber)
    }

    private mutating func accept(_ count: NASCount, receivedMAC: UInt32,
                                 computing: (NASSecurityContext) -> UInt32) throws(NASSecurityError) {
        let computed = computing(self)
        guard computed == receivedMAC else { throw .macMismatch(received: receivedMAC, computed: computed, count: count) }
        if let last = lastReceivedCount, count <= last { throw .replayed(count: count, lastAccepted: last) }
        lastReceivedCount = count
    }

    // MARK: algorithms

    func computeMAC(_ bytes: ByteBuffer, count: NASCount, direction: NASDirection) -> UInt32 {
        EPSIntegrity.mac(integrity, key: integrityKey, count: count.algorithmInput, bearer: Self.bearer,
                         direction: direction == .uplink ? 0 : 1, message: bytes)
    }

    func cipher(_ bytes: inout ByteBuffer, count: NASCount, direction: NASDirection) {
        EPSCiphering.apply(ciphering, key: encryptionKey, count: count.algorithmInput, bearer: Self.bearer,
                           direction: direction == .uplink ? 0 : 1, to: &bytes)
    }
}
