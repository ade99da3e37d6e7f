import Foundation
import TestOracles
import Testing
@testable import HSSKit

extension HSSProcessTests {
    /// The provisioning API of the running process, over HTTP and through `vcore subscriber`.
    @Suite struct Provisioning {
        static let vcore = TestEnvironment.builtProduct("vcore")?.path

        static func json(_ data: Data) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        }

        @Test func createReadListDeleteAndRefusalsOverHTTP() async throws {
            let hss = try await HSSProcess()
            try await hss.start()
            for index in 1...3 { try await HSSProcessTests.provision(hss, "00101000000000\(index)") }

            let (status, body) = try await hss.http("GET", "/v1/subscribers/001010000000002")
            #expect(status == 200)
            #expect(Self.json(body)["msisdn"] as? String == "3361000002")

            let firstPage = Self.json(try await hss.http("GET", "/v1/subscribers?limit=2").1)
            #expect((firstPage["items"] as? [[String: Any]])?.compactMap { $0["imsi"] as? String } == ["001010000000001", "001010000000002"])
            let next = try #require(firstPage["continue"] as? String)
            let secondPage = Self.json(try await hss.http("GET", "/v1/subscribers?limit=2&continue=\(next)").1)
            #expect((secondPage["items"] as? [[String: Any]])?.compactMap { $0["imsi"] as? String } == ["001010000000003"])
            #expect(secondPage["continue"] == nil)

            let badKey = #"{"imsi": "001010000000009", "k": "00", "opc": "\#(TestHSS.opc.hex)"}"#
            let refused = try await hss.http("POST", "/v1/subscribers", body: badKey)
            #expect(refused.0 == 400)
            #expect(Self.json(refused.1)["field"] as? String == "k", "\(String(decoding: refused.1, as: UTF8.self))")
            #expect(try await hss.http("POST", "/v1/subscribers", body: "{not json").0 == 400)

            #expect(try await hss.http("DELETE", "/v1/subscribers/001010000000003").0 == 200)
            #expect(try await hss.http("GET", "/v1/subscribers/001010000000003").0 == 404)
            #expect(HSSProcess.sample(try await hss.metrics(), #"hss_subscribers"#) == 2)
            #expect(await hss.terminate().status == 0)
        }

        @Test func seedSubscribersArePresentAtStartAndNeverOverwritten() async throws {
            let seed = "imsi,k,opc,msisdn\n001010000000101,\(TestHSS.k.hex),\(TestHSS.opc.hex),33600000101\n"
                + "001010000000102,\(TestHSS.k.hex),\(TestHSS.opc.hex),33600000102\n"
                + "0010100000001XY,\(TestHSS.k.hex),\(TestHSS.opc.hex),33600000199\n"
            let hss = try await HSSProcess(seed: seed)
            try await hss.start()
            #expect(try await hss.http("GET", "/v1/subscribers/001010000000102").0 == 200)
            #expect(HSSProcess.sample(try await hss.metrics(), #"hss_subscribers"#) == 2)
            #expect(hss.log.contains("seed subscriber refused") && hss.log.contains("line=4"), "the bad line is named: \(hss.log)")
            // Changed through the API, then the HSS restarts with the same seed: the change stays.
            let changed = #"{"k": "\#(TestHSS.k.hex)", "opc": "\#(TestHSS.opc.hex)", "msisdn": "33699999999"}"#
            #expect(try await hss.http("PUT", "/v1/subscribers/001010000000101", body: changed).0 == 200)
            #expect(await hss.terminate().status == 0)
            try await hss.start()
            let record = Self.json(try await hss.http("GET", "/v1/subscribers/001010000000101").1)
            #expect(record["msisdn"] as? String == "33699999999", "\(record)")
            #expect(hss.log.contains("alreadyPresent=2"), "\(hss.log)")
            #expect(await hss.terminate().status == 0)
        }

