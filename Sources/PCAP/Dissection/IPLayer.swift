import NIOCore
import Wire

/// Where a fragment's data goes in its datagram.
struct IPFragmentInfo {
    var identification: UInt32
    /// Byte offset of this fragment's data in the datagram's payload (IPv4) or fragmentable part (IPv6).
    var offset: Int
    var moreFragments: Bool
}

/// An IP packet with its headers read: the transport protocol and its bytes, or one fragment.
struct IPPacketInfo {
    var source: IPAddress
    var destination: IPAddress
    /// The transport protocol; for a fragment, the protocol of the reassembled datagram (IPv4) or
    /// the header that follows the fragment header (IPv6).
    var `protocol`: IPProtocol
    /// The transport bytes, or the fragment's data; trimmed to the length the header states, so
    /// link-layer padding never reaches the transport.
    var payload: ByteBuffer
    var fragment: IPFragmentInfo?
    var isIPv6: Bool
}

/// Reads IPv4 and IPv6 headers, IPv4 options and IPv6 extension headers.
enum IPLayer {
    static func parse(_ packet: ByteBuffer) -> Result<IPPacketInfo, DissectionEvent> {
        guard let first = packet.getInteger(at: packet.readerIndex, as: UInt8.self) else { return .failure(.truncated) }
        switch first >> 4 {
        case 4: return parseIPv4(packet)
        case 6: return parseIPv6(packet)
        default: return .failure(.malformed)
        }
    }

    private static func parseIPv4(_ packet: ByteBuffer) -> Result<IPPacketInfo, DissectionEvent> {
        var reader = WireReader(packet)
        guard reader.remaining >= IPv4Header.minimumLength,
              let versionAndLength = try? reader.u8("IPv4 version"),
              let _ = try? reader.u8("IPv4 TOS"),
              let totalLength = try? reader.u16("IPv4 total length"),
              let identification = try? reader.u16("IPv4 identification"),
              let flagsAndOffset = try? reader.u16("IPv4 flags"),
              let _ = try? reader.u8("IPv4 TTL"),
              let number = try? reader.u8("IPv4 protocol"),
              let _ = try? reader.u16("IPv4 checksum"),
              let source = try? IPv4Address.decode(&reader),
              let destination = try? IPv4Address.decode(&reader)
        else { return .failure(.truncated) }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= IPv4Header.minimumLength else { return .failure(.malformed) }
        // A total length of 0 is what Linux shows for segmentation-offloaded packets larger than
        // the field can say; like Wireshark, take the captured length then.
        let length = totalLength == 0 ? packet.readableBytes : Int(totalLength)
        guard length >= headerLength else { return .failure(.malformed) }
        guard length <= packet.readableBytes else { return .failure(.truncated) }
        guard let payload = packet.getSlice(at: packet.readerIndex + headerLength, length: length - headerLength) else {
            return .failure(.truncated)
        }
        let offset = Int(flagsAndOffset & 0x1FFF) * 8
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragment = offset > 0 || moreFragments
            ? IPFragmentInfo(identification: UInt32(identification), offset: offset, moreFragments: moreFragments)
            : nil
        return .success(IPPacketInfo(source: .v4(source), destination: .v4(destination),
                                     protocol: IPProtocol(rawValue: number), payload: payload, fragment: fragment,
                                     isIPv6: false))
    }

    private static func parseIPv6(_ packet: ByteBuffer) -> Result<IPPacketInfo, DissectionEvent> {
        var reader = WireReader(packet)
        guard reader.remaining >= IPv6Header.length,
              let _ = try? reader.u32("IPv6 version, class, flow"),
              let payloadLength = try? reader.u16("IPv6 payload length"),
              let nextHeader = try? reader.u8("IPv6 next header"),
              let _ = try? reader.u8("IPv6 hop limit"),
              let source = try? IPv6Address.decode(&reader),
              let destination = try? IPv6Address.decode(&reader)
        else { return .failure(.truncated) }
        // Zero is a jumbogram or, in Linux captures, an offloaded segment: take what was captured.
        let length = payloadLength == 0 ? reader.remaining : Int(payloadLength)
        guard length <= reader.remaining, let payload = reader.unread.getSlice(at: reader.unread.readerIndex,
                                                                                length: length) else {
            return .failure(.truncated)
        }
        return walkExtensionHeaders(from: IPProtocol(rawValue: nextHeader), payload).map { walked in
            IPPacketInfo(source: .v6(source), destination: .v6(destination), protocol: walked.protocol,
                         payload: walked.payload, fragment: walked.fragment, isIPv6: true)
        }
    }

    /// Skips IPv6 extension headers up to the transport, or up to and including a Fragment header
    /// (the rest is then fragment data, walked again once reassembled).
    static func walkExtensionHeaders(from first: IPProtocol, _ bytes: ByteBuffer)
        -> Result<(protocol: IPProtocol, payload: ByteBuffer, fragment: IPFragmentInfo?), DissectionEvent>
    {
        var next = first
        var rest = bytes
        while true {
            switch next {
            case .ipv6HopByHop, .ipv6Routing, .ipv6DestinationOptions, .authenticationHeader:
                guard let following = rest.getInteger(at: rest.readerIndex, as: UInt8.self),
                      let lengthField = rest.getInteger(at: rest.readerIndex + 1, as: UInt8.self)
                else { return .failure(.truncated) }
                // AH counts 4-octet units minus 2, the others 8-octet units beyond the first 8.
                let length = next == .authenticationHeader ? (Int(lengthField) + 2) * 4 : (Int(lengthField) + 1) * 8
                guard rest.readableBytes >= length else { return .failure(.truncated) }
                rest.moveReaderIndex(forwardBy: length)
                next = IPProtocol(rawValue: following)
            case .ipv6Fragment:
                guard let following = rest.readInteger(as: UInt8.self),
                      let _ = rest.readInteger(as: UInt8.self),
                      let offsetAndFlags = rest.readInteger(endianness: .big, as: UInt16.self),
                      let identification = rest.readInteger(endianness: .big, as: UInt32.self)
                else { return .failure(.truncated) }
                let fragment = IPFragmentInfo(identification: identification, offset: Int(offsetAndFlags >> 3) * 8,
                                              moreFragments: offsetAndFlags & 1 != 0)
                // An "atomic fragment" (offset 0, no more) is a whole packet; walk on.
                if fragment.offset == 0 && !fragment.moreFragments {
                    next = IPProtocol(rawValue: following)
                    continue
                }
                return .success((IPProtocol(rawValue: following), rest, fragment))
            default:
                return .success((next, rest, IPFragmentInfo?.none))
            }
        }
    }
}
