import CLibcrypto

/// RANDs drawn from OpenSSL's CSPRNG 64 at a time.
///
/// Why: one RAND_bytes call costs about a microsecond whatever its size (measured here: more
/// than the MILENAGE and KASME work of a whole vector), so a thread generating vectors draws
/// 1 KiB at once and hands it out 16 octets at a time. Fork safety: a child process must not
/// hand out the RANDs its parent also holds, so a pthread_atfork handler empties the pool of
/// the forking thread (the only thread a child has).
final class RandomPool {
    private static let count = 64
    private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: RandomPool.count * 16, alignment: 16)
    private var remaining = 0

    deinit {
        discard()
        storage.deallocate()
    }

    func nextRAND() -> Key128 {
        if remaining == 0 {
            opensslCheck(RAND_bytes(storage.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(storage.count)),
                         "RAND_bytes")
            remaining = RandomPool.count
        }
        remaining -= 1
        let offset = remaining * 16
        let value = Key128(loadingFrom: UnsafeRawBufferPointer(storage), at: offset)
        Key128.zero.store(into: storage, at: offset)  // each RAND leaves the pool once
        return value
    }

    func discard() {
        remaining = 0
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }
}
