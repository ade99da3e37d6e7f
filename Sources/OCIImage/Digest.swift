import Foundation

/// A content digest as the OCI specs write it, `sha256:<64 lowercase hex digits>`.
/// Only SHA-256 is produced or accepted (sha512 is legal in OCI but nothing here makes it).
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 64 lowercase hex digits.
    public let hex: String

    public init(hex: String) throws {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw ImageError.invalidDigest("sha256:\(hex)")
        }
        self.hex = hex
    }

    /// Parses `sha256:<hex>`.
    public init(parsing text: String) throws {
        guard text.hasPrefix("sha256:") else { throw ImageError.invalidDigest(text) }
        try self.init(hex: String(text.dropFirst("sha256:".count)))
    }

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest is 32 bytes")
        hex = bytes.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]], as: UTF8.self)
        }.joined()
    }

    /// The digest of `data`.
    public static func of(_ data: Data) -> Digest {
        var hasher = SHA256()
        data.withUnsafeBytes { hasher.update($0) }
        return Digest(bytes: hasher.finalize())
    }

    /// The digest and size of a file, read in 1 MiB chunks.
    public static func of(fileAt url: URL) throws -> (digest: Digest, size: Int64) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
            size += Int64(chunk.count)
        }
        return (Digest(bytes: hasher.finalize()), size)
    }

    public var description: String { "sha256:\(hex)" }

    /// The first 12 hex digits, as `docker images` shows an image id.
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
