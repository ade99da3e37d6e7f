/// `${NAME}` in a configuration file is replaced by the environment variable NAME before the YAML
/// is read, so that one ConfigMap serves every replica: a pod learns its own address from the
/// downward API (`env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]`) and
/// the file says `s11: {address: "${POD_IP}"}`.
///
/// `${interface:net1}` is the IPv4 address of the pod's interface `net1`: the address an extra
/// network (Multus, or the bundled orchestrator's attachments, both name them net1, net2, ...)
/// gave the pod, which the downward API cannot tell. Replicas on a dynamically addressed network,
/// like the SGW's S1-U on `ran`, name their interface instead of an address. NAME is an interface
/// name as `Check.interfaceName` has it (1-15 letters, digits, - _ .).
///
/// `$$` is a literal `$`. A variable that is not set, or an interface without an IPv4 address, is
/// an error naming it and its line, never an empty string.
public enum EnvironmentExpansion {
    public struct Unset: Error, Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var line: Int
        public var description: String {
            name.hasPrefix(interfacePrefix)
                ? "line \(line): ${\(name)}: the pod has no interface \(name.dropFirst(interfacePrefix.count)) with an IPv4 address"
                : "line \(line): ${\(name)} is not set in the environment"
        }
    }

    static let interfacePrefix = "interface:"

    /// `interfaceAddress` answers `${interface:NAME}`; by default the host's own interfaces.
    public static func expand(_ text: String, environment: [String: String],
                              interfaceAddress: (String) -> String? = InterfaceAddresses.ipv4) throws(Unset) -> String {
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
                      case let reference = String(text[text.index(after: next)..<close]),
                      let value = try value(of: reference, environment, interfaceAddress, line: line) {
                result += value
                index = text.index(after: close)
            } else {
                result.append("$")
                index = next
            }
        }
        return result
    }

    /// The value `${reference}` stands for; nil when the braces hold no reference at all (kept as
    /// written), an error when they name something that is not there.
    private static func value(of reference: String, _ environment: [String: String], _ interfaceAddress: (String) -> String?,
                              line: Int) throws(Unset) -> String? {
        if reference.hasPrefix(interfacePrefix) {
            let interface = String(reference.dropFirst(interfacePrefix.count))
            guard Check.isInterfaceName(interface) else { return nil }
            guard let address = interfaceAddress(interface) else { throw Unset(name: reference, line: line) }
            return address
        }
        guard isName(reference) else { return nil }
        guard let value = environment[reference] else { throw Unset(name: reference, line: line) }
        return value
    }

    private static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
