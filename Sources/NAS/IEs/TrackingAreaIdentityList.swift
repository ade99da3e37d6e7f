import NIOCore
import Wire

/// Tracking area identity list (TS 24.301 9.9.3.33): one or more partial lists, each of one of
/// three types. Kept as received; `partialLists` reads it.
public struct TrackingAreaIdentityList: Hashable, Sendable, NASValue {
    public enum PartialList: Hashable, Sendable {
        /// Type 00: non-consecutive TACs in one PLMN.
        case tacs(PLMN, [UInt16])
        /// Type 01: `count` consecutive TACs from `first` in one PLMN.
        case consecutiveTACs(PLMN, first: UInt16, count: Int)
        /// Type 10: TAIs, each with its own PLMN.
        case tais([TAI])

        var elementCount: Int {
            switch self {
            case .tacs(_, let tacs): tacs.count
            case .consecutiveTACs(_, _, let count): count
            case .tais(let tais): tais.count
            }
        }

        /// Every TAI the partial list stands for.
        public var tais: [TAI] {
            switch self {
            case .tacs(let plmn, let tacs): return tacs.map { TAI(plmn: plmn, tac: $0) }
            case .consecutiveTACs(let plmn, let first, let count):
                return (0..<count).map { TAI(plmn: plmn, tac: first &+ UInt16(truncatingIfNeeded: $0)) }
            case .tais(let tais): return tais
            }
        }
    }

    public let bytes: ByteBuffer

    /// A list from partial lists of 1 to 16 elements each.
    public init(_ partialLists: [PartialList]) {
        var bytes = ByteBuffer()
        for list in partialLists {
            let count = UInt8(truncatingIfNeeded: max(list.elementCount, 1) - 1) & 0x1F
            switch list {
            case .tacs(let plmn, let tacs):
                bytes.writeU8(0x00 | count)
                bytes.writeU24(plmn.octets)
                for tac in tacs { bytes.writeU16(tac) }
            case .consecutiveTACs(let plmn, let first, _):
                bytes.writeU8(0x20 | count)
                bytes.writeU24(plmn.octets)
                bytes.writeU16(first)
            case .tais(let tais):
                bytes.writeU8(0x40 | count)
                for tai in tais {
                    bytes.writeU24(tai.plmn.octets)
                    bytes.writeU16(tai.tac)
                }
            }
        }
        self.bytes = bytes
    }

    /// One partial list of TACs in `plmn`.
    public init(plmn: PLMN, tacs: [UInt16]) { self.init([.tacs(plmn, tacs)]) }

    private init(bytes: ByteBuffer) { self.bytes = bytes }

    public var partialLists: [PartialList] {
        var reader = WireReader(bytes)
        var lists = [PartialList]()
        while !reader.isAtEnd, let list = try? Self.readPartialList(&reader) { lists.append(list) }
        return lists
    }

    /// Every TAI in the list, in order.
    public var tais: [TAI] { partialLists.flatMap(\.tais) }

    private static func readPartialList(_ reader: inout WireReader) throws(CodecError) -> PartialList {
        let header = try reader.u8("TAI partial list")
        let count = Int(header & 0x1F) + 1
        switch (header >> 5) & 0x03 {
        case 0:
            let plmn = try PLMN.decode(&reader)
            var tacs = [UInt16]()
            for _ in 0..<count { tacs.append(try reader.u16("TAC")) }
            return .tacs(plmn, tacs)
        case 1:
            return .consecutiveTACs(try PLMN.decode(&reader), first: try reader.u16("TAC"), count: count)
        case 2:
            var tais = [TAI]()
            for _ in 0..<count { tais.append(try TAI.decode(&reader)) }
            return .tais(tais)
        default:
            throw reader.error(.invalidValue("type of list 3"), "TAI list")
        }
    }

    /// Checks that the partial lists tile the value exactly.
    public static func decode(nasValue reader: inout WireReader) throws(CodecError) -> TrackingAreaIdentityList {
        let bytes = reader.unread
        guard !reader.isAtEnd else { throw reader.error(.invalidLength(0), "TAI list") }
        while !reader.isAtEnd { _ = try readPartialList(&reader) }
        return TrackingAreaIdentityList(bytes: bytes)
    }

    public func encode(nasValue writer: inout WireWriter) { writer.writeBuffer(bytes) }
}
