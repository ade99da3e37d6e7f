import Wire

/// Why a GTPv2-C message was refused, with what the receiver needs to answer it (TS 29.274 7.7).
public enum GTPv2DecodeError: Error, Sendable, CustomStringConvertible {
    /// Not even a header could be read: drop the datagram.
    case malformedHeader(CodecError)
    /// Version is not 2: answer Version Not Supported Indication.
    case unsupportedVersion(UInt8)
    /// The IE framing is broken (an IE runs past the end of the message): cause Invalid Length.
    case malformed(CodecError, header: GTPv2Header)
    /// A mandatory IE is absent: cause Mandatory IE Missing, naming it as offending IE.
    case mandatoryIEMissing(GTPv2IEKey, header: GTPv2Header)
    /// A mandatory IE is present but its content is not valid: cause Mandatory IE Incorrect.
    case mandatoryIEIncorrect(GTPv2IEKey, header: GTPv2Header)

    /// The header of the refused message, when it could be read: the answer copies its sequence.
    public var header: GTPv2Header? {
        switch self {
        case .malformedHeader, .unsupportedVersion: nil
        case .malformed(_, let header), .mandatoryIEMissing(_, let header), .mandatoryIEIncorrect(_, let header): header
        }
    }

    /// The Cause IE a response to the refused request should carry.
    public var cause: GTPv2Cause {
        switch self {
        case .malformedHeader: GTPv2Cause(.invalidMessageFormat)
        case .unsupportedVersion: GTPv2Cause(.versionNotSupportedByNextPeer)
        case .malformed: GTPv2Cause(.invalidLength)
        case .mandatoryIEMissing(let key, _): GTPv2Cause(.mandatoryIEMissing, offendingIE: key)
        case .mandatoryIEIncorrect(let key, _): GTPv2Cause(.mandatoryIEIncorrect, offendingIE: key)
        }
    }

    public var description: String {
        switch self {
        case .malformedHeader(let error): "malformed GTPv2 header: \(error)"
        case .unsupportedVersion(let version): "GTP version \(version) is not supported"
        case .malformed(let error, let header): "malformed \(header.messageType): \(error)"
        case .mandatoryIEMissing(let key, let header): "\(header.messageType): mandatory \(key) missing"
        case .mandatoryIEIncorrect(let key, let header): "\(header.messageType): mandatory \(key) incorrect"
        }
    }
}
