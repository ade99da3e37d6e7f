import ArgumentParser

/// `vcore`: one binary for VCore's tools. Today it decodes captures; the orchestrator's commands
/// (server, up, apply, get, logs, scale, sim, subscriber) join it as they are built.
@main
struct VCore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcore",
        abstract: "VCore: a virtualized LTE EPC + IMS core.",
        subcommands: [Decode.self]
    )
}
