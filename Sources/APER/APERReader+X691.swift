import Wire

/// The X.691 (aligned variant) encodings built from bits: whole numbers, length determinants,
/// choice and enumeration indexes. Strings and open types are in APERReader+Strings.swift.
extension APERReader {
    /// Number of bits needed to write every value from 0 to `value`.
    @inlinable @inline(__always)
    static func bitLength(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }

    /// A constrained whole number: the offset from the lower bound of a value whose range is
    /// `rangeMinusOne + 1`. Ranges up to 255 take the fewest bits, 256 one aligned octet, up to 64K
    /// two aligned octets; larger ranges a bit-field length of 1...n octets, then those octets.
    @inlinable
    public mutating func readConstrainedWholeNumber(rangeMinusOne range: UInt64,
                                                    _ what: StaticString) throws(CodecError) -> UInt64 {
        let value: UInt64
        if range == 0 {
            return 0
        } else if range < 255 {
            value = try readBits(Self.bitLength(range), what)
        } else if range == 255 {
            align()
            value = try readBits(8, what)
        } else if range < 65536 {
            align()
            value = try readBits(16, what)
        } else {
            let maximumOctets = (Self.bitLength(range) + 7) / 8
            let octets = Int(try readBits(Self.bitLength(UInt64(maximumOctets - 1)), what)) + 1
            guard octets <= maximumOctets else { throw error(.invalidLength(octets), "\(what)") }
            align()
            value = try readBits(octets * 8, what)
            // X.691 asks for the fewest octets; anything else could not be re-encoded as received.
            if octets > 1, value >> UInt64((octets - 1) * 8) == 0 {
                throw error(.invalidValue("whole number in more octets than needed"), "\(what)")
            }
        }
        guard value <= range else { throw error(.invalidValue("\(value) above the range"), "\(what)") }
        return value
    }

    /// An INTEGER with both bounds, returned as `T`. With an extension marker, a value outside the
    /// root comes after a set bit as an unconstrained number.
    @inlinable
    public mutating func readInteger<T: FixedWidthInteger>(_ type: T.Type, _ lowerBound: T, _ upperBound: T,
                                                          extensible: Bool = false,
                                                          _ what: StaticString) throws(CodecError) -> T {
        if extensible, try readBit(what) {
            let value = try readUnconstrainedInteger(what)
            guard let typed = T(exactly: value) else {
                throw error(.invalidValue("\(value) out of range"), "\(what)")
            }
            return typed
        }
        let range = UInt64(truncatingIfNeeded: upperBound &- lowerBound)
        let offset = try readConstrainedWholeNumber(rangeMinusOne: range, what)
        return lowerBound &+ T(truncatingIfNeeded: offset)
    }

    /// The octet count of a semi-constrained or unconstrained whole number, with its checks.
    @inlinable
    mutating func readWholeNumberOctets(_ what: StaticString) throws(CodecError) -> Int {
        let (octets, more) = try readLengthFragment(what)
        guard !more, octets >= 1 else { throw error(.invalidLength(octets), "\(what)") }
        guard octets <= 8 else { throw error(.unsupported("whole number of \(octets) octets"), "\(what)") }
        return octets
    }

    /// A semi-constrained whole number (`INTEGER (lb..MAX)`): its offset from the lower bound.
    @inlinable
    public mutating func readSemiConstrainedWholeNumber(_ what: StaticString) throws(CodecError) -> UInt64 {
        let octets = try readWholeNumberOctets(what)
        let value = try readBits(octets * 8, what)
        if octets > 1, value >> UInt64((octets - 1) * 8) == 0 {
            throw error(.invalidValue("whole number in more octets than needed"), "\(what)")
        }
        return value
    }

    /// An unconstrained whole number: a length, then two's complement in the fewest octets.
    @inlinable
    public mutating func readUnconstrainedInteger(_ what: StaticString) throws(CodecError) -> Int64 {
        let octets = try readWholeNumberOctets(what)
        let raw = try readBits(octets * 8, what)
        let shift = UInt64(64 - octets * 8)
        let value = Int64(bitPattern: raw << shift) >> Int64(shift)
        if octets > 1 {
            // The top nine bits all equal means one octet fewer would have done.
            let top = raw >> UInt64(octets * 8 - 9)
            if top == 0 || top == 0x1FF {
                throw error(.invalidValue("whole number in more octets than needed"), "\(what)")
            }
        }
        return value
    }

    /// A normally small non-negative whole number: six bits below 64, else semi-constrained.
    @inlinable
    public mutating func readNormallySmallNumber(_ what: StaticString) throws(CodecError) -> Int {
        if try readBit(what) {
            let value = try readSemiConstrainedWholeNumber(what)
            guard value >= 64, value <= UInt64(Int32.max) else {
                throw error(.invalidValue("normally small number \(value)"), "\(what)")
            }
            return Int(value)
        }
        return Int(try readBits(6, what))
    }

