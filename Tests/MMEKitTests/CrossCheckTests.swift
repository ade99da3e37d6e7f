import Foundation
import GTPv2C
@testable import MMEKit
import NAS
import NIOCore
#if canImport(PCAP) && canImport(CLibpcap)
import PCAP
#endif
import S1AP
import Testing
import TestOracles
import Wire

/// What the MME sends, judged by codecs nobody here wrote: tshark (through pcap-check) reads a
/// capture of a whole scenario's S1AP, S11 and S6a traffic, and pycrate decodes every S1AP PDU
/// and NAS message the MME sent in it.
@Suite struct CrossCheckTests {
    /// Attach, IMS PDN connection, a dedicated bearer set up and deleted, idle, paging, service
    /// request, tracking area update and detach: traffic of every kind the MME sends.
    static func scenario() throws -> (TestNetwork, [[UInt8]]) {
        var (network, ue, enb) = TestNetwork.attachStarted(informationFlag: true)
        try network.authenticateAndSecure(&ue, enb: enb)
        guard case .esm(.esmInformationRequest(let request)) = try network.downlinkNAS(&ue, enb: enb) else {
            throw TestFailure("expected ESM INFORMATION REQUEST")
        }
        var response = ESMInformationResponse(header: request.header)
        response.accessPointName = AccessPointName("internet")
        response.protocolConfigurationOptions = TestUE.requestedPCO
        network.sendUplink(ue.protect(.esm(.esmInformationResponse(response))), ue: ue, enb: enb)
        try network.completeAttach(&ue, enb: &enb)
        try network.connectPDN(&ue, enb: &enb, apn: "ims")
        let context = try #require(network.ueContext(ue))
        _ = try network.activateDedicatedBearer(&ue, enb: &enb, linkedEBI: 6)
        network.fromSGW(network.sgw.deleteBearerRequest(mmeTEID: context.mmeS11TEID, ebis: [7]))
        let release = try network.expect(ERABReleaseCommand.self, on: enb)
        _ = try ue.receive(try #require(release.nasPDU))
        network.send(enb.erabReleaseResponse(ue, ebis: [7]), from: enb)
        let deactivated = DeactivateEPSBearerContextAccept(header: ESMHeader(bearerIdentity: 7, procedureTransactionIdentity: 0))
        network.sendUplink(ue.protect(.esm(.deactivateEPSBearerContextAccept(deactivated))), ue: ue, enb: enb)
        try network.goIdle(&ue, enb: enb)
        network.fromSGW(network.sgw.downlinkDataNotification(mmeTEID: context.mmeS11TEID))
        _ = try network.expect(Paging.self, on: enb)
        try network.serviceRequest(&ue, enb: &enb)
        try network.goIdle(&ue, enb: enb)
        network.sendInitial(ue.initial(IdleModeTests.trackingAreaUpdate(ue, periodic: true)), ue: &ue, enb: &enb)
        _ = try network.downlinkNAS(&ue, enb: enb)
        let command = try network.expect(UEContextReleaseCommand.self, on: enb)
        network.send(enb.ueContextReleaseComplete(mmeUES1APID: command.ueS1APIDs?.mmeUES1APID ?? 0, enbUES1APID: ue.enbUES1APID), from: enb)
        network.sendInitial(ue.initial(DetachTests.detachRequest(switchOff: false)), ue: &ue, enb: &enb)
        _ = try network.downlinkNAS(&ue, enb: enb)
        _ = try network.expect(UEContextReleaseCommand.self, on: enb)
        // The refusals too: an Error Indication and an S1 Setup Failure.
        network.sendUplink(TestUE.plain(.emm(.emmStatus(EMMStatus(emmCause: .protocolErrorUnspecified)))), ue: ue, enb: enb)
        let foreign = TestENB(association: ENBAssociationID(99), plmn: PLMN(mcc: "999", mnc: "99")!, tac: 1, macroID: 3)
        network.deliver(.s1apAssociationUp(foreign.association, outboundStreams: 2))
        network.send(foreign.s1SetupRequest(), from: foreign, stream: 0)
        return (network, ue.receivedPlain)
    }

    static let mme = IPAddress.v4(IPv4Address(10, 0, 0, 1))
    static let mmeS11 = IPEndpoint(.v4(IPv4Address(10, 0, 1, 10)), 2123)
    static let sgw = IPEndpoint(.v4(IPv4Address(10, 0, 2, 1)), 2123)
    static let hss = IPEndpoint(.v4(IPv4Address(10, 0, 4, 1)), 3868)
    static let mmeDiameter = IPEndpoint(.v4(IPv4Address(10, 0, 1, 10)), 40_001)

    // PCAP's module can be visible without being a dependency (another target built it), but
    // then its C module is not: only a declared dependency makes both importable.
    #if canImport(PCAP) && canImport(CLibpcap)
    static let pcapModule = true
    #else
    static let pcapModule = false
    #endif

    @Test(.enabled(if: pcapModule, "MMEKitTests needs the PCAP dependency (see the MME report's Package.swift line)"),
          .enabled(if: TestEnvironment.canRunPcapCheck, "tshark or ../shared/tools/pcap-check is missing"))
    func theScenariosTrafficPassesPcapCheck() throws {
        #if canImport(PCAP) && canImport(CLibpcap)
        let (network, _) = try Self.scenario()
        let path = TestEnvironment.temporaryFile("mme-scenario.pcap")
        defer { if ProcessInfo.processInfo.environment["KEEP_CAPTURE"] == nil { try? FileManager.default.removeItem(atPath: path) } }
        let writer = try TrafficCaptureWriter(path: path)
        var counts = (s1ap: 0, s11: 0, s6a: 0)
        for entry in network.traffic {
            switch entry {
            case .s1ap(let association, let stream, let toMME, let bytes):
                let enb = IPEndpoint(.v4(IPv4Address(10, 0, 0, UInt8(1 + association.rawValue))), 36412)
                let mme = IPEndpoint(Self.mme, 36412)
                try writer.writeSCTP(bytes, from: toMME ? enb : mme, to: toMME ? mme : enb, stream: stream, ppid: 18)
                counts.s1ap += 1
            case .s11(let toMME, let bytes):
                try writer.writeUDP(bytes, from: toMME ? Self.sgw : Self.mmeS11, to: toMME ? Self.mmeS11 : Self.sgw)
                counts.s11 += 1
            case .s6a(let toMME, let bytes):
                try writer.writeTCP(bytes, from: toMME ? Self.hss : Self.mmeDiameter, to: toMME ? Self.mmeDiameter : Self.hss)
                counts.s6a += 1
            }
        }
        try writer.close()
        let (status, output) = try TestEnvironment.run(TestEnvironment.pcapCheck.path, [path])
        #expect(status == 0, "pcap-check: \(output)")
        #expect(output.contains("malformed=0 expert_errors=0"), "\(output)")
        for proto in ["s1ap", "nas-eps", "gtpv2", "diameter"] { #expect(output.contains(proto), "\(proto) missing: \(output)") }
        // tshark sees each message we wrote.
        let s1ap = try TestEnvironment.tsharkValues(path, filter: "s1ap", field: "s1ap.procedureCode")
        #expect(s1ap.count == counts.s1ap)
        let gtp = try TestEnvironment.tsharkValues(path, filter: "gtpv2", field: "gtpv2.message_type")
        #expect(gtp.count == counts.s11)
        let diameter = try TestEnvironment.tsharkValues(path, filter: "diameter", field: "diameter.cmd.code")
        #expect(diameter.count == counts.s6a)
        print("MME scenario capture: \(counts.s1ap) S1AP, \(counts.s11) GTPv2-C, \(counts.s6a) Diameter messages; \(output)")
        #endif
    }

    static let hasPycrate = (try? TestEnvironment.run("/usr/bin/env",
                                                      ["python3", "-c", "import pycrate_asn1dir.S1AP, pycrate_mobile.NASLTE"]))?.status == 0

    @Test(.enabled(if: hasPycrate || TestEnvironment.isCI, "python3 with pycrate (PyPI) is missing"))
    func pycrateDecodesWhatTheMMESends() throws {
        let (network, plain) = try Self.scenario()
        var items: [[String: String]] = []
        var names: [String] = []
        for entry in network.traffic {
            guard case .s1ap(_, _, false, let bytes) = entry else { continue }
            let message = try S1APMessage.decode(bytes)
            items.append(["kind": "s1ap", "hex": Self.hex(bytes.readableBytesView), "name": message.name])
            names.append(message.name)
            for (_, pdu) in message.nasPDUs { items.append(["kind": "nas", "hex": Self.hex(pdu), "name": ""]) }
        }
        for pdu in plain { items.append(["kind": "nas", "hex": Self.hex(pdu), "name": ""]) }
        let input = TestEnvironment.temporaryFile("mme-pycrate.json")
        defer { try? FileManager.default.removeItem(atPath: input) }
        try JSONSerialization.data(withJSONObject: items).write(to: URL(fileURLWithPath: input))
        let (status, output) = try TestEnvironment.run("/usr/bin/env", ["python3", "-c", Self.script, input])
        #expect(status == 0, "\(output)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: String]])
        #expect(results.count == items.count)
        for (item, result) in zip(items, results) {
            #expect(result["error"] == "", "pycrate could not decode \(item["kind"]!) \(item["name"]!): \(result["error"] ?? "")")
            if item["kind"] == "s1ap" { #expect(result["name"] == item["name"], "pycrate reads \(result["name"] ?? "?")") }
        }
        let nasNames = Set(results.filter { $0["kind"] == "nas" }.compactMap { $0["name"] })
        for expected in ["EMMAuthenticationRequest", "EMMSecurityModeCommand", "EMMAttachAccept", "EMMTrackingAreaUpdateAccept",
                         "EMMDetachAccept", "ESMActDediEPSBearerCtxtRequest", "ESMDeactEPSBearerCtxtRequest",
                         "ESMInformationRequest", "ESMActDefaultEPSBearerCtxtRequest", "EMMInformation"] {
            #expect(nasNames.contains(expected), "no \(expected) among \(nasNames.sorted())")
        }
        #expect(Set(names).isSuperset(of: ["S1SetupResponse", "S1SetupFailure", "DownlinkNASTransport", "InitialContextSetupRequest",
                                           "UEContextReleaseCommand", "E-RABSetupRequest", "E-RABReleaseCommand", "Paging",
                                           "ErrorIndication"]))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// pycrate's side: each S1AP PDU decoded and re-encoded to the same octets, each NAS message
    /// parsed as network-to-UE, with the name pycrate gives it.
    static let script = #"""
    import json, sys, logging
    logging.disable(logging.CRITICAL)
    from pycrate_asn1dir import S1AP
    from pycrate_mobile.NASLTE import parse_NASLTE_MT
    PDU = S1AP.S1AP_PDU_Descriptions.S1AP_PDU
    results = []
    for item in json.load(open(sys.argv[1])):
        data = bytes.fromhex(item["hex"])
        result = {"kind": item["kind"], "name": "", "error": ""}
        try:
            if item["kind"] == "s1ap":
                PDU.from_aper(data)
                value = PDU.get_val()
                result["name"] = value[1]["value"][0]
                if PDU.to_aper() != data:
                    result["error"] = "re-encoding differs"
            else:
                message, error = parse_NASLTE_MT(data)
                if error or message is None:
                    result["error"] = "NAS error %s" % error
                else:
                    result["name"] = message._name
                    message.get_val()
        except Exception as exception:
            result["error"] = repr(exception)
        results.append(result)
    json.dump(results, sys.stdout)
    """#
}
