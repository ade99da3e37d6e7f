import Wire

/// OCTET STRING, BIT STRING, character strings and open types.
extension APERReader {
    /// The content of an unconstrained-length field: a general length (possibly fragmented in
    /// 16K units) counting `unitBits`-bit units, read into one array of octets.
    @inlinable
    mutating func readFragmentedUnits(unitBits: Int, _ what: StaticString) throws(CodecError) -> (bytes: [UInt8], units: Int) {
        let (first, firstMore) = try readLengthFragment(what)
        if !firstMore {
            let bits = first * unitBits
            if bits == 0 { return ([], 0) }
            return (try readBitsAsOctets(bits, what), first)
        }
        // Fragmented: gather every fragment's bits. Units of 8 bits stay octet-aligned; bit
        // strings are 16K-bit fragments, which are whole octets too.
        var writer = APERWriter()
        var units = 0
        var fragment = (length: first, more: firstMore)
        while true {
            let bits = fragment.length * unitBits
            guard bits <= remainingBits else { throw truncated(bits: bits, what) }
            var left = bits
            while left > 0 {
                let take = Swift.min(left, 64)
                writer.writeBits(try readBits(take, what), count: take)
                left -= take
            }
            units += fragment.length
            if !fragment.more { break }
            fragment = try readLengthFragment(what)
        }
        return (writer.bytes, units)
    }

    /// An OCTET STRING under `size`: fixed sizes up to two octets are not aligned, larger fixed
    /// sizes are; variable sizes take a length (constrained below 64K, general above).
    @inlinable
    public mutating func readOctetString(_ size: APERSize, _ what: StaticString) throws(CodecError) -> [UInt8] {
        if size.extensible, try readBit(what) {
            return try readFragmentedUnits(unitBits: 8, what).bytes
        }
        if size.isSmallRange {
            if size.isFixed {
                if size.lowerBound > 2 { align() }
                return try readBitsAsOctets(size.lowerBound * 8, what)
            }
            let length = try readConstrainedLength(size, what)
            align()
            return Array(try readAlignedOctets(length, what))
        }
        let (bytes, count) = try readFragmentedUnits(unitBits: 8, what)
        guard size.contains(count) else { throw error(.invalidLength(count), "\(what)") }
        return bytes
    }

    /// A fixed-size OCTET STRING of at most eight octets as a big-endian number (GTP-TEID, TAC).
    @inlinable
    public mutating func readFixedOctets(_ count: Int, _ what: StaticString) throws(CodecError) -> UInt64 {
        if count > 2 { align() }
        return try readBits(count * 8, what)
    }

    /// A BIT STRING under `size`: fixed sizes up to 16 bits are not aligned, larger fixed sizes
    /// are; variable sizes take a length in bits.
    @inlinable
    public mutating func readBitString(_ size: APERSize, _ what: StaticString) throws(CodecError) -> BitString {
        if size.extensible, try readBit(what) {
            let (bytes, count) = try readFragmentedUnits(unitBits: 1, what)
            return BitString(unchecked: bytes, count: count)
        }
        if size.isSmallRange {
            if size.isFixed {
                if size.lowerBound > 16 { align() }
                return BitString(unchecked: try readBitsAsOctets(size.lowerBound, what), count: size.lowerBound)
            }
            let length = try readConstrainedLength(size, what)
            align()
            return BitString(unchecked: try readBitsAsOctets(length, what), count: length)
        }
        let (bytes, count) = try readFragmentedUnits(unitBits: 1, what)
        guard size.contains(count) else { throw error(.invalidLength(count), "\(what)") }
        return BitString(unchecked: bytes, count: count)
    }

    /// A fixed-size BIT STRING of at most 64 bits as a number, its first bit the most significant.
    @inlinable
    public mutating func readFixedBits(_ count: Int, _ what: StaticString) throws(CodecError) -> UInt64 {
        if count > 16 { align() }
        return try readBits(count, what)
    }

