import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorClient

struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the objects of a manifest.")

    @OptionGroup var options: ClientOptions
    @Option(name: .shortAndLong, help: "Manifest file (YAML, several documents), or - for stdin.")
    var filename: String

    func run() async throws {
        do {
            for object in try readManifest(filename) {
                print(try await apply(object, client: options.client, defaultNamespace: options.namespace))
            }
        } catch {
            throw report(error)
        }
    }
}

/// Applies one object, in the command's namespace when it names none; returns kubectl's line.
func apply<T: APIObject>(_ object: T, client: APIClient, defaultNamespace: String) async throws -> String {
    var object = object
    if T.resource.namespaced, object.metadata.namespace == nil { object.metadata.namespace = defaultNamespace }
    let result = try await client.apply(object)
    return "\(displayName(object)) \(result.rawValue)"
}
