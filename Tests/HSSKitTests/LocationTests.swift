import Diameter
import DiameterPeer
import Testing
import Wire
@testable import HSSKit

/// ULR, CLR, PUR and NOR in process.
struct LocationTests {
    @Test func updateLocationAnswersWithTheSubscriptionAndRegistersTheMME() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        let ula = await hss.answer(TestHSS.ulr())
        #expect(ula.resultCode == 2001)
        #expect(ula[.ulaFlags]?.value.unsigned32 == 1)
        #expect(ula[.authSessionState]?.value.unsigned32 == 1)
        let data = try #require(ula[.subscriptionData])
        var reader = WireReader(try #require(data[.msisdn]?.value.octets))
        #expect(try MSISDN.decode(&reader, length: reader.remaining).digits == "33600000001")
        #expect(data[.networkAccessMode]?.value.unsigned32 == 2)
        #expect(data[.ambr]?[.maxRequestedBandwidthUL]?.value.unsigned32 == 1_000_000_000)
        // E-UTRAN only: UTRAN, GERAN, NB-IoT and NR barred in Access-Restriction-Data.
        #expect(data[.accessRestrictionData]?.value.unsigned32 == UInt32(1 | 2 | 64 | 256))
        let profile = try #require(data[.apnConfigurationProfile])
        #expect(profile[.contextIdentifier]?.value.unsigned32 == 1)
        let apns = profile.all(.apnConfiguration)
        #expect(apns.compactMap { $0[.serviceSelection]?.value.text } == ["internet", "ims"])
        let ims = apns[1]
        #expect(ims[.contextIdentifier]?.value.unsigned32 == 2)
        #expect(ims[.pdnType]?.value.unsigned32 == 2)
        let qos = try #require(ims[.epsSubscribedQoSProfile])
        #expect(qos[.qosClassIdentifier]?.value.unsigned32 == 5)
        #expect(qos[.allocationRetentionPriority]?[.priorityLevel]?.value.unsigned32 == 1)
        #expect(qos[.allocationRetentionPriority]?[.preEmptionCapability]?.value.unsigned32 == 1)
        #expect(apns[0][.epsSubscribedQoSProfile]?[.qosClassIdentifier]?.value.unsigned32 == 9)
        #expect(apns[0][.epsSubscribedQoSProfile]?[.allocationRetentionPriority]?[.preEmptionVulnerability]?.value.unsigned32 == 0)

        let registration = try #require(try await hss.store.registration(imsi: "001010000000001"))
        #expect(registration.mmeHost == "mme1.epc.test" && registration.mmeRealm == "epc.test")
        #expect(hss.sent.sent.isEmpty)
    }

    @Test func aNewMMECancelsTheLocationAtThePreviousOne() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        #expect(await hss.answer(TestHSS.ulr()).resultCode == 2001)
        // The same MME again: no CLR.
        #expect(await hss.answer(TestHSS.ulr()).resultCode == 2001)
        #expect(await hss.answer(TestHSS.ulr(from: TestHSS.mme2), from: TestHSS.mme2).resultCode == 2001)
        let clr = try #require(await hss.sent.waitFor(1).first)
        #expect(clr.commandCode == DiameterCommand.cancelLocation.code && clr.isRequest)
        #expect(clr[.destinationHost]?.value.text == "mme1.epc.test")
        #expect(clr[.userName]?.value.text == "001010000000001")
        #expect(clr[.cancellationType]?.value.unsigned32 == 0)
        #expect(clr.firstMissingRequiredAVP == nil)
        #expect(try await hss.store.registration(imsi: "001010000000001")?.mmeHost == "mme2.epc.test")

