/// OCTET STRING, BIT STRING, character strings and open types, mirroring APERReader+Strings.swift.
extension APERWriter {
    /// `units` units of `unitBits` bits taken from `octets`, under a general length that fragments
    /// in 16K units.
    @inlinable
    mutating func writeFragmentedUnits(_ octets: [UInt8], units: Int, unitBits: Int) {
        var done = 0
        while true {
            let left = units - done
            let fragment = Swift.min(left / 16384, 4)
            let count = fragment == 0 ? left : fragment * 16384
            if fragment == 0 {
                writeLength(count)
            } else {
                align()
                writeBits(UInt64(0xC0 | fragment), count: 8)
            }
            if count > 0 {
                // Every fragment but the last is a whole number of 16K units, so each one starts on
                // an octet of `octets` even when the units are bits.
                let first = done * unitBits / 8
                let bits = count * unitBits
                let slice = Array(octets[Swift.min(first, octets.count)..<Swift.min(first + (bits + 7) / 8, octets.count)])
                writeBitsFromOctets(slice, count: bits)
            }
            done += count
            if fragment == 0 { return }
        }
    }

    @inlinable
    public mutating func writeOctetString(_ octets: [UInt8], _ size: APERSize) {
        let outside = size.extensible && !size.contains(octets.count)
        if size.extensible { writeBit(outside) }
        if !outside, size.isSmallRange {
            if size.isFixed {
                // A fixed size is implied: pad or cut to it.
                var fitted = Array(octets.prefix(size.lowerBound))
                if fitted.count < size.lowerBound { fitted += [UInt8](repeating: 0, count: size.lowerBound - fitted.count) }
                if size.lowerBound > 2 { align() }
                writeBitsFromOctets(fitted, count: size.lowerBound * 8)
                return
            }
            let upper = size.upperBound ?? size.lowerBound
            var fitted = Array(octets.prefix(upper))
            if fitted.count < size.lowerBound { fitted += [UInt8](repeating: 0, count: size.lowerBound - fitted.count) }
            writeConstrainedLength(fitted.count, size)
            writeAlignedOctets(fitted)
            return
        }
        writeFragmentedUnits(octets, units: octets.count, unitBits: 8)
    }

    @inlinable
    public mutating func writeFixedOctets(_ value: UInt64, count: Int) {
        if count > 2 { align() }
        writeBits(value, count: count * 8)
    }

    @inlinable
    public mutating func writeBitString(_ bits: BitString, _ size: APERSize) {
        let outside = size.extensible && !size.contains(bits.count)
        if size.extensible { writeBit(outside) }
        if !outside, size.isSmallRange {
            if size.isFixed {
                if size.lowerBound > 16 { align() }
                writeBitsFromOctets(bits.bytes, count: size.lowerBound)
                return
            }
            let upper = size.upperBound ?? size.lowerBound
            let count = Swift.min(Swift.max(bits.count, size.lowerBound), upper)
            writeConstrainedLength(count, size)
            align()
            writeBitsFromOctets(bits.bytes, count: count)
            return
        }
        writeFragmentedUnits(bits.bytes, units: bits.count, unitBits: 1)
    }

    @inlinable
    public mutating func writeFixedBits(_ value: UInt64, count: Int) {
        if count > 16 { align() }
        writeBits(value, count: count)
    }

    /// A known-multiplier character string. Characters outside the alphabet are written as its
    /// first character.
    @inlinable
    public mutating func writeCharacterString(_ string: String, _ size: APERSize, alphabet: APERAlphabet) {
        let bits = alphabet.bitsPerCharacter
        let codes = string.unicodeScalars.map { scalar -> UInt64 in
            let index = alphabet.index(of: scalar.value) ?? 0
            return alphabet.encodesCodes ? UInt64(alphabet.codes.isEmpty ? 0 : alphabet.codes[index]) : UInt64(index)
        }
        let outside = size.extensible && !size.contains(codes.count)
        if size.extensible { writeBit(outside) }
        if !outside, size.isSmallRange {
            let upper = size.upperBound ?? size.lowerBound
            var fitted = Array(codes.prefix(upper))
            let filler: UInt64 = alphabet.encodesCodes ? UInt64(alphabet.codes.first ?? 0) : 0
            if fitted.count < size.lowerBound { fitted += [UInt64](repeating: filler, count: size.lowerBound - fitted.count) }
            if size.isFixed {
                if size.lowerBound * bits > 16 { align() }
            } else {
                writeConstrainedLength(fitted.count, size)
                if upper * bits > 16 { align() }
            }
            for code in fitted { writeBits(code, count: bits) }
            return
        }
        var rest = codes[...]
        while true {
            let fragment = Swift.min(rest.count / 16384, 4)
            if fragment == 0 {
                writeLength(rest.count)
                for code in rest { writeBits(code, count: bits) }
                return
            }
            align()
            writeBits(UInt64(0xC0 | fragment), count: 8)
            for code in rest.prefix(fragment * 16384) { writeBits(code, count: bits) }
            rest = rest.dropFirst(fragment * 16384)
        }
    }

    /// An open type whose value `body` encodes in place: the contents are padded to whole octets
    /// (one zero octet when empty) and the length determinant goes in front.
    @inlinable
    public mutating func writeOpenType(_ body: (inout APERWriter) -> Void) {
        align()
        let lengthAt = storage.count
        storage.append(0)
        bitCount = storage.count * 8
        let contentStart = storage.count
        body(&self)
        align()
        if storage.count == contentStart {
            storage.append(0)
            bitCount += 8
        }
        let length = storage.count - contentStart
        if length < 128 {
            storage[lengthAt] = UInt8(length)
        } else if length < 16384 {
            storage[lengthAt] = 0x80 | UInt8(length >> 8)
            storage.insert(UInt8(truncatingIfNeeded: length), at: lengthAt + 1)
            bitCount += 8
        } else {
            let content = Array(storage[contentStart...])
            storage.removeSubrange(lengthAt...)
            bitCount = storage.count * 8
            writeFragmentedUnits(content, units: content.count, unitBits: 8)
        }
    }

    /// An open type from octets already encoded (an extension kept as received).
    @inlinable
    public mutating func writeOpenType(octets: [UInt8]) {
        writeFragmentedUnits(octets.isEmpty ? [0] : octets, units: Swift.max(octets.count, 1), unitBits: 8)
    }
}
