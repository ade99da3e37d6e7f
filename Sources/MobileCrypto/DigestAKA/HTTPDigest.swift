import CLibcrypto

/// The quality of protection of an HTTP Digest exchange (RFC 2617 3.2.1).
public enum DigestQOP: String, Sendable {
    case auth
    case authInt = "auth-int"
}

/// The fields of one Digest credentials computation (RFC 2617 3.2.2), as they appear in the
/// Authorization header (unquoted).
public struct DigestParameters: Hashable, Sendable {
    public var username: String
    public var realm: String
    public var nonce: String
    public var method: String
    public var uri: String
    /// nil for the RFC 2069 compatible form without qop, nc and cnonce.
    public var qop: DigestQOP?
    /// The nonce count, eight hexadecimal digits ("00000001").
    public var nonceCount: String
    public var cnonce: String
    /// The message body, used by qop=auth-int only.
    public var entityBody: [UInt8]

    public init(username: String, realm: String, nonce: String, method: String, uri: String,
                qop: DigestQOP? = .auth, nonceCount: String = "00000001", cnonce: String = "", entityBody: [UInt8] = []) {
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.method = method
        self.uri = uri
        self.qop = qop
        self.nonceCount = nonceCount
        self.cnonce = cnonce
        self.entityBody = entityBody
    }
}

/// HTTP Digest with the MD5 algorithm (RFC 2617 3.2.2), the computation under AKAv1-MD5.
public enum HTTPDigest {
    /// The request-digest ("response") for a password given as octets (RFC 3310 uses RES as is).
    public static func response(_ parameters: DigestParameters, password: [UInt8]) -> String {
        digest(parameters, password: password, a2Method: parameters.method)
    }

    /// The response-digest of the Authentication-Info header ("rspauth", RFC 2617 3.2.3): as the
    /// request-digest but with an empty method in A2, proving the server knew the password too.
    public static func responseAuthentication(_ parameters: DigestParameters, password: [UInt8]) -> String {
        digest(parameters, password: password, a2Method: "")
    }

    private static func digest(_ parameters: DigestParameters, password: [UInt8], a2Method: String) -> String {
        let ha1 = md5Hex(Array("\(parameters.username):\(parameters.realm):".utf8) + password)
        var a2 = "\(a2Method):\(parameters.uri)"
        if parameters.qop == .authInt { a2 += ":" + md5Hex(parameters.entityBody) }
        let ha2 = md5Hex(Array(a2.utf8))
        let secretData: String
        if let qop = parameters.qop {
            secretData = "\(parameters.nonce):\(parameters.nonceCount):\(parameters.cnonce):\(qop.rawValue):\(ha2)"
        } else {
            secretData = "\(parameters.nonce):\(ha2)"
        }
        return md5Hex(Array("\(ha1):\(secretData)".utf8))
    }

    /// MD5 as 32 lower-case hexadecimal digits (RFC 2617's H and KD produce this form).
    static func md5Hex(_ data: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, OpenSSLAlgorithms.shared.md5, nil)
        }
        opensslCheck(status, "EVP_Digest(MD5)")
        return HexCoding.encode(digest)
    }
}
