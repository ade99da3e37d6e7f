import GTPv2C
import NIOCore
import Wire

/// The PCO the PGW answers with (TS 24.008 10.5.6.3, TS 29.061 13a): for each thing the UE asked
/// for that the APN has, the addresses. DNS by container 000DH or inside an IPCP Configure-Request
/// (RFC 1877 options 129/131, answered with a Configure-Nak), P-CSCF by container 000CH, the
/// link MTU by 0010H. Nothing asked, nothing answered.
enum PCOAnswer {
    static func answer(_ requested: ProtocolConfigurationOptions?, apn: APNSettings) -> ProtocolConfigurationOptions? {
        guard let requested else { return nil }
        var containers: [ProtocolConfigurationOptions.Container] = []
        var answered: Set<UInt16> = []
        for container in requested.containers where answered.insert(container.id.rawValue).inserted {
            switch container.id {
            case .dnsServerIPv4Address:
                containers += apn.dns.map { .init(id: .dnsServerIPv4Address, address: .v4($0)) }
            case .pcscfIPv4Address:
                containers += apn.pcscf.map { .init(id: .pcscfIPv4Address, address: .v4($0)) }
            case .ipv4LinkMTU:
                if let mtu = apn.mtu {
                    var contents = ByteBuffer()
                    contents.writeInteger(mtu)
                    containers.append(.init(id: .ipv4LinkMTU, contents: contents))
                }
            case .ipcp:
                if let nak = ipcpNak(container.contents, dns: apn.dns) { containers.append(.init(id: .ipcp, contents: nak)) }
            default:
                break
            }
        }
        return containers.isEmpty ? nil : ProtocolConfigurationOptions(containers: containers)
    }

    /// The Configure-Nak to an IPCP Configure-Request asking for DNS servers (options 129 and
    /// 131 with address 0), giving the APN's; nil for anything else.
    static func ipcpNak(_ request: ByteBuffer, dns: [IPv4Address]) -> ByteBuffer? {
        var reader = request
        guard let code = reader.readInteger(as: UInt8.self), code == 1,
              let identifier = reader.readInteger(as: UInt8.self),
              let length = reader.readInteger(as: UInt16.self), Int(length) <= request.readableBytes, length >= 4 else { return nil }
        var options = reader.readSlice(length: Int(length) - 4) ?? ByteBuffer()
        var nak = ByteBuffer()
        while let type = options.readInteger(as: UInt8.self), let size = options.readInteger(as: UInt8.self), size >= 2,
              options.readSlice(length: Int(size) - 2) != nil {
            let index = type == 129 ? 0 : type == 131 ? 1 : nil
            guard let index, index < dns.count else { continue }
            nak.writeInteger(type)
            nak.writeInteger(UInt8(6))
            nak.writeInteger(dns[index].value)
        }
        guard nak.readableBytes > 0 else { return nil }
        var packet = ByteBuffer()
        packet.writeInteger(UInt8(3))
        packet.writeInteger(identifier)
        packet.writeInteger(UInt16(4 + nak.readableBytes))
        packet.writeBuffer(&nak)
        return packet
    }
}
