import NIOCore

/// A value that knows its wire encoding. Encoders write through `WireWriter`; the ByteBuffer
/// conveniences here are for callers that just want the bytes.
public protocol WireEncodable {
    func encode(into writer: inout WireWriter)
    /// Room to reserve before encoding; a guess that is too small costs a second encoding pass.
    var encodedSizeEstimate: Int { get }
}

extension WireEncodable {
    public var encodedSizeEstimate: Int { 512 }

    @inlinable
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(estimatedSize: encodedSizeEstimate) { encode(into: &$0) }
    }

    @inlinable
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}

extension IMSI: WireEncodable {}
extension MSISDN: WireEncodable {}
extension IMEI: WireEncodable {}
extension PLMN: WireEncodable {}
extension TAI: WireEncodable {}
extension ECGI: WireEncodable {}
extension IPv4Address: WireEncodable {}
extension IPv6Address: WireEncodable {}
extension IPAddress: WireEncodable {}
extension FTEID: WireEncodable {}
extension ProtocolConfigurationOptions: WireEncodable {}
extension TrafficFlowTemplate: WireEncodable {}
