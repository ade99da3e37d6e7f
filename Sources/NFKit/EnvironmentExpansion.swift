/// `${NAME}` in a configuration file is replaced by the environment variable NAME before the YAML
/// is read, so that one ConfigMap serves every replica: a pod learns its own address from the
/// downward API (`env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]`) and
/// the file says `s11: {address: "${POD_IP}"}`. `$$` is a literal `$`. A variable that is not set
/// is an error naming it and its line, never an empty string.
public enum EnvironmentExpansion {
    public struct Unset: Error, Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var line: Int
        public var description: String { "line \(line): ${\(name)} is not set in the environment" }
    }

    public static func expand(_ text: String, environment: [String: String]) throws(Unset) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var line = 1
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" { line += 1 }
            guard character == "$" else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let next = text.index(after: index)
            if next < text.endIndex, text[next] == "$" {
                result.append("$")
                index = text.index(after: next)
            } else if next < text.endIndex, text[next] == "{", let close = text[next...].firstIndex(of: "}"),
                      case let name = String(text[text.index(after: next)..<close]), isName(name) {
                guard let value = environment[name] else { throw Unset(name: name, line: line) }
                result += value
                index = text.index(after: close)
            } else {
                result.append("$")
                index = next
            }
        }
        return result
    }

    private static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
