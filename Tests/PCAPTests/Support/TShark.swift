import TestOracles
import Foundation

/// tshark as an oracle: what it counts in a capture, computed at test time.
enum TShark {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "tshark is not installed (apt-get install tshark)" }
    }

    /// One row of tab-separated field values per frame that passes `filter`; a field with several
    /// occurrences (bundled chunks, tunnelled layers) holds them comma-separated.
    static func fields(_ file: String, filter: String? = nil, _ fields: [String],
                       extra: [String] = []) throws -> [[String]] {
        guard let tshark = TestEnvironment.tsharkPath else { throw Missing() }
        var arguments = ["-n", "-r", file] + extra
        if let filter { arguments += ["-Y", filter] }
        arguments += ["-T", "fields", "-E", "separator=/t"] + fields.flatMap { ["-e", $0] }
        let output = try TestEnvironment.run(tshark, arguments).output
        return output.split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The bytes of each direction of TCP stream `index`, keyed "address:port > address:port",
    /// from `-z follow,tcp,raw`.
    static func followTCP(_ file: String, stream index: String) throws -> [String: [UInt8]] {
        guard let tshark = TestEnvironment.tsharkPath else { throw Missing() }
        let output = try TestEnvironment.run(tshark, ["-n", "-r", file, "-q", "-z", "follow,tcp,raw,\(index)"]).output
        var nodes: [String] = []
        var bytes: [String: [UInt8]] = [:]
        for line in output.split(separator: "\n") {
            if line.hasPrefix("Node 0: ") || line.hasPrefix("Node 1: ") {
                nodes.append(String(line.dropFirst(8)))
            } else if nodes.count == 2, let first = line.first, first == "\t" || first.isHexDigit {
                // Node 0's data is flush left, node 1's indented by a tab.
                let (from, to) = first == "\t" ? (nodes[1], nodes[0]) : (nodes[0], nodes[1])
                bytes["\(from) > \(to)", default: []] += hexBytes(line.drop { $0 == "\t" })
            }
        }
        return bytes
    }

    private static func hexBytes(_ text: Substring) -> [UInt8] {
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex),
              let byte = UInt8(text[index..<next], radix: 16) {
            result.append(byte)
            index = next
        }
        return result
    }
}
