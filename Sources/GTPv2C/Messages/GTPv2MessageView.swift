import NIOCore

/// A typed view of one message type: named roles over the message's IE list.
///
/// Views never copy IEs out: reading a property looks the IE up, writing it replaces or appends
/// it. So a view of a received message still re-encodes exactly as it came.
public protocol GTPv2MessageView: Sendable {
    static var messageType: GTPv2MessageType { get }
    var message: GTPv2Message { get set }
    init(unchecked message: GTPv2Message)
}

extension GTPv2MessageView {
    /// A view of `message`, nil when it is another type of message.
    public init?(_ message: GTPv2Message) {
        guard message.type == Self.messageType else { return nil }
        self.init(unchecked: message)
    }

    /// An empty message of this type; fill it in through the view's properties.
    public init(teid: UInt32?, sequenceNumber: UInt32) {
        self.init(unchecked: GTPv2Message(Self.messageType, teid: teid, sequenceNumber: sequenceNumber))
    }

    public var header: GTPv2Header {
        get { message.header }
        set { message.header = newValue }
    }

    public var privateExtension: PrivateExtension? {
        get { message[.privateExtension()] }
        set { message[.privateExtension()] = newValue }
    }

    public func encode(into buffer: inout ByteBuffer) { message.encode(into: &buffer) }
}

/// Views of the answers to a request share the Cause and Recovery roles.
public protocol GTPv2ResponseView: GTPv2MessageView {}

extension GTPv2ResponseView {
    public var cause: GTPv2Cause? {
        get { message[.cause()] }
        set { message[.cause()] = newValue }
    }
    public var recovery: UInt8? {
        get { message[.recovery()] }
        set { message[.recovery()] = newValue }
    }
}

public struct EchoRequest: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.echoRequest
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }

    public var recovery: UInt8? {
        get { message[.recovery()] }
        set { message[.recovery()] = newValue }
    }
}

public struct EchoResponse: GTPv2ResponseView {
    public static let messageType = GTPv2MessageType.echoResponse
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }
}

/// Sent back to a peer that used a GTP version this node does not speak (TS 29.274 7.1.3).
public struct VersionNotSupportedIndication: GTPv2MessageView {
    public static let messageType = GTPv2MessageType.versionNotSupportedIndication
    public var message: GTPv2Message
    public init(unchecked message: GTPv2Message) { self.message = message }
}
