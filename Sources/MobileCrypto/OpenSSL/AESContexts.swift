import CLibcrypto

/// One `EVP_CIPHER_CTX` that remembers which key it was last given, so that repeated use with
/// the same key skips the key schedule. Not Sendable: it belongs to one thread (`ThreadCrypto`).
class KeyedCipherContext {
    let context: OpaquePointer
    private var currentKey: Key128?

    init(cipher: OpaquePointer) {
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new failed") }
        self.context = context
        opensslCheck(EVP_EncryptInit_ex2(context, cipher, nil, nil, nil), "EVP_EncryptInit_ex2")
        opensslCheck(EVP_CIPHER_CTX_set_padding(context, 0), "EVP_CIPHER_CTX_set_padding")
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Sets the key (only when it changed) and the IV (when given). Returns true if re-keyed.
    @discardableResult
    func prepare(key: Key128, iv: Key128?) -> Bool {
        let rekey = currentKey != key
        if rekey {
            currentKey = nil
            key.withUnsafeBytes { keyBytes in
                initialise(key: keyBytes.baseAddress, iv: iv)
            }
            currentKey = key
        } else if let iv {
            initialise(key: nil, iv: iv)
        }
        return rekey
    }

    /// Sets key and IV only when the key changed; returns true if it did. For a context whose IV
    /// the caller manages otherwise (the CMAC chaining).
    func setKeyIfChanged(_ key: Key128, iv: Key128) -> Bool {
        guard currentKey != key else { return false }
        prepare(key: key, iv: iv)
        return true
    }

    private func initialise(key: UnsafeRawPointer?, iv: Key128?) {
        let keyPointer = key?.assumingMemoryBound(to: UInt8.self)
        if let iv {
            iv.withUnsafeBytes { ivBytes in
                opensslCheck(EVP_EncryptInit_ex2(context, nil, keyPointer,
                                                 ivBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), nil),
                             "EVP_EncryptInit_ex2")
            }
        } else {
            opensslCheck(EVP_EncryptInit_ex2(context, nil, keyPointer, nil, nil), "EVP_EncryptInit_ex2")
        }
    }

    /// Runs the cipher over `count` octets; `output` may be `input` itself.
    final func update(_ input: UnsafeRawPointer, _ output: UnsafeMutableRawPointer, count: Int) {
        var done = 0
        while done < count {
            // EVP lengths are C ints: feed at most 1 MiB per call.
            let chunk = min(count - done, 1 << 20)
            var written: Int32 = 0
            opensslCheck(EVP_EncryptUpdate(context, (output + done).assumingMemoryBound(to: UInt8.self), &written,
                                           (input + done).assumingMemoryBound(to: UInt8.self), Int32(chunk)),
                         "EVP_EncryptUpdate")
            done += chunk
        }
    }
}

/// AES-128 as a block cipher (ECB), the kernel function of Milenage (TS 35.206 2.2).
final class AESBlockCipherContext: KeyedCipherContext {
    init() { super.init(cipher: OpenSSLAlgorithms.shared.aes128ECB) }

    /// E_K on one block.
    func encrypt(_ block: Key128, key: Key128) -> Key128 {
        prepare(key: key, iv: nil)
        var octets = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &octets) { buffer in
            block.store(into: buffer)
            update(UnsafeRawPointer(buffer.baseAddress!), buffer.baseAddress!, count: 16)
            return Key128(loadingFrom: UnsafeRawBufferPointer(buffer))
        }
    }

    /// E_K on several independent blocks in one call (`blocks.count` a multiple of 16, in place).
    func encrypt(blocks: UnsafeMutableRawBufferPointer, key: Key128) {
        prepare(key: key, iv: nil)
        update(UnsafeRawPointer(blocks.baseAddress!), blocks.baseAddress!, count: blocks.count)
    }
}

/// AES-128 in counter mode, for 128-EEA2 (TS 33.401 B.1.3).
final class AESCounterModeContext: KeyedCipherContext {
    init() { super.init(cipher: OpenSSLAlgorithms.shared.aes128CTR) }

    /// XORs the keystream that starts at `counter` onto `octets` in place. OpenSSL increments the
    /// whole 128-bit block; B.1.3 increments the low 64 bits, the same for any message shorter
    /// than 2^64 blocks.
    func apply(key: Key128, counter: Key128, to octets: UnsafeMutableRawBufferPointer) {
        guard let base = octets.baseAddress, octets.count > 0 else { return }
        prepare(key: key, iv: counter)
        update(UnsafeRawPointer(base), base, count: octets.count)
    }
}