    /// A normally small length (the size of a SEQUENCE's extension-addition bitmap): 1...64 in
    /// six bits, else a general length.
    @inlinable
    public mutating func readNormallySmallLength(_ what: StaticString) throws(CodecError) -> Int {
        if try readBit(what) {
            let (length, more) = try readLengthFragment(what)
            guard !more, length > 64 else { throw error(.invalidLength(length), "\(what)") }
            return length
        }
        return Int(try readBits(6, what)) + 1
    }

    /// One general (unconstrained) length determinant: the length, and whether it was a 16K-unit
    /// fragment after which another length follows.
    @inlinable
    public mutating func readLengthFragment(_ what: StaticString) throws(CodecError) -> (length: Int, more: Bool) {
        align()
        let first = try readBits(8, what)
        if first & 0x80 == 0 { return (Int(first), false) }
        if first & 0x40 == 0 {
            let length = Int(first & 0x3F) << 8 | Int(try readBits(8, what))
            guard length >= 128 else { throw error(.invalidValue("length \(length) in two octets"), "\(what)") }
            return (length, false)
        }
        let units = Int(first & 0x3F)
        guard (1...4).contains(units) else { throw error(.invalidValue("fragment of \(units) x 16K"), "\(what)") }
        return (units * 16384, true)
    }

    /// A length under a size constraint, for constrained lengths below 64K.
    @inlinable
    public mutating func readConstrainedLength(_ size: APERSize, _ what: StaticString) throws(CodecError) -> Int {
        let upper = size.upperBound ?? size.lowerBound
        let offset = try readConstrainedWholeNumber(rangeMinusOne: UInt64(upper - size.lowerBound), what)
        return size.lowerBound + Int(offset)
    }

    /// An ENUMERATED value's index: root values count from 0 in their PER order; extension values
    /// follow as `rootCount + k`.
    @inlinable
    public mutating func readEnumerated(rootCount: Int, extensible: Bool, _ what: StaticString) throws(CodecError) -> Int {
        if extensible, try readBit(what) {
            return rootCount + (try readNormallySmallNumber(what))
        }
        let index = Int(try readConstrainedWholeNumber(rangeMinusOne: UInt64(rootCount - 1), what))
        return index
    }

    /// A CHOICE index: a root alternative (`isExtension` false) or an extension addition, whose
    /// value then follows as an open type.
    @inlinable
    public mutating func readChoiceIndex(rootCount: Int, extensible: Bool,
                                         _ what: StaticString) throws(CodecError) -> (index: Int, isExtension: Bool) {
        if extensible, try readBit(what) {
            return (try readNormallySmallNumber(what), true)
        }
        return (Int(try readConstrainedWholeNumber(rangeMinusOne: UInt64(rootCount - 1), what)), false)
    }

    /// The count of a SEQUENCE OF under `size`, for counts that never fragment (upper bound below
    /// 64K, the only kind S1AP has). Larger counts go through `readSequenceOf`.
    @inlinable
    public mutating func readCount(_ size: APERSize, _ what: StaticString) throws(CodecError) -> Int {
        if size.extensible, try readBit(what) {
            let (count, more) = try readLengthFragment(what)
            guard !more else { throw error(.unsupported("fragmented count"), "\(what)") }
            return count
        }
        if size.isSmallRange {
            return size.isFixed ? size.lowerBound : try readConstrainedLength(size, what)
        }
        let (count, more) = try readLengthFragment(what)
        guard !more else { throw error(.unsupported("fragmented count"), "\(what)") }
        guard size.contains(count) else { throw error(.invalidLength(count), "\(what)") }
        return count
    }

    /// A SEQUENCE OF under `size`, its items read by `item`, fragmented counts included.
    @inlinable
    public mutating func readSequenceOf<T>(_ size: APERSize, _ what: StaticString,
                                           _ item: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> [T] {
        var items: [T] = []
        func readItems(_ count: Int, _ reader: inout APERReader) throws(CodecError) {
            // Every item takes at least a bit in any type worth a list, so a count beyond the bits
            // left is a lie: do not reserve for it.
            items.reserveCapacity(items.count + Swift.min(count, reader.remainingBits))
            for _ in 0..<count { items.append(try item(&reader)) }
        }
        let fragments = size.extensible ? try readBit(what) : false
        if !fragments, size.isSmallRange {
            try readItems(size.isFixed ? size.lowerBound : try readConstrainedLength(size, what), &self)
            return items
        }
        var more = true
        while more {
            let fragment = try readLengthFragment(what)
            more = fragment.more
            try readItems(fragment.length, &self)
        }
        if !fragments, !size.contains(items.count) { throw error(.invalidLength(items.count), "\(what)") }
        return items
    }
}
