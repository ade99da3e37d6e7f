import NIOCore
import Wire

/// User Location Information (TS 29.274 8.21): a flags octet, then each identity whose flag is
/// set, in the fixed order CGI, SAI, RAI, TAI, ECGI, LAI, Macro eNB ID, Extended Macro eNB ID.
///
/// Kept in wire form (validated when decoded): the MME fills it and the SGW and PGW mostly pass
/// it on, so the identities are read on demand.
public struct UserLocationInformation: Hashable, Sendable {
    /// PLMN + two 16-bit fields: CGI (LAC, CI), SAI (LAC, SAC) and RAI (LAC, RAC).
    public struct LocationArea2: Hashable, Sendable {
        public var plmn: PLMN
        public var lac: UInt16
        public var code: UInt16
        public init(plmn: PLMN, lac: UInt16, code: UInt16) {
            self.plmn = plmn
            self.lac = lac
            self.code = code
        }
    }

    public struct LocationArea: Hashable, Sendable {
        public var plmn: PLMN
        public var lac: UInt16
        public init(plmn: PLMN, lac: UInt16) {
            self.plmn = plmn
            self.lac = lac
        }
    }

    /// PLMN + the 24-bit field holding a (possibly extended) macro eNB ID and its spare bits.
    public struct MacroENodeB: Hashable, Sendable {
        public var plmn: PLMN
        public var field: UInt32
        public init(plmn: PLMN, field: UInt32) {
            self.plmn = plmn
            self.field = field & 0xFF_FFFF
        }
    }

    /// The flags octet and the identities, as on the wire.
    public let bytes: ByteBuffer

    /// Field sizes in flag-bit order.
    private static let sizes = [7, 7, 7, 5, 7, 5, 6, 6]

    public init(cgi: LocationArea2? = nil, sai: LocationArea2? = nil, rai: LocationArea2? = nil, tai: TAI? = nil,
                ecgi: ECGI? = nil, lai: LocationArea? = nil, macroENodeB: MacroENodeB? = nil,
                extendedMacroENodeB: MacroENodeB? = nil) {
        var flags: UInt8 = 0
        for (bit, present) in [cgi != nil, sai != nil, rai != nil, tai != nil, ecgi != nil, lai != nil,
                               macroENodeB != nil, extendedMacroENodeB != nil].enumerated() where present {
            flags |= 1 << UInt8(bit)
        }
        var buffer = ByteBuffer()
        buffer.writeWire { w in
            w.writeU8(flags)
            for area in [cgi, sai, rai].compactMap({ $0 }) {
                area.plmn.encode(into: &w)
                w.writeU16(area.lac)
                w.writeU16(area.code)
            }
            tai?.encode(into: &w)
            ecgi?.encode(into: &w)
            if let lai {
                lai.plmn.encode(into: &w)
                w.writeU16(lai.lac)
            }
            for macro in [macroENodeB, extendedMacroENodeB].compactMap({ $0 }) {
                macro.plmn.encode(into: &w)
                w.writeU24(macro.field)
            }
        }
        bytes = buffer
    }

    private init(validated bytes: ByteBuffer) { self.bytes = bytes }

    private var flags: UInt8 { bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) ?? 0 }

    /// A reader at the field for flag bit `bit`, nil when that flag is clear.
    private func field(_ bit: Int) -> WireReader? {
        guard flags & (1 << UInt8(bit)) != 0 else { return nil }
        var offset = 1
        for earlier in 0..<bit where flags & (1 << UInt8(earlier)) != 0 { offset += Self.sizes[earlier] }
        guard let slice = bytes.getSlice(at: bytes.readerIndex + offset, length: Self.sizes[bit]) else { return nil }
        return WireReader(slice)
    }

    private func area2(_ bit: Int) -> LocationArea2? {
        guard var r = field(bit) else { return nil }
        return try? LocationArea2(plmn: PLMN.decode(&r), lac: r.u16("LAC"), code: r.u16("code"))
    }

    public var cgi: LocationArea2? { area2(0) }
    public var sai: LocationArea2? { area2(1) }
    public var rai: LocationArea2? { area2(2) }
    public var tai: TAI? {
        guard var r = field(3) else { return nil }
        return try? TAI.decode(&r)
    }
    public var ecgi: ECGI? {
        guard var r = field(4) else { return nil }
        return try? ECGI.decode(&r)
    }
    public var lai: LocationArea? {
        guard var r = field(5) else { return nil }
        return try? LocationArea(plmn: PLMN.decode(&r), lac: r.u16("LAC"))
    }
    public var macroENodeB: MacroENodeB? { macro(6) }
    public var extendedMacroENodeB: MacroENodeB? { macro(7) }

    private func macro(_ bit: Int) -> MacroENodeB? {
        guard var r = field(bit) else { return nil }
        return try? MacroENodeB(plmn: PLMN.decode(&r), field: r.u24("macro eNB ID"))
    }

    /// Takes the IE value that fills `reader`: the flags must announce exactly its length and every
    /// PLMN must be valid.
    static func decode(_ reader: inout WireReader) throws(CodecError) -> UserLocationInformation {
        var walk = reader
        try validate(&walk)
        return UserLocationInformation(validated: reader.rest())
    }

    /// Consumes the IE value, checking that the flags announce exactly its length and that every
    /// PLMN is valid.
    static func validate(_ reader: inout WireReader) throws(CodecError) {
        let flags = try reader.u8("ULI flags")
        for bit in 0..<8 where flags & (1 << UInt8(bit)) != 0 {
            try reader.bounded(sizes[bit], "ULI identity") { field throws(CodecError) in _ = try PLMN.decode(&field) }
        }
        try reader.expectEnd("ULI")
    }

    func encode(into writer: inout WireWriter) { writer.writeBuffer(bytes) }
}
