import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorClient

/// `vcore subscriber add|get|list|delete|import`: the HSS's provisioning API from the command
/// line, with kubectl's output conventions (a table, or `-o json|yaml`).
struct SubscriberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriber",
        abstract: "Provision subscribers in the HSS.",
        subcommands: [Add.self, GetSubscriber.self, List.self, DeleteSubscriber.self, Import.self]
    )

    struct HSSOptions: ParsableArguments {
        @Option(name: .long, help: "The HSS provisioning API, http://HOST:PORT (or VCORE_HSS; by default the hss Service of the running core).")
        var hss: String?

        @OptionGroup var cluster: ClientOptions

        /// --hss, else VCORE_HSS, else the `hss` Service of the core that `vcore server` runs
        /// (its ClusterIP and `provisioning` port), as kubectl users reach a Service.
        func client() async throws -> APIClient {
            let given = hss ?? ProcessInfo.processInfo.environment["VCORE_HSS"]
            let text = given != nil ? given! : try await serviceURL()
            guard let url = URL(string: text), url.scheme == "http", let host = url.host else {
                throw ValidationError("--hss must be an http://HOST:PORT URL, not \"\(text)\"")
            }
            return APIClient(host: host, port: url.port ?? 80, token: nil)
        }

        private func serviceURL() async throws -> String {
            let service: Service
            do {
                service = try await cluster.client.get(Service.self, namespace: cluster.namespace, name: "hss")
            } catch {
                throw ValidationError("no HSS to talk to: give --hss http://HOST:PORT or VCORE_HSS, or deploy the core (vcore up -f deploy/core.yaml); "
                                      + "looking up service hss in namespace \(cluster.namespace): \(error)")
            }
            guard let address = service.spec.clusterIP, address != "None" else {
                throw ValidationError("service \(cluster.namespace)/hss has no ClusterIP: give --hss http://HOST:PORT")
            }
            let port = service.spec.ports?.first { $0.name == "provisioning" }?.port ?? 8082
            return "http://\(address):\(port)"
        }

        /// Calls the API; a refusal becomes an error with the API's one-line reason.
        func call(_ method: String, _ path: String, body: Data? = nil) async throws -> Any {
            let (status, data) = try await client().raw(method, path, body: body)
            let json = try? JSONSerialization.jsonObject(with: data)
            guard (200..<300).contains(status) else {
                let reason = (json as? [String: Any])?["error"] as? String ?? String(decoding: data, as: UTF8.self)
                throw HSSRefusal(status: status, reason: reason)
            }
            return json ?? [:]
        }
    }

    struct OutputOptions: ParsableArguments {
        @Option(name: .shortAndLong, help: "Output: table (default), json or yaml.") var output: String?

        func render(_ subscribers: [[String: Any]], single: Bool) throws -> String {
            switch output ?? "table" {
            case "table", "wide": return SubscriberTable.render(subscribers)
            case "json":
                let first: [String: Any] = subscribers.first ?? [:]
                let list: [String: Any] = ["items": subscribers]
                let value: Any = single ? first : list
                let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
                return String(decoding: data, as: UTF8.self)
            case "yaml":
                let first: [String: Any] = subscribers.first ?? [:]
                return single ? YAMLText.render(first) : YAMLText.render(["items": subscribers] as [String: Any])
            case let other: throw ValidationError("unknown output format \(other) (table, json, yaml)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a subscriber from options or a JSON file.")
        @OptionGroup var hss: HSSOptions
        @OptionGroup var output: OutputOptions
        @Option(name: .shortAndLong, help: "A JSON file with the subscriber (the API's format); options override it.") var filename: String?
        @Option(help: "IMSI (14 or 15 digits).") var imsi: String?
        @Option(help: "K, 32 hexadecimal digits.") var k: String?
        @Option(help: "OPc, 32 hexadecimal digits.") var opc: String?
        @Option(help: "OP, 32 hexadecimal digits (instead of OPc).") var op: String?
        @Option(help: "AMF, 4 hexadecimal digits (default 8000).") var amf: String?
        @Option(help: "Initial SQN (default 0).") var sqn: UInt64?
        @Option(help: "MSISDN.") var msisdn: String?
        @Option(help: "IMS private identity.") var impi: String?
        @Option(help: "IMS public identity (repeatable).") var impu: [String] = []
        @Flag(help: "Allow attaching in roaming partners' networks.") var roaming = false

        func run() async throws {
            try await reportingErrors {
                var record: [String: Any] = [:]
                if let filename {
                    let data = try Data(contentsOf: URL(fileURLWithPath: filename))
                    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                        throw ValidationError("\(filename) is not a JSON object")
                    }
                    record = object
                }
                let options: [(String, Any?)] = [("imsi", imsi), ("k", k), ("opc", opc), ("op", op), ("amf", amf), ("sqn", sqn), ("msisdn", msisdn)]
                for (key, value) in options { if let value { record[key] = value } }
                if let impi { record["ims"] = ["impi": impi, "impus": impu] }
                if roaming { record["roamingAllowed"] = true }
                let body = try JSONSerialization.data(withJSONObject: record)
                let created = try await hss.call("POST", "/v1/subscribers", body: body) as? [String: Any] ?? [:]
                if output.output == nil {
                    print("subscriber/\(created["imsi"] as? String ?? "?") created")
                } else {
                    print(try output.render([created], single: true))
                }
            }
        }
    }

    struct GetSubscriber: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one subscriber.")
        @OptionGroup var hss: HSSOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "IMSI.") var imsi: String

        func run() async throws {
            try await reportingErrors {
                let subscriber = try await hss.call("GET", "/v1/subscribers/\(imsi)") as? [String: Any] ?? [:]
                print(try output.render([subscriber], single: true))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscribers in IMSI order.")
        @OptionGroup var hss: HSSOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Subscribers per request.") var chunkSize = 500
        @Option(help: "Stop after this many (default: all).") var limit: Int?

        func run() async throws {
            try await reportingErrors {
                var subscribers: [[String: Any]] = []
                var next: String?
                repeat {
                    var path = "/v1/subscribers?limit=\(min(chunkSize, limit.map { $0 - subscribers.count } ?? chunkSize))"
                    if let next { path += "&continue=\(next)" }
                    let page = try await hss.call("GET", path) as? [String: Any] ?? [:]
                    subscribers += page["items"] as? [[String: Any]] ?? []
                    next = page["continue"] as? String
                } while next != nil && subscribers.count < (limit ?? .max)
                if subscribers.isEmpty && (output.output ?? "table") == "table" {
                    print("No subscribers found.")
                    return
                }
                print(try output.render(subscribers, single: false))
            }
        }
    }

    struct DeleteSubscriber: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete subscribers.")
        @OptionGroup var hss: HSSOptions
        @Argument(help: "IMSIs.") var imsis: [String]

        func run() async throws {
            try await reportingErrors {
                for imsi in imsis {
                    _ = try await hss.call("DELETE", "/v1/subscribers/\(imsi)")
                    print("subscriber/\(imsi) deleted")
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bulk import from CSV (header row: imsi,k,opc,...) or JSON (one object per line, or an array).",
            discussion: "Good records are imported; every bad line is listed with its number, field and reason, and the exit status is 1.")
        @OptionGroup var hss: HSSOptions
        @Argument(help: "The file (\"-\" for standard input).") var file: String
        @Option(help: "csv or ndjson; by default from the file name (.csv) or the content.") var format: String?
        @Flag(help: "Replace subscribers that already exist instead of reporting them.") var replace = false

        func run() async throws {
            try await reportingErrors {
                var data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                var chosen = format ?? (file.hasSuffix(".csv") ? "csv" : "ndjson")
                if chosen != "csv", data.first(where: { !$0.isWhitespace }) == UInt8(ascii: "[") {
                    // A JSON array: sent as one object per line, the streaming form the API reads.
                    guard let array = try JSONSerialization.jsonObject(with: data) as? [Any] else { throw ValidationError("\(file) is not a JSON array") }
                    data = Data(try array.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
                        .joined(separator: "\n").utf8)
                    chosen = "ndjson"
                }
                let report = try await hss.call("POST", "/v1/subscribers:import?format=\(chosen)&onConflict=\(replace ? "replace" : "fail")",
                                                body: data) as? [String: Any] ?? [:]
                let errors = report["errors"] as? [[String: Any]] ?? []
                print("imported \(report["imported"] as? Int ?? 0), failed \(errors.count)")
                for error in errors {
                    let field = (error["field"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                    print("line \(error["line"] as? Int ?? 0): " + (field.map { "\($0): " } ?? "") + "\(error["reason"] as? String ?? "")")
                }
                if !errors.isEmpty { throw ExitCode(1) }
            }
        }
    }
}

/// The HSS refused a request: printed as one line, exit status 1 (through `report`).
struct HSSRefusal: Error, CustomStringConvertible {
    var status: Int
    var reason: String
    var description: String { "Error from HSS (\(status)): \(reason)" }
}

/// Runs a subcommand's work, printing a failure the way the other vcore commands do.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw report(error)
    }
}

private extension UInt8 {
    var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}

/// kubectl-style columns for subscribers.
enum SubscriberTable {
    static func render(_ subscribers: [[String: Any]]) -> String {
        var rows = [["IMSI", "MSISDN", "APNS", "IMPI", "SQN", "ROAMING"]]
        for subscriber in subscribers {
            let apns = (subscriber["apns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            rows.append([subscriber["imsi"] as? String ?? "", subscriber["msisdn"] as? String ?? "<none>",
                         apns.isEmpty ? "<none>" : apns.joined(separator: ","),
                         (subscriber["ims"] as? [String: Any])?["impi"] as? String ?? "<none>",
                         "\(subscriber["sqn"] as? Int ?? 0)", (subscriber["roamingAllowed"] as? Bool ?? false) ? "yes" : "no"])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}

/// YAML for JSON values, block style with sorted keys, as `kubectl get -o yaml` prints.
enum YAMLText {
    static func render(_ value: Any) -> String {
        var lines: [String] = []
        emit(value, indent: 0, into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func emit(_ value: Any, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case let map as [String: Any]:
            for key in map.keys.sorted() {
                let child = map[key]!
                if isScalar(child) {
                    lines.append("\(pad)\(key): \(scalar(child))")
                } else if isEmpty(child) {
                    lines.append("\(pad)\(key): \(child is [Any] ? "[]" : "{}")")
                } else {
                    lines.append("\(pad)\(key):")
                    emit(child, indent: indent + (child is [Any] ? 0 : 2), into: &lines)
                }
            }
        case let list as [Any]:
            for element in list {
                if isScalar(element) {
                    lines.append("\(pad)- \(scalar(element))")
                } else {
                    var nested: [String] = []
                    emit(element, indent: indent + 2, into: &nested)
                    if let first = nested.first {
                        lines.append("\(pad)- " + first.dropFirst(indent + 2))
                        lines += nested.dropFirst()
                    }
                }
            }
        default:
            lines.append(pad + scalar(value))
        }
    }

    private static func isScalar(_ value: Any) -> Bool { !(value is [String: Any]) && !(value is [Any]) }

    private static func isEmpty(_ value: Any) -> Bool {
        (value as? [Any])?.isEmpty == true || (value as? [String: Any])?.isEmpty == true
    }

    private static func scalar(_ value: Any) -> String {
        switch value {
        case let text as String:
            let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "._-@/+".contains($0) }
                && Double(text) == nil && !["true", "false", "null", "yes", "no"].contains(text.lowercased())
            return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let number as NSNumber:
            // JSONSerialization's booleans are NSNumbers of a class of their own.
            if String(describing: type(of: number)).contains("Boolean") { return number.boolValue ? "true" : "false" }
            return "\(number)"
        case is NSNull: return "null"
        default: return "\(value)"
        }
    }
}
