import GTPv2C
@testable import MMEKit
import NAS
import S1AP
import Testing
import Wire

/// The conversions between the protocols' encodings of the same values.
@Suite struct BuildTests {
    @Test func gbrRatesFromTheSGWAreKeptWithinS1APsRange() {
        let arp = AllocationRetentionPriority(priorityLevel: 2, mayPreempt: true, preemptable: false)
        let voice = S1APBuild.qos(BearerQoS(qci: 1, arp: arp, maximumBitRateUplink: 64, maximumBitRateDownlink: 1 << 39,
                                            guaranteedBitRateUplink: 64, guaranteedBitRateDownlink: 64))
        #expect(voice.gbrQosInformation?.erabMaximumBitrateDL == 10_000_000_000)
        #expect(voice.gbrQosInformation?.erabMaximumBitrateUL == 64_000)
        #expect(voice.allocationRetentionPriority.preEmptionCapability == .mayTriggerPreEmption)
        #expect(voice.allocationRetentionPriority.preEmptionVulnerability == .notPreEmptable)
        #expect(S1APBuild.qos(BearerQoS(qci: 9, arp: arp)).gbrQosInformation == nil, "non-GBR QCI")
    }

    @Test func s1apSecurityCapabilitiesStartAtAlgorithmOne() {
        let capability = UENetworkCapability(eea: AlgorithmSupport([0, 2, 3]), eia: AlgorithmSupport([0, 1]))
        let s1ap = S1APBuild.securityCapabilities(capability)
        #expect(s1ap.encryptionAlgorithms.value == 0x6000, "EEA2 and EEA3; EEA0 has no bit")
        #expect(s1ap.integrityProtectionAlgorithms.value == 0x8000, "EIA1")
        #expect(s1ap.encryptionAlgorithms.count == 16)
    }

    @Test(arguments: [(3240, GPRSTimer(9, unit: .decihours)), (600, GPRSTimer(10, unit: .minutes)), (40, GPRSTimer(20, unit: .twoSeconds)),
                      (0, GPRSTimer.deactivated), (59, GPRSTimer(30, unit: .twoSeconds)), (1_000_000, GPRSTimer(31, unit: .decihours))])
    func periodicTimersTakeTheCoarsestExactUnit(seconds: Int, timer: GPRSTimer) {
        #expect(GPRSTimer(seconds: seconds) == timer)
        #expect((timer.seconds ?? 0) >= min(seconds, 31 * 360))
    }

    @Test func taiListsHoldSixteenTAIsPerPLMN() {
        let first = PLMN(mcc: "001", mnc: "01")!
        let second = PLMN(mcc: "001", mnc: "02")!
        let tais = (1...20).map { TAI(plmn: first, tac: UInt16($0)) } + [TAI(plmn: second, tac: 7)]
        #expect(TrackingAreaIdentityList(tais).tais == Array(tais.prefix(16)))
        let mixed = [TAI(plmn: second, tac: 7), TAI(plmn: first, tac: 1), TAI(plmn: second, tac: 8)]
        #expect(Set(TrackingAreaIdentityList(mixed).tais) == Set(mixed))
    }

    @Test(arguments: [
        (NASPDNType.ipv4v6, APNConfiguration.PDNType.ipv4, GTPPDNType.ipv4, ESMCause?.some(.pdnTypeIPv4OnlyAllowed)),
        (.ipv4v6, .ipv4OrIPv6, .ipv4, .some(.singleAddressBearersOnlyAllowed)),
        (.ipv6, .ipv4v6, .ipv6, nil),
        (.ipv4, .ipv4v6, .ipv4, nil),
    ])
    func pdnTypesFollowTheSubscription(requested: NASPDNType, subscribed: APNConfiguration.PDNType, type: GTPPDNType, cause: ESMCause?) {
        let chosen = MME.pdnType(requested: requested, subscribed: subscribed)
        #expect(chosen?.0 == type)
        #expect(chosen?.1 == cause)
        #expect(MME.pdnType(requested: .ipv6, subscribed: .ipv4) == nil)
    }
}
