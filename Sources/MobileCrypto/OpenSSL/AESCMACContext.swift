/// AES-CMAC (NIST SP 800-38B, RFC 4493) on a bit string, built on AES-128-CBC.
///
/// Why not OpenSSL's CMAC: it takes whole octets, and 128-EIA2 is defined on bit lengths (half of
/// the TS 33.401 C.2 test sets end inside an octet), where the 10* padding starts mid-octet.
/// CMAC is CBC-MAC with a modified last block, so the CBC context does the AES work over all
/// full blocks in one call and this type only builds the last block.
final class AESCMACContext: KeyedCipherContext {
    private var subkey1 = Key128.zero
    private var subkey2 = Key128.zero
    /// The CBC chaining value the context holds now: its last output block. XORing it into the
    /// first block of the next message cancels it, which is the same as restarting from a zero IV
    /// but without the EVP re-initialisation (as costly as encrypting the 100-octet NAS message).
    private var chaining = Key128.zero
    /// Where the prefix and message are laid out block-aligned for CBC (allocated once per thread).
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: AESCMACContext.scratchSize, alignment: 16)
    private static let scratchSize = 1024

    init() { super.init(cipher: OpenSSLAlgorithms.shared.aes128CBC) }

    deinit { scratch.deallocate() }

    /// CMAC over the bit string `prefix` (64 bits) ‖ the first `bitLength` bits of `message`.
    /// The caller guarantees `bitLength <= message.count * 8`.
    func mac(key: Key128, prefix: UInt64, message: UnsafeRawBufferPointer, bitLength: Int) -> Key128 {
        if setKeyIfChanged(key, iv: .zero) {
            chaining = .zero
            deriveSubkeys()
        }
        let totalBits = 64 + bitLength
        let fullBlocksBeforeLast = (totalBits - 1) / 128
        let fullBytes = fullBlocksBeforeLast * 16

        // Stream S = prefix ‖ message; S[0..<fullBytes] goes through CBC in scratch-sized pieces.
        var streamOffset = 0
        while streamOffset < fullBytes {
            let chunk = min(fullBytes - streamOffset, AESCMACContext.scratchSize)
            copyStream(prefix: prefix, message: message, from: streamOffset, count: chunk, into: scratch)
            if streamOffset == 0 { cancelChaining(inFirstBlockOf: scratch) }
            update(UnsafeRawPointer(scratch.baseAddress!), scratch.baseAddress!, count: chunk)
            chaining = Key128(loadingFrom: UnsafeRawBufferPointer(scratch), at: chunk - 16)
            streamOffset += chunk
        }

        // The last block: the 1 to 128 remaining bits, 10* padded with K2 or complete with K1.
        let lastBits = totalBits - fullBytes * 8
        let lastBytes = (lastBits + 7) / 8
        let block = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<16])
        copyStream(prefix: prefix, message: message, from: fullBytes, count: lastBytes, into: block)
        UnsafeMutableRawBufferPointer(rebasing: block[lastBytes...]).initializeMemory(as: UInt8.self, repeating: 0)
        var last = Key128(loadingFrom: UnsafeRawBufferPointer(block))
        if lastBits == 128 {
            last = last ^ subkey1
        } else {
            last = last.keepingFirstBits(lastBits) ^ Key128.singleBit(at: lastBits) ^ subkey2
        }
        if fullBytes == 0 { last = last ^ chaining }
        chaining = encryptBlock(last)
        return chaining
    }

    /// K1 and K2 from L = AES_K(0^128) (SP 800-38B 6.1).
    private func deriveSubkeys() {
        let encryptedZero = encryptBlock(chaining)  // the chaining XOR cancels: E_K(0)
        chaining = encryptedZero
        subkey1 = encryptedZero.doubledInGF128()
        subkey2 = subkey1.doubledInGF128()
    }

    /// One block through the CBC context; the caller has already XORed out `chaining`.
    private func encryptBlock(_ value: Key128) -> Key128 {
        let block = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<16])
        value.store(into: block)
        update(UnsafeRawPointer(block.baseAddress!), block.baseAddress!, count: 16)
        return Key128(loadingFrom: UnsafeRawBufferPointer(block))
    }

    private func cancelChaining(inFirstBlockOf buffer: UnsafeMutableRawBufferPointer) {
        (Key128(loadingFrom: UnsafeRawBufferPointer(buffer)) ^ chaining).store(into: buffer)
    }

    /// Copies octets `from ..< from + count` of prefix ‖ message into `destination`, reading past
    /// the message's end as zeros (only possible inside the last, partial block).
    private func copyStream(prefix: UInt64, message: UnsafeRawBufferPointer, from start: Int, count: Int,
                            into destination: UnsafeMutableRawBufferPointer) {
        var written = 0
        var position = start
        while written < count, position < 8 {
            destination[written] = UInt8(truncatingIfNeeded: prefix >> (56 - 8 * position))
            written += 1
            position += 1
        }
        let messageStart = position - 8
        let available = max(0, min(count - written, message.count - messageStart))
        if available > 0 {
            (destination.baseAddress! + written).copyMemory(from: message.baseAddress! + messageStart,
                                                            byteCount: available)
            written += available
        }
        while written < count {
            destination[written] = 0
            written += 1
        }
    }
}

extension Key128 {
    /// Multiplication by x in GF(2^128) with the CMAC polynomial (SP 800-38B 6.1: Rb = 0x87).
    func doubledInGF128() -> Key128 {
        let carry = high >> 63
        return Key128(high: high << 1 | low >> 63, low: low << 1 ^ (carry * 0x87))
    }

    /// Keeps bits 0 ..< count (count 0...128), zeroing the rest.
    func keepingFirstBits(_ count: Int) -> Key128 {
        switch count {
        case ...0: return .zero
        case 1..<64: return Key128(high: high & ~(UInt64.max >> count), low: 0)
        case 64..<128: return Key128(high: high, low: low & ~(UInt64.max >> (count - 64)))
        default: return self
        }
    }

    /// The value with only bit `index` (0 = most significant) set; zero when index is 128.
    static func singleBit(at index: Int) -> Key128 {
        switch index {
        case 0..<64: return Key128(high: 1 << (63 - index), low: 0)
        case 64..<128: return Key128(high: 0, low: 1 << (127 - index))
        default: return .zero
        }
    }
}
