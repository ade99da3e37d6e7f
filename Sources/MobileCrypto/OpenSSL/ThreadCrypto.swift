#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenSSL contexts of the calling thread, made on first use and freed when the thread ends.
///
/// Why per thread: the public API takes plain key values (`Key128`) on every call, as NAS and the
/// HSS hold them, yet allocating an `EVP_CIPHER_CTX` and expanding the key for each 100-byte NAS
/// message would cost more than the AES work itself. Each thread keeps one context per algorithm
/// and re-keys it only when the key changes, so a stream of messages under one KNASint pays for
/// the key schedule once. The functions using these contexts are synchronous, so a context is
/// never touched by two threads (a Swift task cannot hop threads inside a synchronous call).
final class ThreadCrypto {
    private(set) lazy var blockCipher = AESBlockCipherContext()
    private(set) lazy var cmac = AESCMACContext()
    private(set) lazy var counterMode = AESCounterModeContext()
    private(set) lazy var hmac = HMACSHA256Context()
    private(set) lazy var randomPool = RandomPool()
    private var hasRandomPool = false

    private init() {}

    /// This thread's contexts.
    static var current: ThreadCrypto {
        let key = threadCryptoKey
        if let stored = pthread_getspecific(key) {
            return Unmanaged<ThreadCrypto>.fromOpaque(stored).takeUnretainedValue()
        }
        let made = ThreadCrypto()
        // The thread's slot owns one reference, released by the destructor below.
        guard pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque()) == 0 else {
            fatalError("pthread_setspecific failed")
        }
        return made
    }
}

extension ThreadCrypto {
    /// The pool, noting that this thread has one (so that a fork only touches a pool that exists).
    var random: RandomPool {
        hasRandomPool = true
        return randomPool
    }

    /// Runs in the child after fork(), on the only thread the child has.
    fileprivate static func discardRandomnessAfterFork() {
        guard let stored = pthread_getspecific(threadCryptoKey) else { return }
        let contexts = Unmanaged<ThreadCrypto>.fromOpaque(stored).takeUnretainedValue()
        if contexts.hasRandomPool { contexts.randomPool.discard() }
    }
}

#if canImport(Darwin)
private func releaseThreadCrypto(_ stored: UnsafeMutableRawPointer) {
    Unmanaged<ThreadCrypto>.fromOpaque(stored).release()
}
#else
private func releaseThreadCrypto(_ stored: UnsafeMutableRawPointer?) {
    guard let stored else { return }
    Unmanaged<ThreadCrypto>.fromOpaque(stored).release()
}
#endif

private let threadCryptoKey: pthread_key_t = {
    var key = pthread_key_t()
    guard pthread_key_create(&key, releaseThreadCrypto) == 0 else { fatalError("pthread_key_create failed") }
    guard pthread_atfork(nil, nil, { ThreadCrypto.discardRandomnessAfterFork() }) == 0 else {
        fatalError("pthread_atfork failed")
    }
    return key
}()
