import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorCLI
import OrchestratorClient

struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List objects of a kind, or show one.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "Kind (pods, deployments, services, ...) or kind/name.") var kind: String
    @Argument(help: "Name.") var name: String?
    @Option(name: .shortAndLong, help: "Output: wide, yaml, json, name.") var output: String?
    @Option(name: [.customShort("l"), .long], help: "Label selector, e.g. app=mme (kubectl's -l).") var selector: String?
    @Flag(name: [.customShort("A"), .long], help: "All namespaces.") var allNamespaces = false

    func run() async throws {
        do {
            let argument = try KindArgument(kind, name: name)
            let format = try output.map { value in
                guard let format = OutputFormat(rawValue: value) else { throw ValidationError("unknown output format \(value)") }
                return format
            } ?? .table
            let text = try await list(argument.type, name: argument.name, format: format)
            if !text.isEmpty { print(text) }
        } catch {
            throw report(error)
        }
    }

    private func list<T: APIObject>(_ type: T.Type, name: String?, format: OutputFormat) async throws -> String {
        let namespace = allNamespaces || !T.resource.namespaced ? nil : options.namespace
        let objects: [T]
        if let name {
            objects = [try await options.client.get(T.self, namespace: namespace ?? options.namespace, name: name)]
        } else {
            objects = try await options.client.list(T.self, namespace: namespace, labelSelector: selector)
        }
        if objects.isEmpty, format == .table || format == .wide {
            return T.resource.namespaced && !allNamespaces ? "No resources found in \(options.namespace) namespace." : "No resources found"
        }
        return Tables.render(objects, format: format, allNamespaces: allNamespaces, single: name != nil)
    }
}

struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an object in detail: for pods, container states and why they stopped.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "Kind or kind/name.") var kind: String
    @Argument(help: "Name.") var name: String?

    func run() async throws {
        do {
            let argument = try KindArgument(kind, name: name)
            guard let name = argument.name else { throw ValidationError("describe needs a name") }
            print(try await show(argument.type, name: name))
        } catch {
            throw report(error)
        }
    }

    private func show<T: APIObject>(_ type: T.Type, name: String) async throws -> String {
        OrchestratorCLI.Describe.render(try await options.client.get(T.self, namespace: options.namespace, name: name))
    }
}
