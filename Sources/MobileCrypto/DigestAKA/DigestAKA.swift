/// HTTP Digest AKA, algorithm "AKAv1-MD5" (RFC 3310), as IMS uses it (TS 33.203, TS 24.229):
/// the challenge travels in the nonce, the password of the RFC 2617 computation is RES.
public enum DigestAKA {
    public static let algorithm = "AKAv1-MD5"

    /// What the nonce of a Digest AKA challenge carries (RFC 3310 3.2).
    public struct Challenge: Hashable, Sendable {
        public var rand: Key128
        public var autn: AUTN
        /// Optional server specific data appended after AUTN.
        public var serverData: [UInt8]

        public init(rand: Key128, autn: AUTN, serverData: [UInt8] = []) {
            self.rand = rand
            self.autn = autn
            self.serverData = serverData
        }

        /// nonce = base64(RAND ‖ AUTN ‖ server specific data).
        public var nonce: String { Base64.encode(rand.bytes + autn.bytes + serverData) }

        /// Reads a nonce; nil when it is not base64 or shorter than RAND ‖ AUTN.
        public init?(nonce: String) {
            guard let octets = Base64.decode(nonce), octets.count >= 32,
                  let rand = Key128(bytes: octets[0..<16]), let autn = AUTN(bytes: octets[16..<32])
            else { return nil }
            self.init(rand: rand, autn: autn, serverData: Array(octets[32...]))
        }
    }

    /// The RES octets as the Digest password (RFC 3310 3.3: "the password is RES").
    public static func password(res: UInt64) -> [UInt8] { res.bigEndianBytes }

    /// The "response" parameter for a challenge answered with `res`.
    public static func response(_ parameters: DigestParameters, res: UInt64) -> String {
        HTTPDigest.response(parameters, password: password(res: res))
    }

    /// The "rspauth" of the Authentication-Info header the S-CSCF returns on success.
    public static func responseAuthentication(_ parameters: DigestParameters, xres: UInt64) -> String {
        HTTPDigest.responseAuthentication(parameters, password: password(res: xres))
    }

    /// On a synchronisation failure the UE answers with an empty password (RFC 3310 3.4) and the
    /// "auts" parameter: base64 of the 14-octet AUTS.
    public static func autsParameter(_ auts: AUTS) -> String { Base64.encode(auts.bytes) }

    /// Reads an "auts" parameter; nil unless it is base64 of exactly 14 octets.
    public static func auts(parameter: String) -> AUTS? {
        Base64.decode(parameter).flatMap { AUTS(bytes: $0) }
    }

    /// The response a UE sends with "auts" (RFC 3310 3.4): the password is empty.
    public static func synchronisationFailureResponse(_ parameters: DigestParameters) -> String {
        HTTPDigest.response(parameters, password: [])
    }
}

/// Base64 (RFC 4648 4) with padding, without Foundation so that NF images stay small.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ octets: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((octets.count + 2) / 3 * 4)
        var index = 0
        while index < octets.count {
            let chunk = octets[index..<min(index + 3, octets.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                text.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Nil on characters outside the alphabet, misplaced padding or a length not a multiple of 4.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else { return nil }
        var octets: [UInt8] = []
        octets.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let isLast = index + 4 == characters.count
            var value: UInt32 = 0
            var padding = 0
            for position in 0..<4 {
                let character = characters[index + position]
                if character == UInt8(ascii: "=") {
                    guard isLast, position >= 2 else { return nil }
                    padding += 1
                    value <<= 6
                    continue
                }
                guard padding == 0, let sextet = sextet(character) else { return nil }
                value = value << 6 | sextet
            }
            for position in 0..<(3 - padding) { octets.append(UInt8(truncatingIfNeeded: value >> (16 - 8 * position))) }
            index += 4
        }
        return octets
    }

    private static func sextet(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
