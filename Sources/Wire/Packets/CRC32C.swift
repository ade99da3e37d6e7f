import NIOCore

/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41), the checksum of SCTP packets (RFC 9260 appendix A,
/// RFC 3309) and iSCSI (RFC 3720 appendix B.4).
///
/// Reflected, table-driven, one byte per step: initial value and final XOR 0xFFFFFFFF. Fast enough
/// for building and checking test traffic; a hardware-assisted version can replace it if a data
/// path ever needs one.
public struct CRC32C: Sendable {
    /// The reflected polynomial 0x1EDC6F41.
    static let reversedPolynomial: UInt32 = 0x82F6_3B78

    static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ reversedPolynomial : crc >> 1
        }
        return crc
    }

    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        state = crc
    }

    public mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { update($0) }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The CRC of everything added so far.
    public var value: UInt32 { ~state }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        var crc = CRC32C()
        crc.update(buffer)
        return crc.value
    }
}
