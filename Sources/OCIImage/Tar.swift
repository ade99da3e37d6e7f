import Foundation

// Tar, as OCI layers use it: POSIX ustar headers, PAX extended headers ('x') for long names,
// GNU long names ('L'/'K') accepted when reading. Writing is deterministic: the caller supplies
// order, modes and mtime; owner names are empty and ids are numeric.

/// One member of a tar stream, as read or to be written.
package struct TarHeader: Equatable, Sendable {
    package enum Kind: Equatable, Sendable {
        case regular, hardLink, symbolicLink, characterDevice, blockDevice, directory, fifo
    }

    /// Relative to the archive root, without a leading `/` or `./`, without a trailing `/`.
    package var path: String
    package var kind: Kind
    package var mode: UInt32
    package var uid: UInt32 = 0
    package var gid: UInt32 = 0
    package var size: Int64 = 0
    package var mtime: Int64 = 0
    package var linkTarget: String = ""
    package var deviceMajor: UInt32 = 0
    package var deviceMinor: UInt32 = 0

    package init(path: String, kind: Kind, mode: UInt32, size: Int64 = 0, mtime: Int64 = 0, linkTarget: String = "") {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.size = size
        self.mtime = mtime
        self.linkTarget = linkTarget
    }
}

/// A sink that buffers, hashes and counts what is written to a file.
package final class HashingFileWriter {
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer = Data()
    package private(set) var count: Int64 = 0

    package init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ImageError.io("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
    }

    package func write(_ data: Data) throws {
        data.withUnsafeBytes { hasher.update($0) }
        count += Int64(data.count)
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and returns the digest and size of everything written.
    package func finish() throws -> (digest: Digest, size: Int64) {
        try flush()
        try handle.close()
        let digest = Digest(bytes: hasher.finalize())
        return (digest, count)
    }
}

package struct TarWriter {
    private let sink: HashingFileWriter

    package init(sink: HashingFileWriter) {
        self.sink = sink
    }

    package func addDirectory(_ path: String, mode: UInt32 = 0o755, mtime: Int64 = 0) throws {
        try write(TarHeader(path: path, kind: .directory, mode: mode, mtime: mtime))
    }

    package func addSymlink(_ path: String, target: String, mtime: Int64 = 0) throws {
        try write(TarHeader(path: path, kind: .symbolicLink, mode: 0o777, mtime: mtime, linkTarget: target))
    }

    package func addFile(_ path: String, contents: Data, mode: UInt32 = 0o644, mtime: Int64 = 0) throws {
        try write(TarHeader(path: path, kind: .regular, mode: mode, size: Int64(contents.count), mtime: mtime))
        try sink.write(contents)
        try pad(Int64(contents.count))
    }

    /// Copies a host file's bytes (following symlinks) into the archive under `path`.
    package func addFile(_ path: String, from source: URL, mode: UInt32, mtime: Int64 = 0) throws {
        let handle = try FileHandle(forReadingFrom: source)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        try write(TarHeader(path: path, kind: .regular, mode: mode, size: Int64(size), mtime: mtime))
        var copied: UInt64 = 0
        while copied < size, let chunk = try handle.read(upToCount: Int(min(1 << 20, size - copied))), !chunk.isEmpty {
            try sink.write(chunk)
            copied += UInt64(chunk.count)
        }
        guard copied == size else { throw ImageError.io("\(source.path) changed while it was archived") }
        try pad(Int64(size))
    }

    /// The two zero blocks that end an archive.
    package func finish() throws {
        try sink.write(Data(count: 1024))
    }

    private func pad(_ size: Int64) throws {
        let remainder = Int(size % 512)
        if remainder != 0 { try sink.write(Data(count: 512 - remainder)) }
    }

    private func write(_ header: TarHeader) throws {
        var name = header.path
        if header.kind == .directory { name += "/" }
        var prefix = ""
        var needsPAX = header.linkTarget.utf8.count > 100 || header.size > 0o77777777777
        if name.utf8.count > 100 {
            // ustar splits a long name at a slash: prefix (155) / name (100).
            if let split = Self.ustarSplit(name) { (prefix, name) = split } else { needsPAX = true }
        }
        if needsPAX {
            var records = ""
            if name.utf8.count > 100 || !prefix.isEmpty || header.path.utf8.count > 100 {
                records += Self.paxRecord("path", header.kind == .directory ? header.path + "/" : header.path)
            }
            if header.linkTarget.utf8.count > 100 { records += Self.paxRecord("linkpath", header.linkTarget) }
            if header.size > 0o77777777777 { records += Self.paxRecord("size", String(header.size)) }
            let body = Data(records.utf8)
            var pax = TarHeader(path: "PaxHeaders/" + String(header.path.suffix(80)), kind: .regular, mode: 0o644, size: Int64(body.count), mtime: header.mtime)
            pax.path = String(pax.path.utf8.prefix(99)) ?? "PaxHeaders"
            try sink.write(Self.encode(pax, name: pax.path, prefix: "", typeflag: UInt8(ascii: "x")))
            try sink.write(body)
            try pad(Int64(body.count))
            name = String(name.utf8.suffix(100)) ?? "pax"
            prefix = ""
        }
        let typeflag: UInt8 = switch header.kind {
        case .regular: UInt8(ascii: "0")
        case .hardLink: UInt8(ascii: "1")
        case .symbolicLink: UInt8(ascii: "2")
        case .characterDevice: UInt8(ascii: "3")
        case .blockDevice: UInt8(ascii: "4")
        case .directory: UInt8(ascii: "5")
        case .fifo: UInt8(ascii: "6")
        }
        try sink.write(Self.encode(header, name: name, prefix: prefix, typeflag: typeflag))
    }

    static func ustarSplit(_ name: String) -> (prefix: String, name: String)? {
        let bytes = Array(name.utf8)
        for index in stride(from: min(bytes.count - 1, 155), to: 0, by: -1) where bytes[index] == UInt8(ascii: "/") {
            let rest = bytes.count - index - 1
            if rest > 0 && rest <= 100 {
                return (String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 1)...], as: UTF8.self))
            }
        }
        return nil
    }

    /// `"<length> key=value\n"`, where the length counts the whole record including itself.
    static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    static func encode(_ header: TarHeader, name: String, prefix: String, typeflag: UInt8) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.utf8.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(Int64(header.mode & 0o7777), at: 100, width: 8)
        octal(Int64(header.uid), at: 108, width: 8)
        octal(Int64(header.gid), at: 116, width: 8)
        octal(header.kind == .regular ? header.size : 0, at: 124, width: 12)
        octal(header.mtime, at: 136, width: 12)
        block[156] = typeflag
        put(header.linkTarget, at: 157, width: 100)
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        if header.kind == .characterDevice || header.kind == .blockDevice {
            octal(Int64(header.deviceMajor), at: 329, width: 8)
            octal(Int64(header.deviceMinor), at: 337, width: 8)
        }
        put(prefix, at: 345, width: 155)
        for index in 148..<156 { block[index] = 0x20 }
        let checksum = block.reduce(0) { $0 + Int64($1) }
        octal(checksum, at: 148, width: 7)
        block[155] = 0x20
        return Data(block)
    }
}

