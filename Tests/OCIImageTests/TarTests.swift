import Foundation
import Testing
import TestOracles
@testable import OCIImage

@Suite struct TarTests {
    /// Our archive, listed by GNU tar (an independent reader), and read back by ours.
    @Test func writesWhatGNUTarReadsAndReadsItBack() throws {
        let directory = URL(fileURLWithPath: TestEnvironment.temporaryFile("tar"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("layer.tar")
        let longName = String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 90)
        let veryLongName = String(repeating: "x", count: 300)
        let sink = try HashingFileWriter(url: archive)
        let writer = TarWriter(sink: sink)
        try writer.addDirectory("etc", mode: 0o755, mtime: 1_700_000_000)
        try writer.addFile("etc/passwd", contents: Data("root:x:0:0::/:\n".utf8), mode: 0o644, mtime: 1_700_000_000)
        try writer.addSymlink("lib64", target: "lib")
        try writer.addFile(longName, contents: Data("long\n".utf8))
        try writer.addFile(veryLongName, contents: Data(count: 513), mode: 0o755)
        try writer.finish()
        let (digest, size) = try sink.finish()
        #expect(size % 512 == 0)
        #expect(try Digest.of(fileAt: archive) == (digest, size))

        let (status, listing) = try TestEnvironment.run("/usr/bin/tar", ["-tvf", archive.path])
        #expect(status == 0)
        let lines = listing.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("drwxr-xr-x 0/0") && lines[0].hasSuffix("etc/"))
        #expect(lines[1].contains("-rw-r--r-- 0/0") && lines[1].contains(" 15 2023-11-14") && lines[1].hasSuffix("etc/passwd"))
        #expect(lines[2].hasSuffix("lib64 -> lib"))
        #expect(lines[3].hasSuffix(longName))
        #expect(lines[4].hasPrefix("-rwxr-xr-x") && lines[4].hasSuffix(veryLongName))

        let handle = try FileHandle(forReadingFrom: archive)
        defer { try? handle.close() }
        let reader = TarReader(handle: handle)
        var members: [TarHeader] = []
        var passwd = Data()
        while let header = try reader.next() {
            members.append(header)
            if header.path == "etc/passwd" { try reader.readData { passwd.append($0) } }
        }
        #expect(members.map(\.path) == ["etc", "etc/passwd", "lib64", longName, veryLongName])
        #expect(members.map(\.kind) == [.directory, .regular, .symbolicLink, .regular, .regular])
        #expect(members[2].linkTarget == "lib")
        #expect(members[4].size == 513 && members[4].mode == 0o755)
        #expect(String(decoding: passwd, as: UTF8.self) == "root:x:0:0::/:\n")
    }

    /// An archive GNU tar made (GNU long names, ./ prefixes) reads as expected.
    @Test func readsGNUTarArchives() throws {
        let directory = URL(fileURLWithPath: TestEnvironment.temporaryFile("gnutar"))
        let tree = directory.appendingPathComponent("tree")
        let nested = tree.appendingPathComponent(String(repeating: "n", count: 120))
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("hello".utf8).write(to: nested.appendingPathComponent("file.txt"))
        try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("link").path, withDestinationPath: "target")
        let archive = directory.appendingPathComponent("gnu.tar")
        let (status, _) = try TestEnvironment.run("/usr/bin/tar", ["--format=gnu", "-cf", archive.path, "-C", tree.path, "."])
        #expect(status == 0)
        let handle = try FileHandle(forReadingFrom: archive)
        defer { try? handle.close() }
        let reader = TarReader(handle: handle)
        var found: [String: TarHeader] = [:]
        while let header = try reader.next() { found[header.path] = header }
        #expect(found[""]?.kind == .directory)
        #expect(found[String(repeating: "n", count: 120) + "/file.txt"]?.size == 5)
        #expect(found["link"]?.linkTarget == "target")
    }

    @Test func corruptHeaderIsATypedError() throws {
        let file = URL(fileURLWithPath: TestEnvironment.temporaryFile("bad.tar"))
        defer { try? FileManager.default.removeItem(at: file) }
        var block = [UInt8](TarWriter.encode(TarHeader(path: "a", kind: .regular, mode: 0o644), name: "a", prefix: "", typeflag: 0x30))
        block[0] = UInt8(ascii: "b")  // checksum no longer matches
        try Data(block + [UInt8](repeating: 0, count: 1024)).write(to: file)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        #expect(throws: ImageError.invalidTar("bad header checksum")) { try TarReader(handle: handle).next() }
    }

    @Test func paxRecordLengthCountsItself() {
        #expect(TarWriter.paxRecord("path", "abc") == "12 path=abc\n")
        let record = TarWriter.paxRecord("path", String(repeating: "a", count: 95))
        #expect(record.utf8.count == Int(record.prefix { $0 != " " }))
    }
}
