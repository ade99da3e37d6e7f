import NIOCore
#if canImport(Glibc)
import Glibc
#endif

extension SocketAddress {
    /// "10.0.0.1:36412" or "[fd00::1]:36412", as operators write them.
    var endpoint: String {
        let host = ipAddress ?? "?"
        let port = port ?? 0
        return self.protocol == .inet6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    var isIPv6: Bool { self.protocol == .inet6 }
}

extension Array where Element == SocketAddress {
    var endpoints: String { map(\.endpoint).joined(separator: ", ") }
}

enum SocketAddresses {
    /// Only IPv4 and IPv6 addresses carry SCTP.
    static func checkIP(_ addresses: [SocketAddress]) throws(SCTPError) {
        for address in addresses {
            switch address {
            case .v4, .v6: continue
            case .unixDomainSocket: throw .invalidAddress("\(address): SCTP needs an IPv4 or IPv6 address")
            }
        }
    }

    /// The socket family for a set of addresses: IPv6 sockets also carry IPv4 addresses.
    static func family(of addresses: [SocketAddress]) -> Int32 {
        addresses.contains(where: \.isIPv6) ? AF_INET6 : AF_INET
    }

    /// The addresses as one packed array of sockaddr_in/sockaddr_in6, the layout
    /// sctp_bindx/sctp_connectx (kernel and usrsctp) take.
    static func packed(_ addresses: [SocketAddress]) -> [UInt8] {
        var bytes: [UInt8] = []
        for address in addresses {
            address.withSockAddr { pointer, size in
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: size))
            }
        }
        return bytes
    }

    /// Walks a packed address list as getpaddrs/getladdrs return it (no sa_len on Linux: the family
    /// says how long each entry is).
    static func unpack(_ base: UnsafeRawPointer, count: Int) -> [SocketAddress] {
        var addresses: [SocketAddress] = []
        var offset = 0
        for _ in 0..<count {
            let family = Int32(base.loadUnaligned(fromByteOffset: offset, as: sa_family_t.self))
            if family == AF_INET {
                addresses.append(SocketAddress(base.loadUnaligned(fromByteOffset: offset, as: sockaddr_in.self)))
                offset += MemoryLayout<sockaddr_in>.size
            } else if family == AF_INET6 {
                addresses.append(SocketAddress(base.loadUnaligned(fromByteOffset: offset, as: sockaddr_in6.self)))
                offset += MemoryLayout<sockaddr_in6>.size
            } else {
                break
            }
        }
        return addresses
    }

    /// The address in a sockaddr_storage a notification carries.
    static func peerAddress(in storage: UnsafeRawPointer) -> SCTPPeerAddress? {
        let family = Int32(storage.loadUnaligned(as: sa_family_t.self))
        if family == AF_INET {
            var address = storage.loadUnaligned(as: sockaddr_in.self)
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count)) != nil else { return nil }
            return SCTPPeerAddress(host: nullTerminated(text), port: UInt16(bigEndian: address.sin_port))
        }
        if family == AF_INET6 {
            var address = storage.loadUnaligned(as: sockaddr_in6.self)
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(text.count)) != nil else { return nil }
            return SCTPPeerAddress(host: nullTerminated(text), port: UInt16(bigEndian: address.sin6_port))
        }
        return nil
    }

    private static func nullTerminated(_ text: [CChar]) -> String {
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