/// Reads a tar stream member by member from a file or a pipe.
package final class TarReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var position = 0
    /// Bytes of the current member's data (and padding) not yet consumed.
    private var remaining: Int64 = 0

    package init(handle: FileHandle) {
        self.handle = handle
    }

    /// The next member's header, or nil at the end of the archive. Skips what the previous
    /// member's data the caller didn't read.
    package func next() throws -> TarHeader? {
        try skip(remaining)
        remaining = 0
        var pax: [String: String] = [:]
        var longName: String?
        var longLink: String?
        while true {
            guard let block = try read(512) else { return nil }
            if block.allSatisfy({ $0 == 0 }) { return nil }
            let bytes = [UInt8](block)
            guard Self.checksumMatches(bytes) else { throw ImageError.invalidTar("bad header checksum") }
            let typeflag = bytes[156]
            let size = try Self.number(bytes[124..<136])
            guard size >= 0 else { throw ImageError.invalidTar("negative size") }
            let padded = (size + 511) / 512 * 512
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                guard size < 1 << 20, let body = try read(Int(size)) else { throw ImageError.invalidTar("truncated PAX header") }
                try skip(padded - size)
                if typeflag == UInt8(ascii: "x") { pax.merge(try Self.parsePAX(body)) { $1 } }
                continue
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                guard size < 1 << 20, let body = try read(Int(size)) else { throw ImageError.invalidTar("truncated GNU long name") }
                try skip(padded - size)
                let text = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
                if typeflag == UInt8(ascii: "L") { longName = text } else { longLink = text }
                continue
            default:
                break
            }
            let kind: TarHeader.Kind
            switch typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .regular
            case UInt8(ascii: "1"): kind = .hardLink
            case UInt8(ascii: "2"): kind = .symbolicLink
            case UInt8(ascii: "3"): kind = .characterDevice
            case UInt8(ascii: "4"): kind = .blockDevice
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "6"): kind = .fifo
            default: throw ImageError.invalidTar("unsupported member type '\(Character(Unicode.Scalar(typeflag)))'")
            }
            var name = Self.string(bytes[0..<100])
            let prefix = Self.string(bytes[345..<500])
            if bytes[257..<262].elementsEqual("ustar".utf8), !prefix.isEmpty { name = prefix + "/" + name }
            var header = TarHeader(path: Self.clean(pax["path"] ?? longName ?? name), kind: kind,
                                   mode: UInt32(truncatingIfNeeded: try Self.number(bytes[100..<108])))
            header.uid = UInt32(truncatingIfNeeded: try Self.number(bytes[108..<116]))
            header.gid = UInt32(truncatingIfNeeded: try Self.number(bytes[116..<124]))
            header.size = pax["size"].flatMap { Int64($0) } ?? size
            header.mtime = try Self.number(bytes[136..<148])
            header.linkTarget = pax["linkpath"] ?? longLink ?? Self.string(bytes[157..<257])
            if kind == .characterDevice || kind == .blockDevice {
                header.deviceMajor = UInt32(truncatingIfNeeded: try Self.number(bytes[329..<337]))
                header.deviceMinor = UInt32(truncatingIfNeeded: try Self.number(bytes[337..<345]))
            }
            if kind != .regular { header.size = 0 }
            remaining = kind == .regular ? (header.size + 511) / 512 * 512 : (padded)
            dataLeft = header.size
            return header
        }
    }

    private var dataLeft: Int64 = 0

    /// Passes the current member's data to `body` in chunks.
    package func readData(_ body: (Data) throws -> Void) throws {
        while dataLeft > 0 {
            let chunk = Int(min(dataLeft, 1 << 20))
            guard let data = try read(chunk) else { throw ImageError.invalidTar("truncated member data") }
            try body(data)
            dataLeft -= Int64(chunk)
            remaining -= Int64(chunk)
        }
    }

    private func read(_ count: Int) throws -> Data? {
        while buffer.count - position < count {
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            guard let more = try handle.read(upToCount: max(count - buffer.count, 1 << 20)), !more.isEmpty else {
                return nil
            }
            buffer.append(more)
        }
        let slice = buffer.subdata(in: position..<(position + count))
        position += count
        return slice
    }

    private func skip(_ count: Int64) throws {
        var left = count
        while left > 0 {
            let chunk = Int(min(left, 1 << 20))
            guard try read(chunk) != nil else { throw ImageError.invalidTar("truncated archive") }
            left -= Int64(chunk)
        }
    }

    static func checksumMatches(_ bytes: [UInt8]) -> Bool {
        guard let stored = try? number(bytes[148..<156]) else { return false }
        var sum: Int64 = 0
        for (index, byte) in bytes.enumerated() { sum += (148..<156).contains(index) ? 0x20 : Int64(byte) }
        return sum == stored
    }

    /// An octal field, or a base-256 one (high bit set) as GNU tar writes big values.
    static func number(_ field: ArraySlice<UInt8>) throws -> Int64 {
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { throw ImageError.invalidTar("numeric field overflows") }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        let text = String(decoding: field.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let value = Int64(text, radix: 8) else { throw ImageError.invalidTar("bad numeric field '\(text)'") }
        return value
    }

    static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    static func parsePAX(_ body: Data) throws -> [String: String] {
        var records: [String: String] = [:]
        var rest = Substring(String(decoding: body, as: UTF8.self))
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: " "), let length = Int(rest[..<space]), length > 0,
                  let end = rest.utf8.index(rest.startIndex, offsetBy: length, limitedBy: rest.endIndex) else {
                throw ImageError.invalidTar("bad PAX record")
            }
            let record = rest[rest.index(after: space)..<end].dropLast()
            if let equals = record.firstIndex(of: "=") {
                records[String(record[..<equals])] = String(record[record.index(after: equals)...])
            }
            rest = rest[end...]
        }
        return records
    }

    /// `./a/b/` → `a/b`; `/a` → `a`.
    static func clean(_ path: String) -> String {
        var result = Substring(path)
        while result.hasPrefix("./") || result.hasPrefix("/") { result = result.hasPrefix("./") ? result.dropFirst(2) : result.dropFirst() }
        while result.hasSuffix("/") { result = result.dropLast() }
        return result == "." ? "" : String(result)
    }
}
