import ArgumentParser

/// `vcore`: one binary, k3s style: the orchestrator's server and its kubectl-like client commands,
/// plus VCore's tools (`decode`).
@main
struct VCore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcore",
        abstract: "VCore: a virtualized LTE EPC + IMS core.",
        subcommands: [Apply.self, Get.self, Describe.self, Delete.self, Scale.self, Logs.self, Exec.self, Decode.self, SubscriberCommand.self]
    )
}
