import NIOCore
import Wire

/// The fixed 20-octet header of a Diameter message (RFC 6733 3).
public struct DiameterHeader: Hashable, Sendable {
    /// Command flags; reserved bits are kept so a decoded header re-encodes exactly.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let request = Flags(rawValue: 0x80)
        public static let proxiable = Flags(rawValue: 0x40)
        public static let error = Flags(rawValue: 0x20)
        public static let retransmitted = Flags(rawValue: 0x10)
    }

    public var flags: Flags
    public var commandCode: UInt32
    public var applicationID: UInt32
    public var hopByHop: UInt32
    public var endToEnd: UInt32

    public init(flags: Flags, commandCode: UInt32, applicationID: UInt32, hopByHop: UInt32, endToEnd: UInt32) {
        self.flags = flags
        self.commandCode = commandCode & 0xFF_FFFF
        self.applicationID = applicationID
        self.hopByHop = hopByHop
        self.endToEnd = endToEnd
    }

    public var isRequest: Bool { flags.contains(.request) }

    /// The header of the answer to this request: same command, application and identifiers.
    public func answerHeader(error: Bool = false) -> DiameterHeader {
        var answerFlags = flags.intersection(.proxiable)
        if error { answerFlags.insert(.error) }
        return DiameterHeader(flags: answerFlags, commandCode: commandCode, applicationID: applicationID,
                              hopByHop: hopByHop, endToEnd: endToEnd)
    }

    static let size = 20
}

/// A Diameter message: header plus AVPs in the order they came or were added.
public struct DiameterMessage: Hashable, Sendable, CustomStringConvertible {
    public var header: DiameterHeader
    public var list: AVPList

    public init(header: DiameterHeader, avps: [AVP] = []) {
        self.header = header
        self.list = AVPList(avps)
    }

    init(header: DiameterHeader, list: AVPList) {
        self.header = header
        self.list = list
    }

    /// Every top-level AVP, built; setting it rewrites the message body.
    public var avps: [AVP] {
        get { list.avps }
        set { list.avps = newValue }
    }

    public var isRequest: Bool { header.isRequest }
    public var commandCode: UInt32 { header.commandCode }
    public var applicationID: UInt32 { header.applicationID }

    /// "Update-Location Request" style name, as tshark shows it.
    public var name: String {
        let command = DiameterCommand.named(code: header.commandCode)?.name ?? "Command \(header.commandCode)"
        return command + (isRequest ? " Request" : " Answer")
    }

    public var description: String { "\(name) " + avps.map(\.description).joined(separator: " ") }

    /// The first top-level AVP with this definition's code and vendor.
    public subscript(_ definition: AVPDefinition) -> AVP? { list.first(definition) }

    public func all(_ definition: AVPDefinition) -> [AVP] { list.all(definition) }

    public mutating func append(_ avp: AVP) { list.append(avp) }

    public var sessionID: String? { self[.sessionId]?.value.text }
    public var originHost: String? { self[.originHost]?.value.text }
    public var originRealm: String? { self[.originRealm]?.value.text }
    public var resultCode: UInt32? { self[.resultCode]?.value.unsigned32 }

    /// The Experimental-Result-Code, and its vendor, of an answer that carries one.
    public var experimentalResult: (vendor: UInt32, code: UInt32)? {
        guard let grouped = self[.experimentalResult] else { return nil }
        guard let code = grouped[.experimentalResultCode]?.value.unsigned32 else { return nil }
        return (grouped[.vendorId]?.value.unsigned32 ?? 0, code)
    }
}

extension AVP {
    /// The first child with this definition, when this AVP is grouped.
    public subscript(_ definition: AVPDefinition) -> AVP? {
        guard case .grouped(let group) = value else { return nil }
        return group.first(definition)
    }

    public func all(_ definition: AVPDefinition) -> [AVP] {
        value.children?.filter { $0.isA(definition) } ?? []
    }
}
