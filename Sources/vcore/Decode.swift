import ArgumentParser
import Conformance
import PCAP

/// `vcore decode FILE...`: checks every GTPv2-C, GTP-U, Diameter and S1AP message in captures against
/// VCore's codecs, so a user can see whether their network's traffic is understood.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode every telecom message in pcap/pcapng files with VCore's codecs and re-encode it.",
        discussion: """
            Prints, per protocol and message type, how many messages decoded, how many re-encoded to the \
            identical bytes and how many failed, with the frame number and error of each failure; messages the \
            protocol tells a receiver to refuse (S1AP criticality reject) are listed as REFUSED. \
            Exits with status 1 when any message fails, 2 when a file cannot be read.
            """
    )

    @Argument(help: "Capture files (pcap or pcapng).")
    var files: [String]

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        var audit = CaptureAudit()
        for file in files {
            do {
                try audit.audit(path: file)
            } catch {
                print("vcore decode: \(error)")
                throw ExitCode(2)
            }
        }
        print(json ? audit.report.json() : audit.report.text())
        if audit.report.hasFailures { throw ExitCode(1) }
    }
}
