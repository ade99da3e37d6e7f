import Foundation
import Wire

/// One entry of the Multus annotation `k8s.v1.cni.cncf.io/networks` (the Network Plumbing Working
/// Group's "network selection element"): which NetworkAttachmentDefinition, and optionally the
/// interface name, static IPs and MAC address the pod wants on it.
public struct NetworkSelection: Hashable, Sendable {
    public var name: String
    /// The NAD's namespace; nil means the pod's own.
    public var namespace: String?
    public var interface: String?
    /// Static addresses, CIDR (`10.10.0.5/24`) or bare.
    public var ips: [String]
    public var mac: String?

    public init(name: String, namespace: String? = nil, interface: String? = nil, ips: [String] = [], mac: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.interface = interface
        self.ips = ips
        self.mac = mac
    }

    public static let annotation = "k8s.v1.cni.cncf.io/networks"
    static let knownKeys: Set<String> = ["name", "namespace", "interface", "ips", "mac"]
    /// Keys Multus knows that VCore does not act on: refused rather than silently ignored.
    static let unsupportedKeys: Set<String> = ["default-route", "portMappings", "bandwidth", "cni-args",
                                              "infiniband-guid", "deviceID", "gateway-request"]

    /// Parses the annotation in either of its forms: `ran,sgi` (each `[namespace/]name[@interface]`)
    /// or a JSON list of selection objects.
    public static func parse(_ annotation: String) throws(PodNetworkError) -> [NetworkSelection] {
        let text = annotation.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [] }
        let selections = text.hasPrefix("[") ? try parseJSON(text) : try parseShortForm(text)
        var interfaces = Set<String>()
        for selection in selections {
            if let interface = selection.interface, !interfaces.insert(interface).inserted {
                throw .invalidAnnotation("interface \(interface) requested twice")
            }
        }
        return selections
    }

    static func parseShortForm(_ text: String) throws(PodNetworkError) -> [NetworkSelection] {
        try text.split(separator: ",").map { item throws(PodNetworkError) in
            var rest = item.trimmingCharacters(in: .whitespaces)
            var selection = NetworkSelection(name: "")
            if let at = rest.firstIndex(of: "@") {
                selection.interface = String(rest[rest.index(after: at)...])
                rest = String(rest[..<at])
            }
            let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
            switch parts.count {
            case 1: selection.name = String(parts[0])
            case 2:
                selection.namespace = String(parts[0])
                selection.name = String(parts[1])
            default: throw .invalidAnnotation("'\(item)' is not [namespace/]name[@interface]")
            }
            try selection.validate()
            return selection
        }
    }

    static func parseJSON(_ text: String) throws(PodNetworkError) -> [NetworkSelection] {
        guard let list = JSONValue(parsing: text)?.arrayValue else {
            throw .invalidAnnotation("not a JSON list of network selection objects")
        }
        return try list.map { element throws(PodNetworkError) in
            guard let object = element.objectValue else { throw .invalidAnnotation("list entry is not an object") }
            for key in object.keys where !knownKeys.contains(key) {
                throw .invalidAnnotation(unsupportedKeys.contains(key)
                    ? "'\(key)' is not supported by VCore" : "unknown field '\(key)'")
            }
            guard let name = object["name"]?.stringValue else { throw .invalidAnnotation("entry without a name") }
            var selection = NetworkSelection(name: name)
            selection.namespace = try string(object, "namespace")
            selection.interface = try string(object, "interface")
            selection.mac = try string(object, "mac")
            if let ips = object["ips"] {
                guard let values = ips.arrayValue?.compactMap(\.stringValue), values.count == ips.arrayValue?.count else {
                    throw .invalidAnnotation("'ips' of \(name) is not a list of strings")
                }
                selection.ips = values
            }
            try selection.validate()
            return selection
        }
    }

    private static func string(_ object: [String: JSONValue], _ key: String) throws(PodNetworkError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else { throw .invalidAnnotation("'\(key)' is not a string") }
        return text
    }

    func validate() throws(PodNetworkError) {
        guard Self.isDNSLabel(name, maximum: 253) else { throw .invalidAnnotation("invalid network name '\(name)'") }
        if let namespace, !Self.isDNSLabel(namespace, maximum: 63) {
            throw .invalidAnnotation("invalid namespace '\(namespace)'")
        }
        if let interface, !Self.isInterfaceName(interface) {
            throw .invalidAnnotation("invalid interface name '\(interface)'")
        }
        for ip in ips {
            let parts = ip.split(separator: "/", omittingEmptySubsequences: false)
            let prefixOK = parts.count == 1 || (parts.count == 2 && UInt8(parts[1]).map { $0 <= 128 } == true)
            guard (1...2).contains(parts.count), IPAddress(String(parts[0])) != nil, prefixOK else {
                throw .invalidAnnotation("invalid IP '\(ip)' for network \(name)")
            }
        }
        if let mac, !Self.isMAC(mac) { throw .invalidAnnotation("invalid MAC '\(mac)' for network \(name)") }
    }

    static func isDNSLabel(_ text: String, maximum: Int) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maximum, text.first != "-", text.last != "-" else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }

    /// Linux interface names: 1-15 bytes, no '/', ':' or white space.
    static func isInterfaceName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 15 && text != "." && text != ".."
            && !text.utf8.contains { $0 == 0x2F || $0 == 0x3A || $0 <= 0x20 || $0 >= 0x7F }
    }

    static func isMAC(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil }
    }
}
