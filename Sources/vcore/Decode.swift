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
            With --subscriber, NAS security is followed per UE (KASME from the authentication exchange and \
            the serving network, then the MAC of every protected NAS message) and counted: verified, MAC \
            failed, deciphered, no key. Exits with status 1 when any message fails or a MAC does not \
            verify, 2 when a file or an argument cannot be read.
            """
    )

    @Argument(help: "Capture files (pcap or pcapng).")
    var files: [String]

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .customLong("subscriber"),
            help: ArgumentHelp("A subscriber's IMSI:K:OPc (repeatable): follow its UE's NAS security, verify every MAC and "
                               + "decipher every ciphered message.", valueName: "IMSI:K:OPc"))
    var subscribers: [String] = []

    func run() throws {
        let keys: [SubscriberKey]
        do {
            keys = try subscribers.map { argument throws(SubscriberKeyError) in try SubscriberKey(argument: argument) }
        } catch {
            print("vcore decode: \(error)")
            throw ExitCode(2)
        }
        var audit = CaptureAudit(subscribers: keys)
        for file in files {
            do {
                try audit.audit(path: file)
            } catch {
                print("vcore decode: \(error)")
                throw ExitCode(2)
            }
        }
        print(json ? audit.report.json() : audit.report.text())
        if audit.report.hasFailures || (audit.report.security?.macFailed ?? 0) > 0 { throw ExitCode(1) }
    }
}
