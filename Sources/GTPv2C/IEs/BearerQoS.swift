import NIOCore
import Wire

/// Allocation and Retention Priority as carried in GTPv2-C (TS 29.274 8.15 octet 5, 8.86).
public struct AllocationRetentionPriority: Hashable, Sendable {
    /// 1 (highest) to 15.
    public var priorityLevel: UInt8
    /// Pre-emption capability: true when this bearer may take resources from lower-priority ones.
    public var mayPreempt: Bool
    /// Pre-emption vulnerability: true when higher-priority bearers may take this bearer's resources.
    public var preemptable: Bool

    public init(priorityLevel: UInt8, mayPreempt: Bool, preemptable: Bool) {
        self.priorityLevel = priorityLevel & 0x0F
        self.mayPreempt = mayPreempt
        self.preemptable = preemptable
    }

    /// The octet `spare | PCI | PL(4) | spare | PVI`, where PCI = 1 means "may not pre-empt" and
    /// PVI = 1 means "not pre-emptable" (the Diameter ENABLED/DISABLED values).
    var octet: UInt8 { (mayPreempt ? 0 : 0x40) | priorityLevel << 2 | (preemptable ? 0 : 0x01) }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> AllocationRetentionPriority {
        let octet = try reader.u8("ARP")
        guard octet & 0x82 == 0 else { throw reader.error(.invalidValue("spare bits set"), "ARP") }
        return AllocationRetentionPriority(priorityLevel: (octet >> 2) & 0x0F, mayPreempt: octet & 0x40 == 0,
                                           preemptable: octet & 0x01 == 0)
    }
}

/// Bearer Level QoS (TS 29.274 8.15): ARP, QCI and the maximum and guaranteed bit rates in kbit/s.
public struct BearerQoS: Hashable, Sendable {
    public var arp: AllocationRetentionPriority
    public var qci: UInt8
    public var maximumBitRateUplink: UInt64
    public var maximumBitRateDownlink: UInt64
    public var guaranteedBitRateUplink: UInt64
    public var guaranteedBitRateDownlink: UInt64

    public init(qci: UInt8, arp: AllocationRetentionPriority, maximumBitRateUplink: UInt64 = 0,
                maximumBitRateDownlink: UInt64 = 0, guaranteedBitRateUplink: UInt64 = 0,
                guaranteedBitRateDownlink: UInt64 = 0) {
        self.qci = qci
        self.arp = arp
        self.maximumBitRateUplink = maximumBitRateUplink
        self.maximumBitRateDownlink = maximumBitRateDownlink
        self.guaranteedBitRateUplink = guaranteedBitRateUplink
        self.guaranteedBitRateDownlink = guaranteedBitRateDownlink
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> BearerQoS {
        let arp = try AllocationRetentionPriority.decode(&reader)
        return BearerQoS(qci: try reader.u8("QCI"), arp: arp,
                         maximumBitRateUplink: try reader.u40("MBR uplink"),
                         maximumBitRateDownlink: try reader.u40("MBR downlink"),
                         guaranteedBitRateUplink: try reader.u40("GBR uplink"),
                         guaranteedBitRateDownlink: try reader.u40("GBR downlink"))
    }

    func encode(into writer: inout WireWriter) {
        writer.writeU8(arp.octet)
        writer.writeU8(qci)
        writer.writeU40(maximumBitRateUplink)
        writer.writeU40(maximumBitRateDownlink)
        writer.writeU40(guaranteedBitRateUplink)
        writer.writeU40(guaranteedBitRateDownlink)
    }
}
