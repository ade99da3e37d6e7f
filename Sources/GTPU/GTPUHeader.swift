import NIOCore
import Wire

/// A GTPv1-U header (TS 29.281 5.1) with its extension header chain.
///
/// Setting `sequenceNumber`, `nPDUNumber` or `extensionHeaders` sets the S, PN or E flag. Whatever
/// a receiver must ignore but a peer sent anyway lives in `ignored`, so that a decoded header
/// encodes back to the same octets.
public struct GTPUHeader: Hashable, Sendable {
    /// Fields the specification tells receivers not to evaluate, as a peer sent them. All zero for
    /// headers built here, which is what a sender must write.
    public struct IgnoredFields: Hashable, Sendable {
        /// The spare bit of the first octet ("Reserved" in tshark).
        public var spareBit = false
        /// The E flag was set with next extension header type 0: a chain with no headers.
        public var extensionFlagWithoutHeaders = false
        /// The optional octets whose flag is clear. They are on the wire only when another of
        /// E, S, PN is set, and only then written back.
        public var sequenceNumber: UInt16 = 0
        public var nPDUNumber: UInt8 = 0
        public var nextExtensionHeaderType: UInt8 = 0

        public init() {}
    }

    public var messageType: GTPUMessageType
    public var teid: UInt32
    /// Present exactly when the S flag is set.
    public var sequenceNumber: UInt16?
    /// Present exactly when the PN flag is set.
    public var nPDUNumber: UInt8?
    /// In chain order; the E flag is set when there is at least one.
    public var extensionHeaders: [GTPUExtensionHeader]
    public var ignored: IgnoredFields

    public init(messageType: GTPUMessageType, teid: UInt32, sequenceNumber: UInt16? = nil,
                nPDUNumber: UInt8? = nil, extensionHeaders: [GTPUExtensionHeader] = []) {
        self.messageType = messageType
        self.teid = teid
        self.sequenceNumber = sequenceNumber
        self.nPDUNumber = nPDUNumber
        self.extensionHeaders = extensionHeaders
        ignored = IgnoredFields()
    }

    /// The header of a parsed packet; the extension headers still share the packet's storage.
    public init(_ view: GTPUPacketView) {
        self.init(messageType: view.messageType, teid: view.teid, sequenceNumber: view.sequenceNumber,
                  nPDUNumber: view.nPDUNumber, extensionHeaders: Array(view.extensionHeaders))
        ignored.spareBit = view.flags & GTPUFlagBits.spare != 0
        guard let optional = view.optionalFields else { return }
        if !view.hasSequenceNumberFlag { ignored.sequenceNumber = optional.sequenceNumber }
        if !view.hasNPDUNumberFlag { ignored.nPDUNumber = optional.nPDUNumber }
        if !view.hasExtensionHeaderFlag {
            ignored.nextExtensionHeaderType = optional.nextExtensionHeaderType
        } else if extensionHeaders.isEmpty {
            ignored.extensionFlagWithoutHeaders = true
        }
    }

    var hasExtensionHeaderFlag: Bool { !extensionHeaders.isEmpty || ignored.extensionFlagWithoutHeaders }
    var hasOptionalFields: Bool { sequenceNumber != nil || nPDUNumber != nil || hasExtensionHeaderFlag }

    /// The first octet: version 1, PT 1, then the spare bit and the flags.
    var flags: UInt8 {
        var octet = GTPUFlagBits.plain
        if ignored.spareBit { octet |= GTPUFlagBits.spare }
        if hasExtensionHeaderFlag { octet |= GTPUFlagBits.extensionHeader }
        if sequenceNumber != nil { octet |= GTPUFlagBits.sequenceNumber }
        if nPDUNumber != nil { octet |= GTPUFlagBits.nPDUNumber }
        return octet
    }

    /// Octets between the mandatory 8 and the body: the optional fields and the extension headers.
    public var optionalLength: Int {
        guard hasOptionalFields else { return 0 }
        return extensionHeaders.reduce(4) { $0 + $1.encodedLength }
    }

    /// The whole header on the wire.
    public var encodedLength: Int { GTPUPacketView.mandatoryHeaderLength + optionalLength }

    /// Writes the header of a message whose body, `bodyLength` octets, the caller writes next.
    ///
    /// - Precondition: the optional fields, extension headers and body fit the 16-bit Length field.
    public func encode(bodyLength: Int, into buffer: inout ByteBuffer) {
        let length = optionalLength + bodyLength
        precondition(length <= Int(UInt16.max), "GTP-U Length \(length) does not fit 16 bits")
        buffer.writeU8(flags)
        buffer.writeU8(messageType.rawValue)
        buffer.writeU16(UInt16(length))
        buffer.writeU32(teid)
        guard hasOptionalFields else { return }
        buffer.writeU16(sequenceNumber ?? ignored.sequenceNumber)
        buffer.writeU8(nPDUNumber ?? ignored.nPDUNumber)
        if hasExtensionHeaderFlag {
            buffer.writeU8(extensionHeaders.first?.type.rawValue ?? 0)
        } else {
            buffer.writeU8(ignored.nextExtensionHeaderType)
        }
        for (index, header) in extensionHeaders.enumerated() {
            buffer.writeU8(header.lengthInUnits)
            buffer.writeImmutableBuffer(header.content)
            let next = extensionHeaders.index(after: index)
            buffer.writeU8(next < extensionHeaders.endIndex ? extensionHeaders[next].type.rawValue : 0)
        }
    }
}
