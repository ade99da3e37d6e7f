#if canImport(Glibc)
import Glibc
#endif
import NIOPosix
import Wire

/// Resolves a DNS name to every IPv4 and IPv6 address it has. A headless Service's name answers
/// with one A record per ready replica, which is how the MME learns the SGW replicas it may
/// choose from and the SGW its PGW replicas. getaddrinfo blocks, so it runs on NIO's
/// blocking-work pool, never on the cooperative pool.
public enum PeerResolver {
    /// Every address of `name`; empty when the name has none (a Service without ready
    /// endpoints), nil when the lookup itself failed (DNS unreachable: keep what was known).
    public static func addresses(of name: String) async -> [IPAddress]? {
        (try? await NIOThreadPool.singleton.runIfActive { lookUp(name) }) ?? nil
    }

    /// glibc's EAI_NODATA ("no address associated with name"), which its headers only declare
    /// under _GNU_SOURCE.
    private static let noAddressForName: Int32 = -5

    private static func lookUp(_ name: String) -> [IPAddress]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        if status == EAI_NONAME || status == noAddressForName { return [] }
        guard status == 0, let first = list else { return nil }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if let address = current.pointee.ai_addr, getnameinfo(address, current.pointee.ai_addrlen, &text, socklen_t(text.count),
                                                                 nil, 0, NI_NUMERICHOST) == 0,
               let parsed = IPAddress(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)), !found.contains(parsed) {
                found.append(parsed)
            }
            entry = current.pointee.ai_next
        }
        // A stable order, so that an unchanged answer is recognised as unchanged.
        return found.sorted { $0.description < $1.description }
    }
}
