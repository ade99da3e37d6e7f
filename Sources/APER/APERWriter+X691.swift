/// The X.691 (aligned variant) encodings, mirroring APERReader+X691.swift and
/// APERReader+Strings.swift.
extension APERWriter {
    @inlinable @inline(__always)
    static func bitLength(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }

    /// Octets needed for `value` as a non-negative binary integer (at least one).
    @inlinable
    static func octetLength(_ value: UInt64) -> Int { Swift.max(1, (bitLength(value) + 7) / 8) }

    /// A constrained whole number given as its offset from the lower bound.
    @inlinable
    public mutating func writeConstrainedWholeNumber(_ offset: UInt64, rangeMinusOne range: UInt64) {
        let value = Swift.min(offset, range)
        if range == 0 {
            return
        } else if range < 255 {
            writeBits(value, count: Self.bitLength(range))
        } else if range == 255 {
            align()
            writeBits(value, count: 8)
        } else if range < 65536 {
            align()
            writeBits(value, count: 16)
        } else {
            let maximumOctets = (Self.bitLength(range) + 7) / 8
            let octets = Self.octetLength(value)
            writeBits(UInt64(octets - 1), count: Self.bitLength(UInt64(maximumOctets - 1)))
            align()
            writeBits(value, count: octets * 8)
        }
    }

    /// An INTEGER with both bounds. With an extension marker, a value outside the root is written
    /// after a set bit as an unconstrained number; without one it is clamped to the range.
    @inlinable
    public mutating func writeInteger<T: FixedWidthInteger>(_ value: T, _ lowerBound: T, _ upperBound: T,
                                                           extensible: Bool = false) {
        let inRoot = value >= lowerBound && value <= upperBound
        if extensible {
            writeBit(!inRoot)
            if !inRoot, let wide = Int64(exactly: value) {
                writeUnconstrainedInteger(wide)
                return
            }
        }
        let clamped = Swift.min(Swift.max(value, lowerBound), upperBound)
        writeConstrainedWholeNumber(UInt64(truncatingIfNeeded: clamped &- lowerBound),
                                    rangeMinusOne: UInt64(truncatingIfNeeded: upperBound &- lowerBound))
    }

    /// A semi-constrained whole number given as its offset from the lower bound.
    @inlinable
    public mutating func writeSemiConstrainedWholeNumber(_ offset: UInt64) {
        let octets = Self.octetLength(offset)
        writeLength(octets)
        writeBits(offset, count: octets * 8)
    }

    /// An unconstrained whole number in the fewest two's complement octets.
    @inlinable
    public mutating func writeUnconstrainedInteger(_ value: Int64) {
        var octets = 1
        while octets < 8 {
            let shift = Int64(octets * 8 - 1)
            let high = value >> shift
            if high == 0 || high == -1 { break }
            octets += 1
        }
        writeLength(octets)
        writeBits(UInt64(bitPattern: value), count: octets * 8)
    }

    /// A normally small non-negative whole number.
    @inlinable
    public mutating func writeNormallySmallNumber(_ value: Int) {
        if value < 64 {
            writeBit(false)
            writeBits(UInt64(Swift.max(value, 0)), count: 6)
        } else {
            writeBit(true)
            writeSemiConstrainedWholeNumber(UInt64(value))
        }
    }

    /// A normally small length (1...) for an extension-addition bitmap.
    @inlinable
    public mutating func writeNormallySmallLength(_ length: Int) {
        if length <= 64 {
            writeBit(false)
            writeBits(UInt64(Swift.max(length, 1) - 1), count: 6)
        } else {
            writeBit(true)
            writeLength(length)
        }
    }

    /// A general length determinant below 16K (one or two octets, aligned). Longer contents go
    /// through the fragmenting writers.
    @inlinable
    public mutating func writeLength(_ length: Int) {
        align()
        if length < 128 {
            storage.append(UInt8(length))
        } else {
            let clamped = Swift.min(length, 16383)
            storage.append(0x80 | UInt8(clamped >> 8))
            storage.append(UInt8(truncatingIfNeeded: clamped))
        }
        bitCount = storage.count * 8
    }

    /// A length under a size constraint with an upper bound below 64K.
    @inlinable
    public mutating func writeConstrainedLength(_ length: Int, _ size: APERSize) {
        let upper = size.upperBound ?? size.lowerBound
        writeConstrainedWholeNumber(UInt64(Swift.max(length - size.lowerBound, 0)),
                                    rangeMinusOne: UInt64(upper - size.lowerBound))
    }

    @inlinable
    public mutating func writeEnumerated(_ index: Int, rootCount: Int, extensible: Bool) {
        if extensible {
            let isExtension = index >= rootCount
            writeBit(isExtension)
            if isExtension {
                writeNormallySmallNumber(index - rootCount)
                return
            }
        }
        writeConstrainedWholeNumber(UInt64(Swift.max(index, 0)), rangeMinusOne: UInt64(rootCount - 1))
    }

    @inlinable
    public mutating func writeChoiceIndex(_ index: Int, rootCount: Int, extensible: Bool, isExtension: Bool) {
        if extensible { writeBit(isExtension) }
        if isExtension {
            writeNormallySmallNumber(index)
        } else {
            writeConstrainedWholeNumber(UInt64(Swift.max(index, 0)), rangeMinusOne: UInt64(rootCount - 1))
        }
    }

    /// The count of a SEQUENCE OF whose upper bound is below 64K; `writeSequenceOf` handles every
    /// size.
    @inlinable
    public mutating func writeCount(_ count: Int, _ size: APERSize) {
        if size.extensible {
            let outside = !size.contains(count)
            writeBit(outside)
            if outside {
                writeLength(count)
                return
            }
        }
        if size.isSmallRange {
            if !size.isFixed { writeConstrainedLength(count, size) }
        } else {
            writeLength(count)
        }
    }

    /// A SEQUENCE OF, fragmenting the count in 16K units when it reaches 16K.
    @inlinable
    public mutating func writeSequenceOf<C: Collection>(_ items: C, _ size: APERSize,
                                                      _ item: (C.Element, inout APERWriter) -> Void) {
        let count = items.count
        let outside = size.extensible && !size.contains(count)
        if size.extensible { writeBit(outside) }
        if !outside, size.isSmallRange {
            if !size.isFixed { writeConstrainedLength(count, size) }
            for element in items { item(element, &self) }
            return
        }
        var rest = items[...]
        while true {
            let units = Swift.min(rest.count / 16384, 4)
            if units == 0 {
                writeLength(rest.count)
                for element in rest { item(element, &self) }
                return
            }
            align()
            writeBits(UInt64(0xC0 | units), count: 8)
            let chunk = rest.prefix(units * 16384)
            for element in chunk { item(element, &self) }
            rest = rest.dropFirst(units * 16384)
        }
    }
}
