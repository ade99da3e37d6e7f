import NIOCore
import Testing
import Wire
@testable import NAS

/// The typed views of the IEs read what the specification says the octets mean.
struct InformationElementTests {
    @Test func bitRateCodingsFollowTable9_9_4_3_1() {
        #expect([0x01, 0x3F, 0x40, 0x7F, 0x80, 0xFE, 0xFF].map { BitRateCoding.base(UInt8($0)) } == [1, 63, 64, 568, 576, 8640, 0])
        #expect([1, 74, 75, 186, 187, 250].map { BitRateCoding.extended(UInt8($0)) } == [8700, 16_000, 17_000, 128_000, 130_000, 256_000])
        #expect([1, 61, 62, 161, 162, 246].map { BitRateCoding.extended2(UInt8($0)) }
            == [260_000, 500_000, 510_000, 1_500_000, 1_600_000, 10_000_000])
        #expect(BitRateCoding.extended(0) == nil && BitRateCoding.extended2(0) == nil)
    }

    @Test(arguments: [0, 1, 63, 64, 128, 568, 576, 8640, 8700, 16_000, 20_000, 128_000, 130_000, 256_000, 260_000, 1_000_000,
                      10_000_000] as [UInt64])
    func epsQoSCarriesRepresentableRatesExactly(kbps: UInt64) throws {
        let qos = EPSQualityOfService(qci: 1, bitRates: .init(maximumUplink: kbps, maximumDownlink: kbps, guaranteedUplink: kbps,
                                                              guaranteedDownlink: kbps))
        let rates = try #require(qos.bitRates)
        #expect(rates.maximumUplink == kbps && rates.guaranteedDownlink == kbps)
        #expect(qos.octets.count == (kbps > 256_000 ? 13 : kbps > 8640 ? 9 : 5))
        #expect(try EPSQualityOfService.decode(valueBytes: qos.valueBytes) == qos)
    }

    @Test func apnAMBREncodesLikeOpen5GSAndReadsLikeTShark() {
        let ambr = APNAggregateMaximumBitRate(downlink: 976_000, uplink: 976_000)
        #expect(ambr.valueBytes == ByteBuffer(hex: "fefee2e20303"))
        #expect(APNAggregateMaximumBitRate(downlink: 100_000, uplink: 50_000).downlink == 100_000)
        #expect(APNAggregateMaximumBitRate(downlink: 100_000, uplink: 50_000).uplink == 50_000)
        #expect(APNAggregateMaximumBitRate(downlink: 5000, uplink: 64).octets.count == 2)
    }

    @Test func gprsTimers() {
        #expect(GPRSTimer(rawValue: 0x49).seconds == 54 * 60)
        #expect(GPRSTimer.seconds(30).rawValue == 0x0F)
        #expect(GPRSTimer.deactivated.seconds == nil)
        #expect(GPRSTimer(rawValue: 0x41).seconds == 360)
        // Units 3-6 are read as minutes (TS 24.008 10.5.7.3).
        #expect(GPRSTimer(rawValue: 0x81).seconds == 60)
        #expect(GPRSTimer3(1, unit: .hours).seconds == 3600)
        #expect(GPRSTimer3(rawValue: 0xE0).seconds == nil)
        #expect(GPRSTimer3(3, unit: .threeHundredTwentyHours).seconds == 3 * 320 * 3600)
    }

    @Test func trackingAreaIdentityListsOfAllThreeTypes() throws {
        let plmn = try #require(PLMN(mcc: "901", mnc: "70"))
        let other = try #require(PLMN(mcc: "001", mnc: "001"))
        let captured = try TrackingAreaIdentityList.decode(valueBytes: ByteBuffer(hex: "2009f1070001"))
        #expect(captured.partialLists == [.consecutiveTACs(plmn, first: 1, count: 1)])
        let list = TrackingAreaIdentityList([
            .tacs(plmn, [1, 5, 9]), .consecutiveTACs(plmn, first: 100, count: 3), .tais([TAI(plmn: other, tac: 7)]),
        ])
        let decoded = try TrackingAreaIdentityList.decode(valueBytes: list.valueBytes)
        #expect(decoded.partialLists == list.partialLists)
        #expect(decoded.tais.map(\.tac) == [1, 5, 9, 100, 101, 102, 7])
        #expect(list.valueBytes.hex.hasPrefix("0209f107000100050009"))
        #expect(throws: CodecError.self) { try TrackingAreaIdentityList.decode(valueBytes: ByteBuffer(hex: "6009f1070001")) }
        #expect(throws: CodecError.self) { try TrackingAreaIdentityList.decode(valueBytes: ByteBuffer(hex: "0109f1070001")) }
    }

    @Test func accessPointNames() throws {
        let apn = try #require(AccessPointName("ims.mnc001.mcc001.gprs"))
        #expect(apn.labels == ["ims", "mnc001", "mcc001", "gprs"])
        #expect(apn.valueBytes.hex.hasPrefix("03696d73066d6e63303031"))
        #expect(AccessPointName("a..b") == nil)
        #expect(throws: CodecError.self) { try AccessPointName.decode(valueBytes: ByteBuffer(hex: "0861")) }
    }

    @Test func pdnAddresses() throws {
        let v4 = PDNAddress(ipv4: IPv4Address(10, 45, 0, 2))
        #expect(v4.valueBytes == ByteBuffer(hex: "010a2d0002"))
        #expect(v4.ipv4 == IPv4Address(10, 45, 0, 2) && v4.ipv6InterfaceIdentifier == nil)
        let dual = PDNAddress(ipv6InterfaceIdentifier: 2, ipv4: IPv4Address(10, 45, 0, 2))
        #expect(dual.valueBytes == ByteBuffer(hex: "0300000000000000020a2d0002"))
        #expect(dual.ipv6InterfaceIdentifier == 2 && dual.ipv4 == IPv4Address(10, 45, 0, 2))
        #expect(PDNAddress(ipv6InterfaceIdentifier: 0x1122_3344_5566_7788).ipv6InterfaceIdentifier == 0x1122_3344_5566_7788)
        #expect(throws: CodecError.self) { try PDNAddress.decode(valueBytes: ByteBuffer(hex: "010a2d00")) }
    }

    @Test func epsMobileIdentities() throws {
        let odd = try #require(IMSI("901707364000060"))
        #expect(EPSMobileIdentity.imsi(odd).valueBytes == ByteBuffer(hex: "9910073746000006"))
        let even = try #require(IMSI("00101012345678"))
        let evenIdentity = EPSMobileIdentity.imsi(even)
        #expect(evenIdentity.valueBytes == ByteBuffer(hex: "01101010325476f8"))
        #expect(try EPSMobileIdentity.decode(valueBytes: evenIdentity.valueBytes).imsi == even)
        let guti = GUTI(plmn: try #require(PLMN(mcc: "901", mnc: "70")), mmeGroupID: 2, mmeCode: 1, mTMSI: 0xCC00_AB6B)
        #expect(EPSMobileIdentity.guti(guti).valueBytes == ByteBuffer(hex: "f609f107000201cc00ab6b"))
        #expect(try EPSMobileIdentity.decode(valueBytes: ByteBuffer(hex: "f609f107000201cc00ab6b")).guti == guti)
        let imei = try #require(IMEI("353490069873319"))
        #expect(try EPSMobileIdentity.decode(valueBytes: EPSMobileIdentity.imei(imei).valueBytes).imei == imei)
        // A non-decimal digit, a filler in the middle, a short GUTI, a reserved type.
        for bad in ["99100a3746000006", "99f0073746000006", "f609f10700020100", "04"] {
            #expect(throws: CodecError.self) { try EPSMobileIdentity.decode(valueBytes: ByteBuffer(hex: bad)) }
        }
    }

    @Test func mobileIdentities() throws {
        let imeisv = NASSamples.imeisv
        let identity = MobileIdentity.imei(imeisv)
        #expect(identity.kind == .imeisv)
        #expect(try MobileIdentity.decode(valueBytes: identity.valueBytes).imei == imeisv)
        #expect(MobileIdentity.tmsi(0xC0DE_0001).valueBytes == ByteBuffer(hex: "f4c0de0001"))
        #expect(try MobileIdentity.decode(valueBytes: ByteBuffer(hex: "f4c0de0001")).tmsi == 0xC0DE_0001)
        #expect(try MobileIdentity.decode(valueBytes: ByteBuffer(hex: "f0")).kind == .noIdentity)
        #expect(throws: CodecError.self) { try MobileIdentity.decode(valueBytes: ByteBuffer(hex: "099910073746000006")) }
    }

    @Test func replayedSecurityCapabilityMatchesWhatOpen5GSSent() throws {
        // testattach.pcapng: UE network capability f0f0c04001001000 and MS network capability
        // e5e034 give the replayed UE security capability f0f0c04070 of the SECURITY MODE COMMAND.
        let capability = try UENetworkCapability.decode(valueBytes: ByteBuffer(hex: "f0f0c04001001000"))
        let ms = try MSNetworkCapability.decode(valueBytes: ByteBuffer(hex: "e5e034"))
        #expect(UESecurityCapability(replaying: capability, msNetworkCapability: ms).valueBytes == ByteBuffer(hex: "f0f0c04070"))
        #expect(capability.eea.algorithms == [0, 1, 2, 3])
        #expect(capability.uia?.algorithms == [1])
    }

    @Test func securityParameters() {
        #expect(NASSecurityAlgorithms(rawValue: 0x01).ciphering == .eea0)
        #expect(NASSecurityAlgorithms(rawValue: 0x01).integrity == .eia1)
        #expect(NASSecurityAlgorithms(ciphering: .eea2, integrity: .eia2).rawValue == 0x22)
        #expect(NASKeySetIdentifier(rawValue: 0x7).isNoKeyAvailable)
        #expect(NASKeySetIdentifier(value: 3, mapped: true).rawValue == 0x0B)
        #expect(EPSBearerContextStatus(activeBearers: [5, 6]).rawValue == 0x6000)
        #expect(EPSBearerContextStatus(rawValue: 0x2001).activeBearers == [5, 8])
    }

    @Test func networkNamesAndTime() throws {
        let name = NetworkName("VCore Network")
        #expect(name.codingScheme == 0)
        #expect(try NetworkName.decode(valueBytes: name.valueBytes).text == "VCore Network")
        let wide = NetworkName("Réseau")
        #expect(wide.codingScheme == 1)
        #expect(wide.text == "Réseau")
        // "Test" packed in GSM 7-bit with 4 spare bits: 0x84 then d4 f2 9c 0e.
        #expect(NetworkName("Test").valueBytes == ByteBuffer(hex: "84d4f29c0e"))
        #expect(TimeZoneOffset(rawValue: 0x21).quartersOfHour == 12)
        #expect(TimeZoneOffset(quartersOfHour: -4).rawValue == 0x48)
        let time = TimeZoneAndTime(year: 2026, month: 11, day: 27, hour: 10, minute: 30, second: 5, timeZone: TimeZoneOffset(quartersOfHour: 4))
        #expect(time.valueBytes == ByteBuffer(hex: "62117201035040"))
        #expect([time.year, time.month, time.day, time.hour, time.minute, time.second] == [26, 11, 27, 10, 30, 5])
    }

    @Test func settersPutNewIEsWhereTheTableSaysAndReplaceInPlace() {
        var accept = NASSamples.attachAccept
        accept.optionalIEs = NASOptionalIEs()
        accept.t3402 = .minutes(12)
        accept.guti = .guti(NASSamples.guti)
        accept.additionalUpdateResult = .smsOnly
        accept.emmCause = .csDomainNotAvailable
        #expect(accept.optionalIEs.map(\.iei) == [0x50, 0x53, 0x17, 0xF0])
        accept.t3402 = .minutes(6)
        #expect(accept.optionalIEs.map(\.iei) == [0x50, 0x53, 0x17, 0xF0])
        #expect(accept.t3402 == .minutes(6))
        accept.emmCause = nil
        #expect(accept.optionalIEs.map(\.iei) == [0x50, 0x17, 0xF0])
        #expect(accept.additionalUpdateResult == .smsOnly)
        #expect(accept.optionalIEs[iei: 0xF0]?.value == ByteBuffer(bytes: [0xF2]))
    }
}

