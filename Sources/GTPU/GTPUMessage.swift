import NIOCore
import Wire

/// A GTPv1-U message (TS 29.281): a header and a typed body.
///
/// The header's message type always follows the body: setting either keeps them in step.
public struct GTPUMessage: Hashable, Sendable, CustomStringConvertible {
    public var header: GTPUHeader {
        didSet { header.messageType = body.messageType }
    }

    public var body: Body {
        didSet { header.messageType = body.messageType }
    }

    public enum Body: Hashable, Sendable {
        case echoRequest(EchoRequest)
        case echoResponse(EchoResponse)
        case errorIndication(ErrorIndication)
        case supportedExtensionHeadersNotification(SupportedExtensionHeadersNotification)
        case endMarker(EndMarker)
        /// The T-PDU: the user's packet, a slice of the datagram it was read from.
        case gPDU(ByteBuffer)
        /// A type this codec does not model (Tunnel Status, or anything newer), body kept as sent.
        /// Use the typed cases for the types they cover: this one is written as given.
        case other(GTPUMessageType, ByteBuffer)

        public var messageType: GTPUMessageType {
            switch self {
            case .echoRequest: .echoRequest
            case .echoResponse: .echoResponse
            case .errorIndication: .errorIndication
            case .supportedExtensionHeadersNotification: .supportedExtensionHeadersNotification
            case .endMarker: .endMarker
            case .gPDU: .gPDU
            case .other(let type, _): type
            }
        }
    }

    /// The header's message type is taken from the body.
    public init(header: GTPUHeader, body: Body) {
        var header = header
        header.messageType = body.messageType
        self.header = header
        self.body = body
    }

    /// The type's name as tshark shows it ("Echo request", "T-PDU").
    public var name: String { body.messageType.name }

    public var description: String {
        var text = "\(name) teid=0x\(String(header.teid, radix: 16))"
        if let sequenceNumber = header.sequenceNumber { text += " seq=\(sequenceNumber)" }
        if !header.extensionHeaders.isEmpty {
            text += " ext=[" + header.extensionHeaders.map(\.type.name).joined(separator: ", ") + "]"
        }
        if case .gPDU(let payload) = body { text += " payload=\(payload.readableBytes)B" }
        return text
    }

    /// Decodes the GTP-U message at the start of `datagram`. Octets after the end its Length field
    /// gives are ignored; see `GTPUPacketView.messageLength` to tell them apart.
    public static func decode(_ datagram: ByteBuffer) throws(GTPUDecodeError) -> GTPUMessage {
        let view = try GTPUPacketView.parse(datagram)
        do throws(CodecError) {
            return GTPUMessage(header: GTPUHeader(view), body: try Body.decode(view))
        } catch {
            throw .malformed(error)
        }
    }

    /// Appends the message to `buffer`.
    ///
    /// - Precondition: everything after the 8 mandatory octets fits the 16-bit Length field.
    public func encode(into buffer: inout ByteBuffer) {
        switch body {
        case .gPDU(let payload), .other(_, let payload):
            header.encode(bodyLength: payload.readableBytes, into: &buffer)
            buffer.writeImmutableBuffer(payload)
        case .echoRequest(let message): encode(message.informationElements, into: &buffer)
        case .echoResponse(let message): encode(message.informationElements, into: &buffer)
        case .errorIndication(let message): encode(message.informationElements, into: &buffer)
        case .supportedExtensionHeadersNotification(let message): encode(message.informationElements, into: &buffer)
        case .endMarker(let message): encode(message.informationElements, into: &buffer)
        }
    }

    private func encode(_ elements: [GTPUInformationElement], into buffer: inout ByteBuffer) {
        header.encode(bodyLength: elements.reduce(0) { $0 + $1.encodedLength }, into: &buffer)
        for element in elements { element.encode(into: &buffer) }
    }
}

extension GTPUMessage.Body {
    static func decode(_ view: GTPUPacketView) throws(CodecError) -> Self {
        switch view.messageType {
        case .gPDU: return .gPDU(view.body)
        case .echoRequest: return .echoRequest(try signalling(view))
        case .echoResponse: return .echoResponse(try signalling(view))
        case .errorIndication: return .errorIndication(try signalling(view))
        case .supportedExtensionHeadersNotification: return .supportedExtensionHeadersNotification(try signalling(view))
        case .endMarker: return .endMarker(try signalling(view))
        default: return .other(view.messageType, view.body)
        }
    }

    private static func signalling<Body: GTPUSignallingBody>(_ view: GTPUPacketView) throws(CodecError) -> Body {
        var reader = WireReader(view.body, origin: view.bodyOffset)
        return try Body(GTPUInformationElement.decodeAll(&reader), at: view.bodyOffset)
    }
}
