import Foundation
import Testing
import TestOracles
@testable import OCIImage

@Suite struct SHA256Tests {
    /// FIPS 180-4 examples (csrc.nist.gov "SHA256.pdf", "SHA2_Additional.pdf").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func fipsExamples(message: String, expected: String) {
        #expect(Digest(bytes: SHA256.hash(Array(message.utf8))).hex == expected)
    }

    @Test func millionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { chunk.withUnsafeBytes { hasher.update($0) } }
        #expect(Digest(bytes: hasher.finalize()).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries, fed in odd-sized pieces, against sha256sum.
    @Test func agreesWithSha256sum() throws {
        let path = "/usr/bin/sha256sum"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            print("skipped: \(path) is not installed")
            return
        }
        var generator = SystemRandomNumberGenerator()
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65537] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var hasher = SHA256()
            var offset = 0
            var piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                bytes[offset..<end].withUnsafeBytes { hasher.update($0) }
                offset = end
                piece = piece * 3 + 1
            }
            let file = TestEnvironment.temporaryFile("sha")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let (status, output) = try TestEnvironment.run(path, [file])
            #expect(status == 0)
            #expect(Digest(bytes: hasher.finalize()).hex == String(output.prefix(64)), "length \(length)")
        }
    }

    @Test func digestParsing() throws {
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        #expect(digest.description.hasPrefix("sha256:abab"))
        #expect(throws: ImageError.self) { try Digest(parsing: "sha256:ABAB") }
        #expect(throws: ImageError.self) { try Digest(parsing: "sha512:" + String(repeating: "0", count: 64)) }
        let encoded = try JSONEncoder().encode([digest])
        #expect(try JSONDecoder().decode([Digest].self, from: encoded) == [digest])
    }
}

@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("vcore/mme:dev", "vcore/mme", "dev"),
        ("vcore/mme", "vcore/mme", "latest"),
        ("localhost:5000/vcore/sgw:1.2.3", "localhost:5000/vcore/sgw", "1.2.3"),
        ("busybox", "busybox", "latest"),
    ])
    func parses(text: String, name: String, tag: String) throws {
        let reference = try ImageReference(parsing: text)
        #expect(reference.name == name)
        #expect(reference.tag == tag)
    }

    @Test(arguments: ["", "Vcore/mme", "vcore//mme", "../etc:x", "vcore/mme:", "vcore/mme:-x", "vcore/mme:a b", "vcore/.hidden"])
    func refuses(text: String) {
        #expect(throws: ImageError.self) { try ImageReference(parsing: text) }
    }
}