/// NAS COUNT bookkeeping (TS 24.301 4.4.3.1), the plain part of NAS security.
struct NASCountTests {
    @Test func countsWrapTheSequenceNumberIntoTheOverflow() {
        var count = NASCount(overflow: 0, sequenceNumber: 0xFF)
        count.increment()
        #expect(count.overflow == 1 && count.sequenceNumber == 0)
        #expect(count.algorithmInput == 0x0000_0100)
        var last = NASCount(value: 0x00FF_FFFF)
        last.increment()
        #expect(last.value == 0)
    }

    @Test func receiversEstimateTheSendersCount() {
        let last = NASCount(overflow: 3, sequenceNumber: 250)
        #expect(last.estimate(receivedSequenceNumber: 251) == NASCount(overflow: 3, sequenceNumber: 251))
        #expect(last.estimate(receivedSequenceNumber: 2) == NASCount(overflow: 4, sequenceNumber: 2))
        // SERVICE REQUEST: five bits only.
        let uplink = NASCount(overflow: 0, sequenceNumber: 0x3E)
        #expect(uplink.estimate(shortSequenceNumber: 0x1F) == NASCount(overflow: 0, sequenceNumber: 0x3F))
        #expect(uplink.estimate(shortSequenceNumber: 0x01) == NASCount(overflow: 0, sequenceNumber: 0x41))
        #expect(NASCount(overflow: 0, sequenceNumber: 0xFE).estimate(shortSequenceNumber: 0x00).value == 0x100)
    }
}
