import NIOCore
import Wire

/// Strips the link-layer header of a frame down to the IP packet it carries.
enum LinkLayer {
    /// Address families of BSD loopback headers: AF_INET everywhere, AF_INET6 as Linux, NetBSD
    /// and OpenBSD, FreeBSD and Darwin number it.
    private static let inetFamily: UInt32 = 2
    private static let inet6Families: Set<UInt32> = [10, 24, 28, 30]

    /// The IP packet in `frame`, or why there is none.
    static func ipPacket(in frame: Frame) -> Result<ByteBuffer, DissectionEvent> {
        var bytes = frame.bytes
        switch frame.linkType {
        case .ethernet:
            return ethernetPayload(&bytes)
        case .linuxSLL:
            // Packet type, ARPHRD type, address length, 8 address bytes, then the protocol.
            guard bytes.readableBytes >= 16, let protocolType = bytes.getInteger(at: bytes.readerIndex + 14,
                                                                                endianness: .big,
                                                                                as: UInt16.self) else {
                return .failure(.truncated)
            }
            bytes.moveReaderIndex(forwardBy: 16)
            return ipPayload(bytes, etherType: protocolType)
        case .linuxSLL2:
            // Protocol, reserved, interface index, ARPHRD type, packet type, address length, address.
            guard bytes.readableBytes >= 20, let protocolType = bytes.getInteger(at: bytes.readerIndex,
                                                                                endianness: .big,
                                                                                as: UInt16.self) else {
                return .failure(.truncated)
            }
            bytes.moveReaderIndex(forwardBy: 20)
            return ipPayload(bytes, etherType: protocolType)
        case .raw, .rawDLT12, .rawDLT14:
            return byVersion(bytes)
        case .ipv4:
            return bytes.readableBytes > 0 ? .success(bytes) : .failure(.truncated)
        case .ipv6:
            return bytes.readableBytes > 0 ? .success(bytes) : .failure(.truncated)
        case .null, .loop:
            guard let family = bytes.readInteger(endianness: .big, as: UInt32.self) else { return .failure(.truncated) }
            // DLT_NULL is in the capturing host's byte order, so accept the family either way round.
            let families = [family, family.byteSwapped]
            if families.contains(inetFamily) || families.contains(where: inet6Families.contains) {
                return byVersion(bytes)
            }
            return .failure(.notIP)
        default:
            return .failure(.unsupportedLinkType)
        }
    }

    /// Ethernet II, through any number of 802.1Q / 802.1ad tags.
    private static func ethernetPayload(_ bytes: inout ByteBuffer) -> Result<ByteBuffer, DissectionEvent> {
        guard bytes.readableBytes >= EthernetFrame.headerLength else { return .failure(.truncated) }
        bytes.moveReaderIndex(forwardBy: 12)
        while true {
            guard let type = bytes.readInteger(endianness: .big, as: UInt16.self) else { return .failure(.truncated) }
            switch EtherType(rawValue: type) {
            case .vlan, .serviceVLAN, .legacyQinQ:
                guard bytes.readableBytes >= 2 else { return .failure(.truncated) }
                bytes.moveReaderIndex(forwardBy: 2) // tag control information
            default:
                // Values below 0x0600 are 802.3 lengths: LLC frames, not IP.
                return type < 0x0600 ? .failure(.notIP) : ipPayload(bytes, etherType: type)
            }
        }
    }

    private static func ipPayload(_ bytes: ByteBuffer, etherType: UInt16) -> Result<ByteBuffer, DissectionEvent> {
        switch EtherType(rawValue: etherType) {
        case .ipv4, .ipv6: bytes.readableBytes > 0 ? .success(bytes) : .failure(.truncated)
        default: .failure(.notIP)
        }
    }

    private static func byVersion(_ bytes: ByteBuffer) -> Result<ByteBuffer, DissectionEvent> {
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else { return .failure(.truncated) }
        return first >> 4 == 4 || first >> 4 == 6 ? .success(bytes) : .failure(.notIP)
    }
}
