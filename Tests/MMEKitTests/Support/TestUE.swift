import MobileCrypto
import NAS
import NIOCore
import Testing
import Wire

/// A UE double: a USIM with Milenage (it checks AUTN and computes RES itself), the UE's side of
/// the NAS security context (it checks every downlink MAC, so a wrong key or COUNT at the MME
/// fails the test), and builders for the uplink messages of each procedure.
struct TestUE {
    static let plmn = PLMN(mcc: "001", mnc: "01")!
    static let imeisv = IMEI("3534900698733190")!

    let imsi: IMSI
    let milenage: Milenage
    /// The USIM's highest accepted SQN (TS 33.102 C).
    var sqn = SQN(0)!
    var capability = UENetworkCapability(eea: AlgorithmSupport([0, 1, 2]), eia: AlgorithmSupport([1, 2]))
    var kasme: Key256?
    var security: NASSecurityContext?
    var guti: GUTI?
    /// The eNB-UE-S1AP-ID of the current connection, and the MME's.
    var enbUES1APID: UInt32 = 0
    var mmeUES1APID: UInt32?
    var pti: UInt8 = 1
    /// How the USIM answers: normally, or as if its SQN ran ahead of the HSS (synch failure), or
    /// as if the network's MAC were wrong.
    var authenticationBehaviour = AuthenticationBehaviour.normal
    /// Every downlink NAS message the UE read, as plain octets (deciphered), for the cross-checks.
    var receivedPlain: [[UInt8]] = []

    enum AuthenticationBehaviour {
        case normal
        case synchFailure
        case macFailure
    }

    init(imsi: String, k: String, opc: String) {
        self.imsi = IMSI(imsi)!
        milenage = Milenage(k: Key128(hex: k)!, opc: Key128(hex: opc)!)
    }

    // MARK: messages the UE sends

    static let requestedPCO = ProtocolConfigurationOptions(containers: [
        .init(id: .dnsServerIPv4Address), .init(id: .pcscfIPv4Address), .init(id: .ipAddressAllocationViaNAS),
    ])

    mutating func pdnConnectivityRequest(apn: String?, informationFlag: Bool = false) -> PDNConnectivityRequest {
        var request = PDNConnectivityRequest(header: ESMHeader(bearerIdentity: 0, procedureTransactionIdentity: pti),
                                             pdnType: .ipv4, requestType: .initialRequest)
        if let apn { request.accessPointName = AccessPointName(apn) }
        if informationFlag {
            request.esmInformationTransferFlag = .required
        } else {
            request.protocolConfigurationOptions = Self.requestedPCO
        }
        return request
    }

    /// ATTACH REQUEST with the IMSI, or the GUTI when `byGUTI` and one is known.
    mutating func attachRequest(byGUTI: Bool = false, apn: String? = nil, informationFlag: Bool = false,
                                type: EPSAttachType = .epsAttach) -> NASMessage {
        let identity = byGUTI ? guti.map(EPSMobileIdentity.guti) ?? .imsi(imsi) : .imsi(imsi)
        let ksi = byGUTI ? security.map { NASKeySetIdentifier(value: $0.keySetIdentifier) } ?? .noKeyAvailable : .noKeyAvailable
        let esm = ESMMessageContainer(.pdnConnectivityRequest(pdnConnectivityRequest(apn: apn, informationFlag: informationFlag)))
        return .emm(.attachRequest(AttachRequest(nasKeySetIdentifier: ksi, attachType: type, epsMobileIdentity: identity,
                                                 ueNetworkCapability: capability, esmMessageContainer: esm)))
    }

    /// The answer to AUTHENTICATION REQUEST: RES after checking AUTN, or the failure the USIM finds.
    mutating func answer(_ request: AuthenticationRequest) -> NASMessage {
        let rand = Key128(bytes: Array(request.rand))!
        let autn = AUTN(bytes: Array(request.autn))!
        switch authenticationBehaviour {
        case .macFailure:
            return .emm(.authenticationFailure(AuthenticationFailure(emmCause: .macFailure)))
        case .synchFailure:
            // The USIM has seen a higher SQN than this AUTN's (say, from another network).
            authenticationBehaviour = .normal
            sqn = SQN(0xFFFF_0000)!
            let auts = milenage.auts(rand: rand, sqnMS: sqn)
            return .emm(.authenticationFailure(AuthenticationFailure(emmCause: .synchFailure, auts: NASOctets(auts.bytes)!)))
        case .normal:
            do {
                let response = try milenage.respond(rand: rand, autn: autn, freshness: .above(sqn), highestAcceptedSQN: sqn)
                sqn = response.sqn
                kasme = response.kasme(servingNetwork: Self.plmn)
                return .emm(.authenticationResponse(AuthenticationResponse(res: NASOctets(response.resBytes)!)))
            } catch .synchronisationFailure(let auts) {
                return .emm(.authenticationFailure(AuthenticationFailure(emmCause: .synchFailure, auts: NASOctets(auts.bytes)!)))
            } catch {
                return .emm(.authenticationFailure(AuthenticationFailure(emmCause: .macFailure)))
            }
        }
    }