        // An initial attach back at MME 1 cancels at MME 2 with INITIAL_ATTACH_PROCEDURE.
        _ = await hss.answer(TestHSS.ulr(flags: [.s6aS6dIndicator, .initialAttachIndicator]))
        let second = await hss.sent.waitFor(2)
        #expect(second.count == 2)
        #expect(second.last?[.destinationHost]?.value.text == "mme2.epc.test")
        #expect(second.last?[.cancellationType]?.value.unsigned32 == 4)
    }

    @Test func updateLocationFailures() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        try await hss.store.create(TestHSS.subscriber("001010000000002", apns: []))
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.ulr("001010000000009"))) == 5001)
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.ulr("001010000000002"))) == 5420)
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.ulr(rat: 1000))) == 5421)      // UTRAN
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.ulr(plmn: TestHSS.visited))) == 5004)
        // None of the refusals registered anything.
        #expect(try await hss.store.registration(imsi: "001010000000001")?.mmeHost == nil)
        let noData = await hss.answer(TestHSS.ulr(flags: [.s6aS6dIndicator, .skipSubscriberData]))
        #expect(noData.resultCode == 2001 && noData[.subscriptionData] == nil)
    }

    @Test func customAPNProfileAndRoamingSubscriber() async throws {
        let hss = try TestHSS()
        let apn = APNConfiguration(name: "corp.example", contextIdentifier: 7, pdnType: .ipv4, qci: 8,
                                   arp: AllocationRetentionPriority(priorityLevel: 3, preemptionCapability: true, preemptionVulnerability: false),
                                   ambr: BitRates(uplink: 1000, downlink: 2000), isDefault: true)
        try await hss.store.create(TestHSS.subscriber(apns: [apn], rats: [.eutran, .utran], roaming: true))
        let ula = await hss.answer(TestHSS.ulr(rat: 1000, plmn: TestHSS.visited))
        #expect(ula.resultCode == 2001)
        let data = try #require(ula[.subscriptionData])
        #expect(data[.accessRestrictionData]?.value.unsigned32 == UInt32(2 | 64 | 256))
        let configuration = try #require(data[.apnConfigurationProfile]?.all(.apnConfiguration).first)
        #expect(data[.apnConfigurationProfile]?[.contextIdentifier]?.value.unsigned32 == 7)
        #expect(configuration[.pdnType]?.value.unsigned32 == 0)
        #expect(configuration[.ambr]?[.maxRequestedBandwidthDL]?.value.unsigned32 == 2000)
        #expect(configuration[.epsSubscribedQoSProfile]?[.allocationRetentionPriority]?[.preEmptionCapability]?.value.unsigned32 == 0)
    }

    @Test func purgeFromTheRegisteredMMEFreezesTheMTMSI() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        _ = await hss.answer(TestHSS.ulr())
        let other = await hss.answer(TestHSS.request(.purgeUE, from: TestHSS.mme2, [AVP(.userName, "001010000000001")]), from: TestHSS.mme2)
        #expect(other.resultCode == 2001 && other[.puaFlags]?.value.unsigned32 == 0)
        #expect(try await hss.store.registration(imsi: "001010000000001")?.purged == false)
        let pua = await hss.answer(TestHSS.request(.purgeUE, from: TestHSS.mme1, [AVP(.userName, "001010000000001")]))
        #expect(pua.resultCode == 2001 && pua[.puaFlags]?.value.unsigned32 == 1)
        #expect(try await hss.store.registration(imsi: "001010000000001")?.purged == true)
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.request(.purgeUE, from: TestHSS.mme1,
                                                                             [AVP(.userName, "001010000000009")]))) == 5001)
        // A new ULR clears the purge.
        _ = await hss.answer(TestHSS.ulr())
        #expect(try await hss.store.registration(imsi: "001010000000001")?.purged == false)
    }

    @Test func notifyRecordsIMEIAndGatewayFromTheServingMMEOnly() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        _ = await hss.answer(TestHSS.ulr())
        let avps = [AVP(.userName, "001010000000001"),
                    AVP(.terminalInformation, [AVP(.imei, "35693600123456"), AVP(.softwareVersion, "01")]),
                    AVP(.mip6AgentInfo, [AVP(.mipHomeAgentHost, [AVP(.destinationRealm, "epc.test"),
                                                                 AVP(.destinationHost, "pgw1.epc.test")])]),
                    AVP(.serviceSelection, "ims"), AVP(.norFlags, unsigned32: 0)]
        let fromOther = await hss.answer(TestHSS.request(.notify, from: TestHSS.mme2, avps), from: TestHSS.mme2)
        #expect(ExperimentalResultCode.of(fromOther) == 5423)
        let noa = await hss.answer(TestHSS.request(.notify, from: TestHSS.mme1, avps))
        #expect(noa.resultCode == 2001)
        #expect(try await hss.store.registration(imsi: "001010000000001")?.imei == "35693600123456")
        #expect(try await hss.store.gateways(imsi: "001010000000001") == ["ims": "pgw1.epc.test"])
        #expect(ExperimentalResultCode.of(await hss.answer(TestHSS.request(.notify, from: TestHSS.mme1,
                                                                             [AVP(.userName, "001010000000009")]))) == 5001)
    }

    @Test func otherS6aCommandsAreUnsupported() async throws {
        let hss = try TestHSS()
        let idr = TestHSS.request(.insertSubscriberData, from: TestHSS.mme1, [AVP(.userName, "001010000000001")])
        let answer = await hss.answer(idr)
        #expect(answer.resultCode == 3001 && answer.header.flags.contains(.error))
    }

    @Test func imsIdentitiesFindTheirSubscriber() async throws {
        let hss = try TestHSS()
        try await hss.store.create(TestHSS.subscriber())
        #expect(try await hss.store.imsi(forIMSIdentity: "001010000000001@ims.mnc001.mcc001.3gppnetwork.org") == "001010000000001")
        #expect(try await hss.store.imsi(forIMSIdentity: "tel:+33600000001") == "001010000000001")
        #expect(try await hss.store.imsi(forIMSIdentity: "sip:nobody@example") == nil)
    }
}
