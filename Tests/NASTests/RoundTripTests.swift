import NIOCore
import Testing
import Wire
@testable import NAS

extension NASMessage: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .emm(let message): "\(message.messageType) \(caseName(message))"
        case .esm(let message): "\(message.messageType) \(caseName(message))"
        }
    }

    private func caseName(_ value: Any) -> String {
        String(describing: value).prefix { $0 != "(" }.description
    }
}

/// Built messages survive encode → decode unchanged, and their encoding is stable.
struct RoundTripTests {
    @Test(arguments: NASSamples.all)
    func builtMessageRoundTrips(message: NASMessage) throws {
        let encoded = message.encoded()
        let direction: NASDirection? = switch message {
        case .emm(.ueTerminatedDetachRequest): .downlink
        case .emm(.ueOriginatingDetachRequest): .uplink
        default: nil
        }
        let decoded = try NASMessage.decode(encoded, direction: direction)
        #expect(decoded == message)
        #expect(decoded.encoded() == encoded)
        // Without the direction hint the detach forms are told apart by their content.
        #expect(try NASMessage.decode(encoded) == message)
        // As S1AP carries it, a plain message is a NAS PDU too.
        #expect(try NASPDU.decode(encoded) == .plain(message))
    }

    @Test(arguments: NASSamples.protectedPDUs)
    func envelopesRoundTrip(pdu: NASPDU) throws {
        let encoded = pdu.encoded()
        let decoded = try NASPDU.decode(encoded)
        #expect(decoded == pdu)
        #expect(decoded.encoded() == encoded)
    }

    @Test func protectedEnvelopeExposesWhatTheMACCovers() throws {
        let message = NASMessage.emm(.securityModeComplete(NASSamples.securityModeComplete))
        let envelope = ProtectedNAS(headerType: .integrityProtectedAndCipheredWithNewEPSSecurityContext, mac: 0xDEAD_BEEF,
                                    sequenceNumber: 0x2A, message: message)
        let bytes = envelope.encoded()
        #expect(bytes.hex.hasPrefix("47deadbeef2a075e"))
        guard case .protected(let decoded) = try NASPDU.decode(bytes) else {
            Issue.record("not a protected PDU")
            return
        }
        #expect(decoded.headerType.isCiphered && decoded.headerType.hasNewSecurityContext)
        #expect(decoded.mac == 0xDEAD_BEEF)
        #expect(decoded.sequenceNumber == 0x2A)
        var covered = ByteBuffer(bytes: [0x2A])
        covered.writeImmutableBuffer(message.encoded())
        #expect(decoded.integrityProtectedBytes == covered)
        #expect(try decoded.decodeInner() == message)
    }

    @Test func serviceRequestShortFormat() throws {
        // From testattach.pcapng: KSI 0, sequence number 3, short MAC 0xa3f8.
        let bytes = ByteBuffer(hex: "c703a3f8")
        guard case .serviceRequest(let request) = try NASPDU.decode(bytes) else {
            Issue.record("not a service request")
            return
        }
        #expect(request.keySetIdentifier == 0)
        #expect(request.sequenceNumber == 3)
        #expect(request.shortMAC == 0xA3F8)
        #expect(request.integrityProtectedBytes == ByteBuffer(hex: "c703"))
        #expect(request.encoded() == bytes)
        // 13-15 are read as 12 but written back as received.
        let odd = ByteBuffer(hex: "f7230001")
        #expect(try NASPDU.decode(odd).encoded() == odd)
    }

    @Test func attachRequestFromCaptureHasTheValuesTSharkShows() throws {
        // testattach.pcapng frame 122: combined attach with IMSI, PDN connectivity request inside.
        let bytes = ByteBuffer(hex: "07417208991007374600000607f0f0c04001001000240201d031d1271d8080211001010010810600000000830600000000000300000a00000d005c20003103e5e0349011035f58a640080402600400021f025d0105c1")
        guard case .emm(.attachRequest(let request)) = try NASMessage.decode(bytes) else {
            Issue.record("not an attach request")
            return
        }
        #expect(request.nasKeySetIdentifier.isNoKeyAvailable)
        #expect(request.attachType == .combinedEPSIMSIAttach)
        #expect(request.epsMobileIdentity.imsi?.digits == "901707364000060")
        #expect(request.ueNetworkCapability.supports(CipheringAlgorithmID.eea2))
        #expect(request.ueNetworkCapability.supports(IntegrityAlgorithmID.eia3))
        #expect(!request.ueNetworkCapability.eea.contains(4))
        #expect(request.drxParameter?.splitPGCycleCode == 32)
        #expect(request.msNetworkCapability?.bytes == ByteBuffer(hex: "e5e034"))
        #expect(request.tmsiStatus == HalfOctet(rawValue: 0))
        #expect(request.voiceDomainPreference?.preference == VoiceDomainPreference.imsPSVoiceOnly)
        #expect(request.voiceDomainPreference?.isDataCentric == true)
        #expect(request.msNetworkFeatureSupport == HalfOctet(rawValue: 1))
        guard case .pdnConnectivityRequest(let pdn) = request.esmMessageContainer.message else {
            Issue.record("no PDN connectivity request inside")
            return
        }
        #expect(pdn.procedureTransactionIdentity == 1)
        #expect(pdn.pdnType == .ipv4v6)
        #expect(pdn.requestType == .initialRequest)
        #expect(pdn.esmInformationTransferFlag?.isRequired == true)
        #expect(pdn.protocolConfigurationOptions?.contains(.dnsServerIPv4Address) == true)
        #expect(request.encodeToBuffer() == bytes)
    }