    /// Takes a SECURITY MODE COMMAND as a UE does: new context from KASME and the selected
    /// algorithms, MAC checked with it, then SECURITY MODE COMPLETE with the IMEISV, protected
    /// with header type 4.
    mutating func acceptSecurityMode(_ pdu: [UInt8]) throws -> [UInt8] {
        guard case .protected(let envelope) = try NASPDU.decode(ByteBuffer(bytes: pdu), direction: .downlink) else {
            throw TestFailure("SECURITY MODE COMMAND is not protected")
        }
        #expect(envelope.headerType == .integrityProtectedWithNewEPSSecurityContext)
        guard case .emm(.securityModeCommand(let command)) = try envelope.decodeInner(direction: .downlink),
              let kasme else { throw TestFailure("not a SECURITY MODE COMMAND, or no KASME") }
        var context = NASSecurityContext(kasme: kasme, keySetIdentifier: command.nasKeySetIdentifier.value,
                                         selected: command.selectedAlgorithms, role: .ue)!
        _ = try context.unprotectMessage(envelope)
        security = context
        receivedPlain.append(Array(envelope.inner.readableBytesView))
        let complete = SecurityModeComplete(imeisv: MobileIdentity.imeisv(Self.imeisv))
        return protect(.emm(.securityModeComplete(complete)), headerType: .integrityProtectedAndCipheredWithNewEPSSecurityContext)
    }

    /// An uplink message protected with the UE's context.
    mutating func protect(_ message: NASMessage, headerType: SecurityHeaderType = .integrityProtectedAndCiphered) -> [UInt8] {
        let envelope = security!.protect(message, headerType: headerType)
        return Array(NASPDU.protected(envelope).encoded().readableBytesView)
    }

    /// An initial message: integrity protected, not ciphered (TS 24.301 4.4.5), when the UE has
    /// a context; plain when it has none.
    mutating func initial(_ message: NASMessage) -> [UInt8] {
        guard security != nil else { return Self.plain(message) }
        return protect(message, headerType: .integrityProtected)
    }

    static func plain(_ message: NASMessage) -> [UInt8] { Array(NASPDU.plain(message).encoded().readableBytesView) }

    /// A message on an established connection: protected with the current context when the UE
    /// has one (as TS 24.301 4.4.4 has it send everything once security is on), plain before.
    mutating func uplink(_ message: NASMessage) -> [UInt8] {
        security == nil ? Self.plain(message) : protect(message)
    }

    mutating func serviceRequest() -> [UInt8] {
        Array(NASPDU.serviceRequest(security!.serviceRequest()).encoded().readableBytesView)
    }

    /// A downlink NAS-PDU as the UE reads it: a protected one must verify with the UE's context.
    mutating func receive(_ pdu: [UInt8]) throws -> NASMessage {
        switch try NASPDU.decode(ByteBuffer(bytes: pdu), direction: .downlink) {
        case .plain(let message):
            receivedPlain.append(pdu)
            return message
        case .protected(let envelope):
            guard var context = security else { throw TestFailure("protected NAS but the UE has no security context") }
            let plain = try context.unprotect(envelope)
            let message = try NASMessage.decode(plain, direction: .downlink)
            security = context
            receivedPlain.append(Array(plain.readableBytesView))
            return message
        case .serviceRequest:
            throw TestFailure("SERVICE REQUEST downlink")
        }
    }

    mutating func nextPTI() -> UInt8 {
        pti &+= 1
        return pti
    }
}

extension MobileIdentity {
    /// A mobile identity of `type` (1 IMSI, 3 IMEISV) from its digits (TS 24.008 10.5.1.4).
    init(digits: String, type: UInt8) {
        let values = digits.compactMap { $0.wholeNumberValue.map(UInt8.init) }
        var nibbles: [UInt8] = [(values.count % 2 == 1 ? 0x08 : 0) | type] + values
        if nibbles.count % 2 == 1 { nibbles.append(0x0F) }
        let octets = stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] | nibbles[$0 + 1] << 4 }
        // Tests give valid digits: decoding cannot fail.
        self = try! MobileIdentity.decode(valueBytes: ByteBuffer(bytes: octets))
    }

    static func imeisv(_ imei: IMEI) -> MobileIdentity { MobileIdentity(digits: imei.digits, type: 3) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