    /// A known-multiplier character string (PrintableString, VisibleString, IA5String,
    /// NumericString) from `alphabet`, under `size`.
    @inlinable
    public mutating func readCharacterString(_ size: APERSize, alphabet: APERAlphabet,
                                             _ what: StaticString) throws(CodecError) -> String {
        let bits = alphabet.bitsPerCharacter
        var count: Int
        let outsideRoot = size.extensible ? try readBit(what) : false
        if outsideRoot {
            count = -1
        } else if size.isSmallRange {
            if size.isFixed {
                count = size.lowerBound
                if count * bits > 16 { align() }
            } else {
                count = try readConstrainedLength(size, what)
                if (size.upperBound ?? 0) * bits > 16 { align() }
            }
        } else {
            count = -1
        }
        var scalars = String.UnicodeScalarView()
        func character(_ reader: inout APERReader) throws(CodecError) {
            let raw = UInt32(truncatingIfNeeded: try reader.readBits(bits, what))
            let code: UInt32
            if alphabet.encodesCodes {
                code = raw
                guard alphabet.index(of: code) != nil else {
                    throw reader.error(.invalidValue("character \(code) outside the alphabet"), "\(what)")
                }
            } else {
                guard Int(raw) < alphabet.codes.count else {
                    throw reader.error(.invalidValue("character index \(raw)"), "\(what)")
                }
                code = alphabet.codes[Int(raw)]
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw reader.error(.invalidValue("character \(code)"), "\(what)")
            }
            scalars.append(scalar)
        }
        if count >= 0 {
            guard count * bits <= remainingBits else { throw truncated(bits: count * bits, what) }
            for _ in 0..<count { try character(&self) }
            return String(scalars)
        }
        var more = true
        var total = 0
        while more {
            let fragment = try readLengthFragment(what)
            more = fragment.more
            guard fragment.length * bits <= remainingBits else { throw truncated(bits: fragment.length * bits, what) }
            for _ in 0..<fragment.length { try character(&self) }
            total += fragment.length
        }
        if !outsideRoot, !size.contains(total) { throw error(.invalidLength(total), "\(what)") }
        return String(scalars)
    }

    /// An open type: a general length in octets, then the complete encoding of a value, decoded
    /// by `body`. The value must fill the octets but for its final padding.
    @inlinable
    public mutating func readOpenType<T>(_ what: StaticString,
                                         _ body: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> T {
        let (length, more) = try readOpenTypeLength(what)
        if more {
            let at = offset
            let bytes = try readFragmentedRest(first: length, what)
            // A value this long is rare (a huge container); decoding it from a copy keeps the fast
            // path free of fragment handling.
            return try withAPERBytes(bytes) { raw throws(CodecError) -> T in
                var inner = APERReader(raw, origin: at)
                let value = try body(&inner)
                try inner.expectOpenTypeEnd(start: 0, what)
                return value
            }
        }
        return try bounded(octets: length, what) { inner throws(CodecError) -> T in
            let start = inner.bit
            let value = try body(&inner)
            try inner.expectOpenTypeEnd(start: start, what)
            return value
        }
    }

    /// An open type's length: never zero, as the complete encoding of any value is at least one
    /// octet (an empty one is sent as a single zero octet).
    @inlinable
    public mutating func readOpenTypeLength(_ what: StaticString) throws(CodecError) -> (length: Int, more: Bool) {
        let fragment = try readLengthFragment(what)
        if fragment.length == 0 { throw error(.invalidLength(0), "\(what)") }
        return fragment
    }

    /// The octets of an open type, undecoded (an extension this codec does not model).
    @inlinable
    public mutating func readOpenTypeBytes(_ what: StaticString) throws(CodecError) -> [UInt8] {
        let (length, more) = try readOpenTypeLength(what)
        if more { return try readFragmentedRest(first: length, what) }
        return Array(try readAlignedOctets(length, what))
    }

    /// The octets of an open type, after `check` has decoded its value in place.
    @inlinable
    public mutating func readOpenTypeBytes(_ what: StaticString,
                                           checking check: (inout APERReader) throws(CodecError) -> Void) throws(CodecError) -> [UInt8] {
        let (length, more) = try readOpenTypeLength(what)
        if more {
            let at = offset
            let bytes = try readFragmentedRest(first: length, what)
            try withAPERBytes(bytes) { raw throws(CodecError) in
                var inner = APERReader(raw, origin: at)
                try check(&inner)
                try inner.expectOpenTypeEnd(start: 0, what)
            }
            return bytes
        }
        let start = bit >> 3
        try bounded(octets: length, what) { inner throws(CodecError) in
            let first = inner.bit
            try check(&inner)
            try inner.expectOpenTypeEnd(start: first, what)
        }
        return Array(base[start..<(start + length)])
    }

    /// The rest of a fragmented open type whose first fragment of `first` octets starts here.
    @inlinable
    public mutating func readFragmentedRest(first: Int, _ what: StaticString) throws(CodecError) -> [UInt8] {
        var bytes = Array(try readAlignedOctets(first, what))
        var more = true
        while more {
            let fragment = try readLengthFragment(what)
            more = fragment.more
            bytes.append(contentsOf: try readAlignedOctets(fragment.length, what))
        }
        return bytes
    }

    /// After an open type's value: only its final padding may be left (or the one zero octet that
    /// stands for an empty encoding).
    @inlinable
    public func expectOpenTypeEnd(start: Int, _ what: StaticString) throws(CodecError) {
        let left = remainingBits
        if left >= 8 && !(left == 8 && bit == start) {
            throw error(.trailingBytes(left / 8), "\(what)")
        }
    }
}
