import Testing
@testable import MobileCrypto

@Suite struct DigestAKATests {
    /// RFC 3310's example exchange (section 3.4 of its text) shows the message shapes only: its
    /// RES is not given, and its response value "6629fae49393a05397450978507c4ef1" is the one of
    /// RFC 2617 section 3.5, whose inputs are all printed. That computation is what is checked
    /// here; a real AKAv1-MD5 exchange is checked against a capture in CaptureTests.
    @Test func rfc2617Section3Point5Example() {
        let parameters = DigestParameters(username: "Mufasa", realm: "testrealm@host.com",
                                          nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET",
                                          uri: "/dir/index.html", qop: .auth, nonceCount: "00000001", cnonce: "0a4f113b")
        #expect(HTTPDigest.response(parameters, password: Array("Circle Of Life".utf8)) == "6629fae49393a05397450978507c4ef1")
    }

    @Test func nonceCarriesRANDAndAUTNAndServerData() throws {
        let challenge = DigestAKA.Challenge(rand: key128("23553cbe9637a89d218ae64dae47bf35"),
                                            autn: try #require(AUTN(bytes: bytes("55f328b43577b9b94a9ffac354dfafb3"))),
                                            serverData: [1, 2, 3])
        let parsed = try #require(DigestAKA.Challenge(nonce: challenge.nonce))
        #expect(parsed == challenge)
        #expect(DigestAKA.Challenge(nonce: "not base64!") == nil)
        #expect(DigestAKA.Challenge(nonce: Base64.encode(Array(repeating: 0, count: 31))) == nil)
    }

    @Test func autsParameterIsBase64OfTheFourteenOctets() throws {
        let auts = try #require(AUTS(bytes: bytes("1120ee2a37e7ded26ad875592810")))
        let parameter = DigestAKA.autsParameter(auts)
        #expect(parameter == "ESDuKjfn3tJq2HVZKBA=")
        #expect(DigestAKA.auts(parameter: parameter) == auts)
        #expect(DigestAKA.auts(parameter: "ESDuKjfn3tJq2HVZ") == nil)
    }

    /// RFC 4648 section 10.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["Zg=", "Z===", "Zg==Zg==", "Zm9v!A==", "=Zm9"])
    func malformedBase64IsRejected(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    /// The S-CSCF's rspauth uses an empty method; auth-int hashes the body into A2.
    @Test func responseAuthenticationAndAuthIntDiffer() {
        var parameters = DigestParameters(username: "u@ims", realm: "ims", nonce: "n", method: "REGISTER", uri: "sip:ims",
                                          cnonce: "c")
        let res: UInt64 = 0xA54211D5E3BA50BF
        let response = DigestAKA.response(parameters, res: res)
        #expect(DigestAKA.responseAuthentication(parameters, xres: res) != response)
        parameters.qop = .authInt
        #expect(DigestAKA.response(parameters, res: res) != response)
        parameters.qop = nil
        #expect(DigestAKA.response(parameters, res: res).count == 32)
    }
}
