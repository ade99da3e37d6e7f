/// A 128-bit value: a key (K, OPc, CK, IK, KNASint, ...) or any other 128-bit AKA quantity such
/// as RAND. Held as two big-endian words so that it is a plain value on the hot paths (no heap,
/// cheap to compare and XOR); `bytes` and `init(bytes:)` use the octet order of the specs.
public struct Key128: Hashable, Sendable {
    /// Octets 0 to 7, the first octet in the most significant byte.
    public var high: UInt64
    /// Octets 8 to 15.
    public var low: UInt64

    public static let zero = Key128(high: 0, low: 0)

    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Exactly 16 octets, or nil.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Exactly 32 hexadecimal digits (either case; spaces are ignored), or nil.
    public init?(hex: String) {
        guard let bytes = HexCoding.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Lower-case hexadecimal, 32 digits.
    public var hex: String { HexCoding.encode(bytes) }

    /// Lends the 16 octets, in order, without allocating.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var octets = (high.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: &octets) { try body($0) }
    }

    @inlinable
    public static func ^ (lhs: Key128, rhs: Key128) -> Key128 {
        Key128(high: lhs.high ^ rhs.high, low: lhs.low ^ rhs.low)
    }

    /// Rotation to the left by `bits` (0 to 127), as Milenage's rot() (TS 35.206 4.1).
    @inlinable
    func rotatedLeft(by bits: Int) -> Key128 {
        var value = self
        var remaining = bits & 127
        if remaining >= 64 {
            value = Key128(high: value.low, low: value.high)
            remaining -= 64
        }
        guard remaining > 0 else { return value }
        return Key128(high: value.high << remaining | value.low >> (64 - remaining),
                      low: value.low << remaining | value.high >> (64 - remaining))
    }

    /// Reads 16 octets at `offset` of a buffer the caller knows to be long enough.
    @inlinable
    init(loadingFrom buffer: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.init(high: UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                  low: UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
    }

    /// Writes the 16 octets at `offset` of a buffer the caller knows to be long enough.
    @inlinable
    func store(into buffer: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        buffer.storeBytes(of: high.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: low.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
    }
}

/// A 256-bit key: KASME, KeNB, NH, or any output of the TS 33.220 generic KDF.
public struct Key256: Hashable, Sendable {
    /// The first 128 bits (octets 0 to 15).
    public var first128: Key128
    /// The last 128 bits (octets 16 to 31): what TS 33.401 A.7 keeps as a 128-bit algorithm key.
    public var last128: Key128

    public static let zero = Key256(first128: .zero, last128: .zero)

    @inlinable
    public init(first128: Key128, last128: Key128) {
        self.first128 = first128
        self.last128 = last128
    }

    /// Exactly 32 octets, or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32,
              let first = Key128(bytes: bytes.prefix(16)),
              let last = Key128(bytes: bytes.dropFirst(16))
        else { return nil }
        self.init(first128: first, last128: last)
    }

    /// Exactly 64 hexadecimal digits (either case; spaces are ignored), or nil.
    public init?(hex: String) {
        guard let bytes = HexCoding.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    public var bytes: [UInt8] { first128.bytes + last128.bytes }

    /// Lower-case hexadecimal, 64 digits.
    public var hex: String { HexCoding.encode(bytes) }

    /// Lends the 32 octets, in order, without allocating.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var octets = (first128.high.bigEndian, first128.low.bigEndian, last128.high.bigEndian, last128.low.bigEndian)
        return try Swift.withUnsafeBytes(of: &octets) { try body($0) }
    }
}
