import APER
import NIOCore
import Testing
import Wire
@testable import S1AP

@Suite("S1AP round trips")
struct S1APRoundTripTests {
    static let samples = S1APSamples.all

    @Test func everyModelledMessageTypeHasASample() {
        #expect(Set(Self.samples.map(\.name)) == Set(S1APProcedureSpec.allMessages.map(\.name)))
        #expect(Self.samples.count == 48)
    }

    @Test(arguments: samples.map(\.name))
    func sampleDecodesToItselfAndReencodesIdentically(_ name: String) throws {
        let message = try #require(S1APSamples.sample(name))
        #expect(message.spec?.name == name)
        let bytes = message.encodedBytes
        let decoded = try S1APMessage.decode(bytes: bytes)
        #expect(decoded == message)
        #expect(decoded.encodedBytes == bytes)
        #expect(message.encodedByBits() == bytes, "the octet-level and the general encoders disagree")
        #expect(decoded.notifications == nil)
        // Built in TS 36.413's table order, with every mandatory IE.
        let spec = try #require(message.spec)
        let order = message.ies.ids.map { spec.index(of: $0.rawValue)! }
        #expect(order == order.sorted(), "\(name): IEs out of table order")
        for ie in spec.ies where ie.presence == .mandatory {
            #expect(message.ies.contains(ie.id), "\(name) lacks mandatory \(ie.id)")
        }
    }

    @Test func initialUEMessageView() throws {
        let bytes = S1APSamples.initialUEMessage.encoded()
        let view = try #require(InitialUEMessage(try S1APMessage.decode(bytes)))
        #expect(view.enbUES1APID == 100)
        #expect(view.nasPDU == S1APSamples.attachRequest)
        #expect(view.tai?.tai == TAI(plmn: PLMN(mcc: "001", mnc: "01")!, tac: 1))
        #expect(view.eutranCGI?.cellID == 0x19B_0101)
        #expect(view.rrcEstablishmentCause == .moSignalling)
        #expect(view.sTMSI == nil)
        #expect(view.missingMandatoryIEs.isEmpty)
        #expect(InitialContextSetupRequest(view.message) == nil)
        // The first octets: initiating message, procedure 12, criticality ignore, five IEs.
        #expect(Array(bytes.readableBytesView.prefix(7)) == [0x00, 0x0C, 0x40, UInt8(bytes.readableBytes - 4), 0x00, 0x00, 0x05])
    }

    @Test func initialContextSetupRequestView() throws {
        let view = try #require(InitialContextSetupRequest(try S1APMessage.decode(S1APSamples.initialContextSetupRequest.encoded())))
        #expect(view.mmeUES1APID == 1)
        #expect(view.securityKey == S1APSamples.securityKey)
        #expect(view.ueSecurityCapabilities == S1APSamples.securityCapabilities)
        let bearer = try #require(view.erabsToBeSetup?.first)
        #expect(bearer.erabID == 5 && bearer.gtpTEID == 1)
        #expect(bearer.transportLayerAddress.transportLayerAddresses == [.v4(IPv4Address(10, 0, 1, 2))])
        #expect(bearer.erabLevelQoSParameters.qci == 9)
        #expect(view.ueAggregateMaximumBitrate?.ueAggregateMaximumBitRateDL == 1_000_000_000)
    }

    @Test func settingAndRemovingIEs() throws {
        var view = S1APSamples.initialUEMessage
        // An optional IE goes to its place in the table, not to the end.
        view.sTMSI = STMSI(mmeC: 1, mTMSI: 0xC000_0001)
        view.gummeiType = .native
        #expect(view.message.ies.ids.map(\.rawValue) == [8, 26, 67, 100, 134, 96, 170])
        view.nasPDU = [0x07, 0x4C]
        #expect(view.message.ies.ids.map(\.rawValue) == [8, 26, 67, 100, 134, 96, 170])
        #expect(view.nasPDU == [0x07, 0x4C])
        view.sTMSI = nil
        #expect(view.message.ies.ids.map(\.rawValue) == [8, 26, 67, 100, 134, 170])
        let decoded = try S1APMessage.decode(view.encoded())
        #expect(decoded == view.message)
    }

    @Test func extensionIEsAreTypedProperties() throws {
        var bearer = ERABToBeSetupItemCtxtSUReq(erabID: 5, erabLevelQoSParameters: S1APSamples.defaultBearerQoS,
                                                transportLayerAddress: S1APSamples.sgwAddress, gtpTEID: 1)
        bearer.correlationID = 0x1122_3344
        #expect(bearer.extensions?.fields.map(\.id) == [.correlationID])
        var view = S1APSamples.initialContextSetupRequest
        view.erabsToBeSetup = [bearer]
        let decoded = try #require(InitialContextSetupRequest(try S1APMessage.decode(view.encoded())))
        #expect(decoded.erabsToBeSetup?.first?.correlationID == 0x1122_3344)
        bearer.correlationID = nil
        #expect(bearer.extensions == nil)
    }

    @Test func messagesPast16KOctets() throws {
        var view = S1APSamples.downlinkNASTransport
        view.nasPDU = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let bytes = view.message.encodedBytes
        // The PDU's value length is fragmented (C4: 64K first), and so is the NAS-PDU's inside it.
        #expect(bytes[3] == 0xC4)
        let decoded = try S1APMessage.decode(bytes: bytes)
        #expect(decoded == view.message)
        #expect(DownlinkNASTransport(decoded)?.nasPDU?.count == 70_000)
        #expect(decoded.encodedBytes == bytes)
    }

    @Test func unknownAlternativesAndValuesSurviveTypedRoundTrips() throws {
        // A Cause from a later release: extension alternative 3 of the CHOICE.
        let cause = Cause.unknownExtension(index: 3, encoding: [0x40])
        let causeBytes = Cause.encoded(cause)
        #expect(try Cause.decode(complete: causeBytes) == cause)
        // An RRC-Establishment-Cause value added after this codec (extension value 20).
        let rrc = RRCEstablishmentCause(rawValue: RRCEstablishmentCause.rootCount + 20)
        #expect(try RRCEstablishmentCause.decode(complete: RRCEstablishmentCause.encoded(rrc)) == rrc)
        #expect(rrc.description == "extension(20)")
        // A TAI with an extension addition from a later release (bitmap of 3, the third present).
        var tai = S1APSamples.tai
        tai.extensionAdditions = APERExtensionAdditions(bitmapLength: 3, unknown: [.init(index: 2, encoding: [0xAB, 0xCD])])
        let taiBytes = S1APTAI.encoded(tai)
        #expect(try S1APTAI.decode(complete: taiBytes) == tai)
        // An iE-Extensions field this codec does not know, criticality ignore.
        var ambr = S1APSamples.ambr
        ambr.extensions = ProtocolExtensions([.init(id: 9999, criticality: .ignore, value: [0x01])])
        #expect(try UEAggregateMaximumBitrate.decode(complete: UEAggregateMaximumBitrate.encoded(ambr)) == ambr)
        // ... and one with criticality reject is refused.
        ambr.extensions = ProtocolExtensions([.init(id: 9999, criticality: .reject, value: [0x01])])
        #expect(throws: CodecError.self) { try UEAggregateMaximumBitrate.decode(complete: UEAggregateMaximumBitrate.encoded(ambr)) }
    }
}
