import ArgumentParser
import Foundation
import OrchestratorAPI
import OrchestratorClient

struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete objects by kind and name, or those of a manifest.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "Kind or kind/name.") var kind: String?
    @Argument(help: "Name.") var name: String?
    @Option(name: .shortAndLong, help: "Manifest whose objects to delete.") var filename: String?
    @Option(help: "Seconds to wait before killing (pods).") var gracePeriod: Int?

    func run() async throws {
        do {
            if let filename {
                for object in try readManifest(filename).reversed() { print(try await delete(object)) }
            } else if let kind {
                let argument = try KindArgument(kind, name: name)
                guard let name = argument.name else { throw ValidationError("delete needs a name") }
                print(try await delete(argument.type, name: name))
            } else {
                throw ValidationError("delete needs KIND NAME or -f FILE")
            }
        } catch {
            throw report(error)
        }
    }

    private func delete<T: APIObject>(_ object: T) async throws -> String {
        try await delete(T.self, name: object.name, namespace: object.metadata.namespace)
    }

    private func delete<T: APIObject>(_ type: T.Type, name: String, namespace: String? = nil) async throws -> String {
        let deleted = try await options.client.delete(T.self, namespace: T.resource.namespaced ? (namespace ?? options.namespace) : nil,
                                                      name: name, gracePeriodSeconds: gracePeriod)
        return "\(displayName(deleted)) deleted"
    }
}

struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set the number of replicas of a Deployment or ReplicaSet.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "deployment/NAME or replicaset/NAME.") var target: String
    @Option(help: "Replicas wanted.") var replicas: Int

    func run() async throws {
        do {
            let argument = try KindArgument(target)
            guard let name = argument.name else { throw ValidationError("scale needs KIND/NAME") }
            try await scale(argument.type, name: name)
        } catch {
            throw report(error)
        }
    }

    private func scale<T: APIObject>(_ type: T.Type, name: String) async throws {
        try await options.client.scale(T.self, namespace: options.namespace, name: name, replicas: replicas)
        print("\(T.resource.kind.lowercased()).\(T.resource.group)/\(name) scaled")
    }
}

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a container's log.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "Pod name.") var pod: String
    @Option(name: .shortAndLong, help: "Container (when the pod has several).") var container: String?
    @Flag(name: .shortAndLong, help: "Keep printing new lines.") var follow = false
    @Flag(help: "The log of the previous run of the container.") var previous = false
    @Option(help: "Only the last lines.") var tail: Int?

    func run() async throws {
        do {
            for try await chunk in options.client.logs(namespace: options.namespace, pod: pod, container: container,
                                                       previous: previous, follow: follow, tailLines: tail) {
                FileHandle.standardOutput.write(chunk)
            }
        } catch {
            throw report(error)
        }
    }
}

struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a command in a pod's container.")

    @OptionGroup var options: ClientOptions
    @Argument(help: "Pod name.") var pod: String
    @Option(name: .shortAndLong, help: "Container.") var container: String?
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []

    func run() async throws {
        do {
            guard !command.isEmpty else { throw ValidationError("exec needs a command after --") }
            let (status, output) = try await options.client.exec(namespace: options.namespace, pod: pod, container: container, command: command)
            FileHandle.standardOutput.write(Data(output.utf8))
            if status != 0 { throw ExitCode(Int32(clamping: status)) }
        } catch let code as ExitCode {
            throw code
        } catch {
            throw report(error)
        }
    }
}
