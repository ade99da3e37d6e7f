import Foundation

/// What the dynamic loader reads from an ELF file to load it: the interpreter (PT_INTERP), the
/// libraries it needs (DT_NEEDED), its own name (DT_SONAME) and where to look (DT_RPATH,
/// DT_RUNPATH). 64-bit little-endian only (x86-64, AArch64), which is what VCore runs on.
public struct ELFDynamicInfo: Equatable, Sendable {
    public var machine: UInt16
    public var interpreter: String?
    public var needed: [String]
    public var soname: String?
    public var rpath: [String]
    public var runpath: [String]

    /// The OCI architecture name (`amd64`, `arm64`) for the ELF machine, if it's one we know.
    public var architecture: String? {
        switch machine {
        case 62: "amd64"
        case 183: "arm64"
        case 243: "riscv64"
        case 21: "ppc64le"
        case 22: "s390x"
        default: nil
        }
    }

    public static func read(from url: URL) throws -> ELFDynamicInfo {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        return try parse(data, name: url.path)
    }

    /// Whether `url` is an ELF file of the same class and machine (a candidate library the
    /// loader would accept for an object with `machine`).
    static func isCompatible(_ url: URL, machine: UInt16) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        let bytes = [UInt8](header)
        return bytes[0..<4].elementsEqual([0x7f, 0x45, 0x4c, 0x46]) && bytes[4] == 2 && bytes[5] == 1
            && UInt16(bytes[18]) | UInt16(bytes[19]) << 8 == machine
    }

    static func parse(_ data: Data, name: String) throws -> ELFDynamicInfo {
        let bytes = [UInt8](data.prefix(64))
        guard bytes.count == 64, bytes[0..<4].elementsEqual([0x7f, 0x45, 0x4c, 0x46]) else { throw ImageError.notELF(name) }
        guard bytes[4] == 2, bytes[5] == 1 else { throw ImageError.notELF("\(name) (only 64-bit little-endian ELF is supported)") }
        func u16(_ offset: Int) throws -> UInt16 {
            guard offset >= 0, offset + 2 <= data.count else { throw ImageError.notELF("\(name) (truncated)") }
            return data.withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
        }
        func u32(_ offset: Int) throws -> UInt32 {
            guard offset >= 0, offset + 4 <= data.count else { throw ImageError.notELF("\(name) (truncated)") }
            return data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        }
        func u64(_ offset: Int) throws -> UInt64 {
            guard offset >= 0, offset + 8 <= data.count else { throw ImageError.notELF("\(name) (truncated)") }
            return data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        }
        func offset(_ value: UInt64) throws -> Int {
            guard value < UInt64(data.count) else { throw ImageError.notELF("\(name) (offset out of range)") }
            return Int(value)
        }
        func cString(at start: Int) throws -> String {
            guard start >= 0, start < data.count else { throw ImageError.notELF("\(name) (string out of range)") }
            let end = data[start...].firstIndex(of: 0) ?? data.endIndex
            return String(decoding: data[start..<end], as: UTF8.self)
        }

        let machine = try u16(18)
        let programHeaders = try offset(try u64(32))
        let entrySize = Int(try u16(54))
        let count = Int(try u16(56))
        guard entrySize >= 56 else { throw ImageError.notELF("\(name) (bad program header size)") }

        var interpreter: String?
        var dynamic: (offset: Int, size: Int)?
        var loads: [(vaddr: UInt64, offset: UInt64, size: UInt64)] = []
        for index in 0..<count {
            let base = programHeaders + index * entrySize
            let type = try u32(base)
            let fileOffset = try u64(base + 8), vaddr = try u64(base + 16), fileSize = try u64(base + 32)
            switch type {
            case 1: loads.append((vaddr, fileOffset, fileSize))
            case 2: dynamic = (try offset(fileOffset), Int(min(fileSize, UInt64(data.count))))
            case 3: interpreter = try cString(at: try offset(fileOffset))
            default: break
            }
        }
        var info = ELFDynamicInfo(machine: machine, interpreter: interpreter, needed: [], soname: nil, rpath: [], runpath: [])
        guard let dynamic else { return info }  // static executable

        var strtab: UInt64?
        var neededOffsets: [UInt64] = [], sonameOffset: UInt64?, rpathOffset: UInt64?, runpathOffset: UInt64?
        var entry = dynamic.offset
        while entry + 16 <= dynamic.offset + dynamic.size {
            let tag = try u64(entry), value = try u64(entry + 8)
            entry += 16
            switch tag {
            case 0: break
            case 1: neededOffsets.append(value)
            case 5: strtab = value
            case 14: sonameOffset = value
            case 15: rpathOffset = value
            case 29: runpathOffset = value
            default: continue
            }
            if tag == 0 { break }
        }
        guard let strtab else { return info }
        // DT_STRTAB is a virtual address: map it to a file offset through the PT_LOAD segments.
        guard let segment = loads.first(where: { strtab >= $0.vaddr && strtab < $0.vaddr + $0.size }) else {
            throw ImageError.notELF("\(name) (string table outside the loaded segments)")
        }
        let table = Int(strtab - segment.vaddr + segment.offset)
        func string(_ at: UInt64) throws -> String { try cString(at: table + Int(truncatingIfNeeded: at)) }
        info.needed = try neededOffsets.map(string)
        info.soname = try sonameOffset.map(string)
        info.rpath = try rpathOffset.map { try string($0).split(separator: ":").map(String.init) } ?? []
        info.runpath = try runpathOffset.map { try string($0).split(separator: ":").map(String.init) } ?? []
        return info
    }
}
