import CLibcrypto

/// The OpenSSL algorithm implementations this module uses, fetched once per process.
///
/// With OpenSSL 3 a legacy handle such as `EVP_aes_128_ecb()` makes every init look the
/// implementation up again in the provider store (a lock and a hash lookup each call); an
/// explicitly fetched one skips that. Fetched objects are immutable and reference counted, safe
/// to share between threads, and live as long as the process.
struct OpenSSLAlgorithms: @unchecked Sendable {
    let aes128ECB: OpaquePointer
    let aes128CBC: OpaquePointer
    let aes128CTR: OpaquePointer
    let hmac: OpaquePointer
    let md5: OpaquePointer

    static let shared = OpenSSLAlgorithms()

    private init() {
        aes128ECB = Self.required(EVP_CIPHER_fetch(nil, "AES-128-ECB", nil), "AES-128-ECB")
        aes128CBC = Self.required(EVP_CIPHER_fetch(nil, "AES-128-CBC", nil), "AES-128-CBC")
        aes128CTR = Self.required(EVP_CIPHER_fetch(nil, "AES-128-CTR", nil), "AES-128-CTR")
        hmac = Self.required(EVP_MAC_fetch(nil, "HMAC", nil), "HMAC")
        md5 = Self.required(EVP_MD_fetch(nil, "MD5", nil), "MD5")
    }

    /// A default OpenSSL 3 installation always has these; a build without them cannot run any
    /// EPS security at all, so this is a deployment error rather than an input error.
    private static func required(_ handle: OpaquePointer?, _ name: String) -> OpaquePointer {
        guard let handle else { fatalError("OpenSSL's default provider has no \(name)") }
        return handle
    }
}

/// OpenSSL calls on valid, fixed-size arguments only fail on memory exhaustion; that is treated
/// like an allocation failure in Swift itself (the process stops), never as a peer-input error.
@inline(__always)
func opensslCheck(_ status: Int32, _ operation: StaticString) {
    if status != 1 { fatalError("OpenSSL \(operation) failed") }
}
