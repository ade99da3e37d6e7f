import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorClient

/// How a command reaches `vcore server`: its Unix socket by default, or TCP with a token.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "API server: a Unix socket path, or host:port for TCP.")
    var server: String = APIClient.defaultSocketPath

    @Option(name: .long, help: "Bearer token for a TCP server (or VCORE_TOKEN).")
    var token: String?

    @Option(name: [.customShort("n"), .long], help: "Namespace.")
    var namespace: String = "vcore"

    var client: APIClient {
        if server.hasPrefix("/") { return APIClient(socketPath: server) }
        let parts = server.split(separator: ":")
        return APIClient(host: String(parts.first ?? "127.0.0.1"), port: Int(parts.last ?? "") ?? 6443,
                         token: token ?? ProcessInfo.processInfo.environment["VCORE_TOKEN"])
    }
}

/// A kind named on the command line ("pods", "deploy", "deployment/mme").
struct KindArgument {
    let type: any APIObject.Type
    let name: String?

    init(_ text: String, name: String? = nil) throws {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let type = APIKinds.type(named: parts[0]) else {
            throw ValidationError("the server doesn't have a resource type \"\(parts[0])\"")
        }
        self.type = type
        self.name = parts.count == 2 ? parts[1] : name
    }
}

/// Reads a manifest from a file or stdin ("-").
func readManifest(_ path: String) throws -> [any APIObject] {
    let text: String
    if path == "-" {
        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    } else {
        text = try String(contentsOfFile: path, encoding: .utf8)
    }
    return try Manifest.parse(text)
}

/// "deployment.apps/mme" as kubectl names objects in its messages.
func displayName<T: APIObject>(_ object: T) -> String {
    let resource = T.resource
    let kind = resource.kind.lowercased() + (resource.group.isEmpty ? "" : ".\(resource.group)")
    return "\(kind)/\(object.name)"
}

/// Errors print as kubectl's do and exit 1; a server that is not there says how to start one.
func report(_ error: any Error) -> ExitCode {
    let text = "\(error)"
    let message: String
    if text.contains("connect(") && (text.contains("No such file") || text.contains("Connection refused")) {
        message = "The connection to the vcore server was refused: is it running? Start it with `vcore server` or `vcore up -f FILE`. (\(text))"
    } else {
        message = text
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(1)
}