        @Test func bulkImportOverHTTPReportsBadLinesAndImportsTheRest() async throws {
            let hss = try await HSSProcess()
            try await hss.start()
            var csv = "imsi,k,opc,msisdn\n"
            for index in 0..<1000 {
                csv += String(format: "0010100000%05d,%@,%@,3362%05d\n", index, TestHSS.k.hex, TestHSS.opc.hex, index)
            }
            csv += "00101000000XYZ,\(TestHSS.k.hex),\(TestHSS.opc.hex),33639999\n"
            let (status, body) = try await hss.http("POST", "/v1/subscribers:import?format=csv", body: csv)
            let report = Self.json(body)
            #expect(status == 200)
            #expect(report["imported"] as? Int == 1000)
            let errors = report["errors"] as? [[String: Any]] ?? []
            #expect(errors.count == 1)
            #expect(errors.first?["line"] as? Int == 1002)
            #expect(errors.first?["field"] as? String == "imsi")
            #expect(HSSProcess.sample(try await hss.metrics(), #"hss_subscribers"#) == 1000)
            #expect(await hss.terminate().status == 0)
        }

        @Test(.enabled(if: vcore != nil || TestEnvironment.isCI, "needs the vcore binary: swift build --build-tests"))
        func vcoreSubscriberCommandsAgainstTheProcess() async throws {
            let vcore = try #require(Self.vcore)
            let hss = try await HSSProcess()
            try await hss.start()
            let url = "http://127.0.0.1:\(hss.provisioningPort)"
            func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
                try await withOwnThread {
                    try ProcessRunner.run(vcore, ["subscriber"] + arguments + ["--hss", url], includeStandardError: true)
                }
            }

            let added = try await run(["add", "--imsi", "001010000000042", "--k", TestHSS.k.hex, "--opc", TestHSS.opc.hex,
                                       "--msisdn", "33600000042", "--impi", "001010000000042@ims.test", "--impu", "sip:u42@ims.test"])
            #expect(added.status == 0, "\(added.output)")
            #expect(added.output.contains("subscriber/001010000000042 created"), "\(added.output)")

            let shown = try await run(["get", "001010000000042", "-o", "json"])
            #expect(shown.status == 0, "\(shown.output)")
            let record = Self.json(Data(shown.output.utf8))
            #expect(record["msisdn"] as? String == "33600000042", "\(shown.output)")
            #expect((record["ims"] as? [String: Any])?["impi"] as? String == "001010000000042@ims.test")

            let duplicate = try await run(["add", "--imsi", "001010000000042", "--k", TestHSS.k.hex, "--opc", TestHSS.opc.hex])
            #expect(duplicate.status != 0)
            #expect(duplicate.output.contains("409"), "\(duplicate.output)")

            let file = hss.folder.appendingPathComponent("subscribers.csv")
            try """
            imsi,k,opc
            001010000000043,\(TestHSS.k.hex),\(TestHSS.opc.hex)
            001010000000044,\(TestHSS.k.hex),zz
            001010000000045,\(TestHSS.k.hex),\(TestHSS.opc.hex)

            """.write(to: file, atomically: true, encoding: .utf8)
            let imported = try await run(["import", file.path])
            #expect(imported.status == 1, "a bad line makes the import exit 1: \(imported.output)")
            #expect(imported.output.contains("imported 2, failed 1"), "\(imported.output)")
            #expect(imported.output.contains("line 3: opc"), "\(imported.output)")

            let listed = try await run(["list"])
            #expect(listed.status == 0)
            let rows = listed.output.split(separator: "\n")
            #expect(rows.first?.hasPrefix("IMSI") == true, "\(listed.output)")
            #expect(rows.dropFirst().map { String($0.prefix(15)) } == ["001010000000042", "001010000000043", "001010000000045"])

            let deleted = try await run(["delete", "001010000000043"])
            #expect(deleted.status == 0 && deleted.output.contains("subscriber/001010000000043 deleted"), "\(deleted.output)")
            let missing = try await run(["get", "001010000000043"])
            #expect(missing.status != 0)
            #expect(missing.output.contains("404"), "\(missing.output)")
            #expect(await hss.terminate().status == 0)
        }
    }
}
