import APER
import Wire

/// One built message of every modelled message type, with the values a small network would
/// use: for round trips, the tshark and pycrate checks, the fuzzers' seeds and the benchmarks.
///
/// The network: PLMN 001/01, TAC 1, one eNB (macro eNB ID 0x19B01, cell 0x19B0101, S1-U
/// 10.0.0.2), an MME (group 0x8001, code 1, S1-U of the SGW 10.0.1.2), a UE with IMSI
/// 001010123456789 holding eNB-UE-S1AP-ID 100 and MME-UE-S1AP-ID 1.
public enum S1APSamples {
    public struct Sample: Sendable {
        /// The message type's ASN.1 name.
        public let name: String
        public let message: S1APMessage

        init(_ view: some S1APMessageView) {
            name = type(of: view).spec.name
            message = view.message
        }
    }

    /// Every sample, in the order of the procedures in TS 36.413 section 8.
    public static let all: [Sample] = management + nasTransport + ueContext + erab + mobility

    public static func sample(_ name: String) -> S1APMessage? { all.first { $0.name == name }?.message }

    // MARK: shared values

    public static let plmn = PLMNIdentity(mcc: "001", mnc: "01")!
    public static let tai = S1APTAI(plmnIdentity: plmn, tac: 1)
    public static let cell = EUTRANCGI(plmnIdentity: plmn, cellID: 0x19B_0101)
    public static let globalENBID = GlobalENBID(plmnIdentity: plmn, enbID: .macroENBID(0x19B01))
    public static let targetENBID = GlobalENBID(plmnIdentity: plmn, enbID: .macroENBID(0x19B02))
    public static let gummei = GUMMEI(plmnIdentity: plmn, mmeGroupID: 0x8001, mmeCode: 1)
    public static let mmeUES1APID: MMEUES1APID = 1
    public static let enbUES1APID: ENBUES1APID = 100
    public static let enbAddress = BitString(transportLayerAddress: .v4(IPv4Address(10, 0, 0, 2)))
    public static let targetENBAddress = BitString(transportLayerAddress: .v4(IPv4Address(10, 0, 0, 3)))
    public static let sgwAddress = BitString(transportLayerAddress: .v4(IPv4Address(10, 0, 1, 2)))
    public static let securityKey: [UInt8] = (0..<32).map { UInt8($0 &* 7 &+ 0x11) }
    /// EEA1, EEA2 and EIA1, EIA2 (TS 36.413 9.2.1.40: first bit 128-EEA1).
    public static let securityCapabilities = UESecurityCapabilities(
        encryptionAlgorithms: BitString(value: 0xC000, count: 16),
        integrityProtectionAlgorithms: BitString(value: 0xC000, count: 16))
    public static let ambr = UEAggregateMaximumBitrate(ueAggregateMaximumBitRateDL: 1_000_000_000,
                                                       ueAggregateMaximumBitRateUL: 500_000_000)
    /// QCI 9 default bearer, ARP 9 (the usual internet APN).
    public static let defaultBearerQoS = ERABLevelQoSParameters(
        qci: 9, allocationRetentionPriority: AllocationAndRetentionPriority(
            priorityLevel: 9, preEmptionCapability: .shallNotTriggerPreEmption, preEmptionVulnerability: .preEmptable))
    /// QCI 1 voice bearer, 128 kbit/s guaranteed.
    public static let voiceBearerQoS = ERABLevelQoSParameters(
        qci: 1, allocationRetentionPriority: AllocationAndRetentionPriority(
            priorityLevel: 2, preEmptionCapability: .mayTriggerPreEmption, preEmptionVulnerability: .notPreEmptable),
        gbrQosInformation: GBRQosInformation(erabMaximumBitrateDL: 128_000, erabMaximumBitrateUL: 128_000,
                                             erabGuaranteedBitrateDL: 128_000, erabGuaranteedBitrateUL: 128_000))

    /// Attach Request with a PDN Connectivity Request (TS 24.301 8.2.4), plain NAS: IMSI
    /// 001010123456789, EEA0-2/EIA0-2, initial request for an IPv4 PDN.
    public static let attachRequest: [UInt8] = [
        0x07, 0x41, 0x71, 0x08, 0x09, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98,
        0x02, 0xE0, 0xE0, 0x00, 0x04, 0x02, 0x01, 0xD0, 0x11,
    ]
    /// Authentication Request (TS 24.301 8.2.7): KSI 0, RAND, AUTN.
    public static let authenticationRequest: [UInt8] = [0x07, 0x52, 0x00]
        + (0..<16).map { UInt8($0 &* 17) } + [0x10] + (0..<16).map { UInt8(0xA0 &+ $0) }
    /// Authentication Response (TS 24.301 8.2.8): an 8-octet RES.
    public static let authenticationResponse: [UInt8] = [0x07, 0x53, 0x08, 0x2D, 0x45, 0x87, 0x6E, 0x18, 0x33, 0x90, 0xA1]
    /// A NAS message integrity protected and ciphered (security header type 2), as every NAS
    /// message is once security is on: MAC, sequence number, ciphered body.
    public static func protectedNAS(sequence: UInt8, length: Int) -> [UInt8] {
        [0x27, 0x5A, 0x1C, 0x33, 0x9E, sequence] + (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ Int(sequence)) }
    }

    /// UERadioAccessCapabilityInformation (TS 36.331) for a category 4 UE on bands 3, 7 and 20,
    /// encoded by scripts/s1ap/rrc_containers.py.
    public static let ueRadioCapability: [UInt8] = [
        0x00, 0x78, 0x01, 0x00, 0xC0, 0x18, 0x00, 0x02, 0x08, 0x31, 0x30, 0x40, 0xB8, 0x2E, 0x0B, 0x80, 0x00,
    ]
    /// HandoverPreparationInformation (TS 36.331) with the same UE capabilities.
    public static let handoverPreparationInformation: [UInt8] = [
        0x00, 0x10, 0x0C, 0x01, 0x80, 0x00, 0x20, 0x83, 0x13, 0x04, 0x0B, 0x82, 0xE0, 0xB8, 0x00,
    ]
    /// HandoverCommand (TS 36.331) carrying an RRCConnectionReconfiguration.
    public static let rrcHandoverCommand: [UInt8] = [0x00, 0x19, 0x10, 0x00, 0x00]

    /// What the source eNB hands the target through the MME (TS 36.413 9.2.1.56).
    public static let sourceToTargetContainer = SourceeNBToTargeteNBTransparentContainer.encoded(
        SourceeNBToTargeteNBTransparentContainer(
            rrcContainer: handoverPreparationInformation, targetCellID: EUTRANCGI(plmnIdentity: plmn, cellID: 0x19B_0201),
            ueHistoryInformation: [.eutranCell(LastVisitedEUTRANCellInformation(
                globalCellID: cell, cellType: CellType(cellSize: .small), timeUEStayedInCell: 120))]))
    /// What the target eNB answers (TS 36.413 9.2.1.57).
    public static let targetToSourceContainer = TargeteNBToSourceeNBTransparentContainer.encoded(
        TargeteNBToSourceeNBTransparentContainer(rrcContainer: rrcHandoverCommand))
}
