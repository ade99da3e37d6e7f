import ArgumentParser
import Foundation
import Logging

/// `vcore`: one binary, k3s style: the orchestrator's server and its kubectl-like client commands,
/// plus VCore's tools (`decode`).
@main
struct VCore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcore",
        abstract: "VCore: a virtualized LTE EPC + IMS core.",
        subcommands: [Up.self, Down.self, Server.self, ImageCommand.self, Apply.self, Get.self, Describe.self, Delete.self,
                      Scale.self, Logs.self, Exec.self, Top.self, Capture.self, Decode.self, SubscriberCommand.self]
    )

    static func main() async {
        // The server logs every event to stdout (its log file); client commands only say what
        // went wrong, on stderr, so that their output stays what kubectl's would be.
        if CommandLine.arguments.dropFirst().first != "server" {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
