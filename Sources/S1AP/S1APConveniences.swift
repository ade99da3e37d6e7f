import APER
import Wire

/// TransportLayerAddress (TS 36.414 5.3, 36.413 9.2.2.1) is a BIT STRING holding an IPv4 address
/// (32 bits), an IPv6 address (128 bits), or both (160 bits, IPv4 first).
extension BitString {
    public init(transportLayerAddress address: IPAddress) {
        switch address {
        case .v4(let v4): self.init(v4.octets)
        case .v6(let v6): self.init(v6.octets)
        }
    }

    /// Both families, for a dual-stack endpoint.
    public init(transportLayerAddress v4: IPv4Address, _ v6: IPv6Address) {
        self.init(v4.octets + v6.octets)
    }

    /// The addresses a TransportLayerAddress holds; empty when its length is none of 32, 128, 160.
    public var transportLayerAddresses: [IPAddress] {
        switch count {
        case 32: [.v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]))]
        case 128: [.v6(IPv6Address(bytes: bytes))]
        case 160: [.v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])), .v6(IPv6Address(bytes: Array(bytes[4...])))]
        default: []
        }
    }
}

extension S1APTAI {
    public init(_ tai: TAI) { self.init(plmnIdentity: PLMNIdentity(tai.plmn), tac: tai.tac) }

    /// Wire's TAI, nil when the PLMN octets are not decimal digits.
    public var tai: TAI? { plmnIdentity.plmn.map { TAI(plmn: $0, tac: tac) } }
}

extension UES1APIDs {
    /// The MME-UE-S1AP-ID, which both alternatives carry.
    public var mmeUES1APID: MMEUES1APID? {
        switch self {
        case .ueS1APIDPair(let pair): pair.mmeUES1APID
        case .mmeUES1APID(let id): id
        case .unknownExtension: nil
        }
    }

    /// The eNB-UE-S1AP-ID, when the pair is given.
    public var enbUES1APID: ENBUES1APID? {
        if case .ueS1APIDPair(let pair) = self { return pair.enbUES1APID }
        return nil
    }
}
