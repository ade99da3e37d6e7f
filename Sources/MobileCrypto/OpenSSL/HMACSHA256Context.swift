import CLibcrypto

/// HMAC-SHA-256 through `EVP_MAC`, the PRF of the TS 33.220 Annex B generic KDF.
/// One context per thread (`ThreadCrypto`), re-keyed on each call: KDF keys change every call.
final class HMACSHA256Context {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MAC_CTX_new(OpenSSLAlgorithms.shared.hmac) else { fatalError("EVP_MAC_CTX_new failed") }
        self.context = context
        // The digest is a property of the context and stays set across EVP_MAC_init calls.
        var digestName = Array("SHA256".utf8CString)
        let status = "digest".withCString { name in
            digestName.withUnsafeMutableBufferPointer { value in
                var parameters = [OSSL_PARAM_construct_utf8_string(name, value.baseAddress, 0),
                                  OSSL_PARAM_construct_end()]
                return EVP_MAC_CTX_set_params(context, &parameters)
            }
        }
        opensslCheck(status, "EVP_MAC_CTX_set_params")
    }

    deinit { EVP_MAC_CTX_free(context) }

    func mac(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Key256 {
        opensslCheck(EVP_MAC_init(context, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, nil),
                     "EVP_MAC_init")
        opensslCheck(EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count),
                     "EVP_MAC_update")
        var output = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &output) { buffer in
            var written = 0
            opensslCheck(EVP_MAC_final(context, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), &written, 32),
                         "EVP_MAC_final")
            let octets = UnsafeRawBufferPointer(buffer)
            return Key256(first128: Key128(loadingFrom: octets, at: 0), last128: Key128(loadingFrom: octets, at: 16))
        }
    }
}