    @Test func attachAcceptFromCaptureHasTheValuesTSharkShows() throws {
        // testattach.pcapng frame 66, inner message of the ciphered (EEA0) envelope.
        let bytes = ByteBuffer(hex: "07420249062009f1070001006f5201c101090908696e7465726e65740d0300000000000000020a2d00025e06fefee2e20303274880802110020000108106080808088306080804040003102001486048600000000000000000888800031020014860486000000000000000008844000d0408080808000d0408080404500bf609f107000201cc00ab6b594964020108")
        guard case .emm(.attachAccept(let accept)) = try NASMessage.decode(bytes) else {
            Issue.record("not an attach accept")
            return
        }
        #expect(accept.attachResult == .combinedEPSIMSI)
        #expect(accept.t3412.seconds == 54 * 60)
        #expect(accept.taiList.tais == [TAI(plmn: PLMN(mcc: "901", mnc: "70")!, tac: 1)])
        #expect(accept.guti?.guti == GUTI(plmn: PLMN(mcc: "901", mnc: "70")!, mmeGroupID: 2, mmeCode: 1, mTMSI: 0xCC00_AB6B))
        #expect(accept.epsNetworkFeatureSupport?.imsVoiceOverPS == true)
        guard case .activateDefaultEPSBearerContextRequest(let bearer) = accept.esmMessageContainer.message else {
            Issue.record("no default bearer request inside")
            return
        }
        #expect(bearer.bearerIdentity == 5)
        #expect(bearer.epsQoS.qci == 9)
        #expect(bearer.accessPointName.name == "internet")
        #expect(bearer.pdnAddress.pdnType == .ipv4v6)
        #expect(bearer.pdnAddress.ipv4 == IPv4Address(10, 45, 0, 2))
        #expect(bearer.pdnAddress.ipv6InterfaceIdentifier == 2)
        // Open5GS's "1 Gbps": 3 × 256 Mbps (extended-2) + 208 Mbps (extended), as tshark reads it.
        #expect(bearer.apnAMBR?.downlink == 976_000 && bearer.apnAMBR?.uplink == 976_000)
        #expect(bearer.protocolConfigurationOptions?.first(.dnsServerIPv4Address)?.contents == ByteBuffer(bytes: [8, 8, 8, 8]))
    }

    @Test func dedicatedBearerFromVoLTECaptureHasTheVoiceTFT() throws {
        // volte.pcapng frame 106, inner message: QCI 1, two RTP filters towards the P-CSCF.
        let bytes = ByteBuffer(hex: "7200c5060501282828283b2210011a301111c0a86502ffffffff100a048015ffffffff40c3885079fa21021a301111c0a86502ffffffff100a048015ffffffff40c3885079fa")
        guard case .esm(.activateDedicatedEPSBearerContextRequest(let request)) = try NASMessage.decode(bytes) else {
            Issue.record("not a dedicated bearer request")
            return
        }
        #expect(request.bearerIdentity == 7)
        #expect(request.linkedBearerIdentity == 6)
        #expect(request.epsQoS.qci == 1)
        #expect(request.epsQoS.bitRates == .init(maximumUplink: 40, maximumDownlink: 40, guaranteedUplink: 40, guaranteedDownlink: 40))
        #expect(request.tft.template.operation == .createNew)
        #expect(request.tft.template.packetFilters.map(\.direction) == [.downlink, .uplink])
        #expect(request.tft.template.packetFilters[0].components.contains(.singleRemotePort(31226)))
        #expect(ESMMessageContainer(bytes: bytes).bytes == ESMMessageContainer(.activateDedicatedEPSBearerContextRequest(request)).bytes)
    }
}

extension EMMMessageBody {
    /// The whole message (header included) for a body.
    func encodeToBuffer() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeWire { writer in
            writer.writeU8(0x07)
            writer.writeU8(Self.messageType.rawValue)
            encodeBody(into: &writer)
        }
        return buffer
    }
}
