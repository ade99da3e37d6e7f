/// What following the subscribers' NAS security through a capture found, counted per protected
/// NAS message (envelopes of security header type 1-4 and SERVICE REQUESTs).
public struct SecurityCounts: Codable, Sendable, Equatable {
    /// The MAC checked out with the NAS COUNT the receiver would estimate.
    public var verified = 0
    /// A context for the UE was known and the MAC did not check out with it.
    public var macFailed = 0
    /// Verified and of a ciphered header type, so the inner message was deciphered (with the
    /// algorithm the SECURITY MODE COMMAND selected; EEA0 included).
    public var deciphered = 0
    /// No context was known for the UE: its authentication was not in the capture, or it is not
    /// one of the subscribers given.
    public var noKey = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case verified
        case macFailed = "mac_failed"
        case deciphered
        case noKey = "no_key"
    }
}
