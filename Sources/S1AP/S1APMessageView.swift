import APER
import NIOCore
import Wire

/// A typed view of one message type: named IE properties over the message's IE list.
///
/// Views never copy IEs out: reading a property decodes the IE, writing it encodes the value into
/// the list (in the order of TS 36.413's table) or removes it for nil. So a view of a received
/// message still re-encodes exactly as it came.
public protocol S1APMessageView: Sendable {
    static var spec: S1APMessageSpec { get }
    var message: S1APMessage { get set }
    init(unchecked message: S1APMessage)
}

extension S1APMessageView {
    /// A view of `message`, nil when it is another type of message.
    public init?(_ message: S1APMessage) {
        guard message.procedureCode == Self.spec.procedureCode, message.kind == Self.spec.kind else { return nil }
        self.init(unchecked: message)
    }

    /// An empty message of this type with its procedure's criticality; set its IEs through the
    /// view's properties.
    public init() {
        // Most messages are a few IEs of a few dozen octets; a NAS-PDU or a container may grow it.
        self.init(unchecked: S1APMessage(kind: Self.spec.kind, procedureCode: Self.spec.procedureCode,
                                         criticality: Self.spec.procedureCriticality,
                                         ies: ProtocolIEList(reservingCapacity: Self.spec.ies.count, octets: 256)))
    }

    /// The IE with this id, decoded.
    public func ie<C: APERCoding>(_ id: ProtocolIEID, _ codec: C.Type) -> C.Value? {
        message.ies.value(id, codec)
    }

    /// Sets the IE with this id (with the criticality the specification gives it), or removes it.
    public mutating func setIE<C: APERCoding>(_ id: ProtocolIEID, _ value: C.Value?, _ codec: C.Type) {
        guard let value else {
            message.ies.remove(id)
            return
        }
        let criticality = Self.spec.criticality(of: id) ?? .ignore
        message.ies.set(id, criticality, encoding: C.encoded(value), order: Self.spec.ids)
    }

    /// The IEs the message type requires that this message lacks.
    public var missingMandatoryIEs: [ProtocolIEID] {
        Self.spec.ies.filter { $0.presence == .mandatory && !message.ies.contains($0.id) }.map(\.id)
    }

    public func encoded() -> ByteBuffer { message.encoded() }
    public func encode(into buffer: inout ByteBuffer) { message.encode(into: &buffer) }
}
