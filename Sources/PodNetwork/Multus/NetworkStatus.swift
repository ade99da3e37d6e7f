import Foundation

/// One entry of the `k8s.v1.cni.cncf.io/network-status` pod annotation, as Multus writes it.
public struct NetworkStatus: Hashable, Sendable, Codable {
    /// The cluster network's CNI name for the default network, `namespace/name` for a NAD.
    public var name: String
    public var interface: String?
    /// Addresses without prefix length.
    public var ips: [String]
    public var mac: String?
    public var isDefault: Bool
    public var dns: JSONValue

    public init(name: String, interface: String?, ips: [String], mac: String?, isDefault: Bool, dns: JSONValue = .object([:])) {
        self.name = name
        self.interface = interface
        self.ips = ips
        self.mac = mac
        self.isDefault = isDefault
        self.dns = dns
    }

    enum CodingKeys: String, CodingKey {
        case name, interface, ips, mac, dns
        case isDefault = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        interface = try container.decodeIfPresent(String.self, forKey: .interface)
        ips = try container.decodeIfPresent([String].self, forKey: .ips) ?? []
        mac = try container.decodeIfPresent(String.self, forKey: .mac)
        isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        dns = try container.decodeIfPresent(JSONValue.self, forKey: .dns) ?? .object([:])
    }

    /// Multus leaves out empty fields and `default` unless true; `dns` is always there.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(interface, forKey: .interface)
        if !ips.isEmpty { try container.encode(ips, forKey: .ips) }
        try container.encodeIfPresent(mac, forKey: .mac)
        if isDefault { try container.encode(true, forKey: .isDefault) }
        try container.encode(dns, forKey: .dns)
    }

    public static let annotation = "k8s.v1.cni.cncf.io/network-status"

    /// The annotation's value: a JSON list, indented as Multus prints it.
    public static func annotationValue(_ statuses: [NetworkStatus]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(statuses) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func parseAnnotation(_ text: String) throws -> [NetworkStatus] {
        try JSONDecoder().decode([NetworkStatus].self, from: Data(text.utf8))
    }
}
