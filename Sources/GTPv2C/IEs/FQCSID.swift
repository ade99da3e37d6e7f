import NIOCore
import Wire

/// Fully Qualified PDN Connection Set Identifier (TS 29.274 8.62): a node identity and the CSIDs
/// it assigned, used to clean up all PDN connections of a failed node at once.
public struct FQCSID: Hashable, Sendable {
    public enum NodeID: Hashable, Sendable {
        case ipv4(IPv4Address)
        case ipv6(IPv6Address)
        /// Type 2: MCC * 1000 + MNC in 20 bits and a 12-bit identifier, as one 32-bit field.
        case plmnBased(UInt32)
    }

    public var nodeID: NodeID
    public var csids: [UInt16]

    public init(nodeID: NodeID, csids: [UInt16]) {
        self.nodeID = nodeID
        self.csids = csids
    }

    static func decode(_ reader: inout WireReader) throws(CodecError) -> FQCSID {
        let first = try reader.u8("FQ-CSID node-ID type")
        let nodeID: NodeID
        switch first >> 4 {
        case 0: nodeID = .ipv4(try IPv4Address.decode(&reader))
        case 1: nodeID = .ipv6(try IPv6Address.decode(&reader))
        case 2: nodeID = .plmnBased(try reader.u32("FQ-CSID node-ID"))
        default: throw reader.error(.invalidValue("node-ID type \(first >> 4)"), "FQ-CSID")
        }
        var csids = [UInt16]()
        for _ in 0..<(first & 0x0F) { csids.append(try reader.u16("CSID")) }
        return FQCSID(nodeID: nodeID, csids: csids)
    }

    func encode(into writer: inout WireWriter) {
        let count = UInt8(truncatingIfNeeded: min(csids.count, 15))
        switch nodeID {
        case .ipv4(let address):
            writer.writeU8(count)
            address.encode(into: &writer)
        case .ipv6(let address):
            writer.writeU8(0x10 | count)
            address.encode(into: &writer)
        case .plmnBased(let value):
            writer.writeU8(0x20 | count)
            writer.writeU32(value)
        }
        for csid in csids.prefix(15) { writer.writeU16(csid) }
    }
}
