import Wire

/// Why a NAS message was refused, with what the receiver needs to answer it (TS 24.301 clause 7).
///
/// `statusCause` is the cause an EMM STATUS or ESM STATUS should carry, or nil when the
/// specification says to drop the message without an answer (too short, unknown protocol
/// discriminator, reserved security header type). For ESM messages `bearerIdentity` and
/// `procedureTransactionIdentity` are filled in when the header could be read, so that the
/// ESM STATUS can echo them.
public struct NASDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Too short to hold a header and message type (7.2): ignored.
        case messageTooShort
        /// Not EMM or ESM (TS 24.007 11.2.3.1.1): ignored.
        case unknownProtocolDiscriminator(UInt8)
        /// A security header type the specification reserves (9.3.1): ignored.
        case reservedSecurityHeaderType(UInt8)
        /// A security-protected message given to the plain-message decoder (use `NASPDU`).
        case securityProtected(SecurityHeaderType)
        /// The message type is not defined or not implemented (7.4): cause #97.
        case unknownMessageType(UInt8)
        /// A mandatory IE is missing or malformed (7.5): cause #96.
        case invalidMandatoryInformation
        /// An unknown IE whose IEI marks it "comprehension required" (TS 24.007 11.2.4, 7.5): cause #96.
        case unknownComprehensionRequiredIE(iei: UInt8)
        /// A conditional IE is missing or present where it must not be (7.7.2): cause #100.
        case conditionalIEError
    }

    public var reason: Reason
    /// Where and what, as the lower-level reader saw it.
    public var detail: CodecError
    public var protocolDiscriminator: ProtocolDiscriminator?
    /// The message type octet, when it could be read.
    public var messageType: UInt8?
    /// ESM only: the EPS bearer identity of the refused message.
    public var bearerIdentity: UInt8?
    /// ESM only: the procedure transaction identity of the refused message.
    public var procedureTransactionIdentity: UInt8?

    public init(_ reason: Reason, _ detail: CodecError) {
        self.reason = reason
        self.detail = detail
    }

    /// The cause value for an EMM/ESM STATUS answer; nil means drop the message silently.
    /// Causes #96, #97 and #100 have the same values and meanings in EMM and ESM.
    public var statusCause: UInt8? {
        switch reason {
        case .messageTooShort, .unknownProtocolDiscriminator, .reservedSecurityHeaderType, .securityProtected: nil
        case .unknownMessageType: 97
        case .invalidMandatoryInformation, .unknownComprehensionRequiredIE: 96
        case .conditionalIEError: 100
        }
    }

    /// The EMM cause for an EMM STATUS, when the refused message was an EMM message.
    public var emmCause: EMMCause? {
        guard protocolDiscriminator != .esm, let statusCause else { return nil }
        return EMMCause(rawValue: statusCause)
    }

    /// The ESM cause for an ESM STATUS, when the refused message was an ESM message.
    public var esmCause: ESMCause? {
        guard protocolDiscriminator == .esm, let statusCause else { return nil }
        return ESMCause(rawValue: statusCause)
    }

    public var description: String {
        var what: String
        switch reason {
        case .messageTooShort: what = "message too short"
        case .unknownProtocolDiscriminator(let pd): what = "unknown protocol discriminator \(pd)"
        case .reservedSecurityHeaderType(let type): what = "reserved security header type \(type)"
        case .securityProtected(let type): what = "security protected (\(type)) where a plain message was expected"
        case .unknownMessageType(let type): what = "unknown message type 0x" + String(type, radix: 16)
        case .invalidMandatoryInformation: what = "invalid mandatory information"
        case .unknownComprehensionRequiredIE(let iei): what = "unknown comprehension-required IE 0x" + String(iei, radix: 16)
        case .conditionalIEError: what = "conditional IE error"
        }
        if let messageType { what += " in message 0x" + String(messageType, radix: 16) }
        return "NAS: \(what) (\(detail))"
    }

    static func tooShort(_ reader: WireReader, _ what: String) -> NASDecodeError {
        NASDecodeError(.messageTooShort, reader.error(.truncated(needed: 1, available: reader.remaining), what))
    }
}

/// Runs the decoding of a message's mandatory part: any error there is "invalid mandatory
/// information" (#96).
@inline(__always)
func mandatory<T>(_ body: () throws(CodecError) -> T) throws(NASDecodeError) -> T {
    do {
        return try body()
    } catch {
        throw NASDecodeError(.invalidMandatoryInformation, error)
    }
}
