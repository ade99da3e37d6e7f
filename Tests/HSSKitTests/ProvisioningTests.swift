import Foundation
import NIOCore
import Testing
@testable import HSSKit

/// The provisioning API without HTTP: requests and bodies in, JSON out.
struct ProvisioningTests {
    static let k = "465b5ce8b199b49faa5f0a2ee238a6bc"
    static let opc = "cd63cb71954a9f4e48a5994e37a02baf"

    struct Body: AsyncSequence {
        typealias Element = ByteBuffer
        let chunks: [ByteBuffer]
        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: [ByteBuffer]
            mutating func next() async throws -> ByteBuffer? { remaining.isEmpty ? nil : remaining.removeFirst() }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks) }

        /// The text cut into pieces of `size` bytes, so that lines straddle chunks.
        init(_ text: String, chunkSize size: Int = 7) {
            let bytes = Array(text.utf8)
            chunks = stride(from: 0, to: bytes.count, by: size).map { ByteBuffer(bytes: bytes[$0..<Swift.min($0 + size, bytes.count)]) }
        }
    }

    static func call(_ api: ProvisioningAPI, _ method: String, _ target: String, _ body: String = "",
                     contentType: String? = nil) async -> (status: Int, json: [String: Any]) {
        let response = await api.respond(to: ProvisioningRequest(method: method, target: target, contentType: contentType), body: Body(body))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, json)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func record(_ imsi: String, _ extra: [String: Any] = [:]) -> [String: Any] {
        ["imsi": imsi, "k": k, "opc": opc].merging(extra) { $1 }
    }

    @Test func createReadReplaceDeleteAndList() async throws {
        let hss = try TestHSS()
        let api = ProvisioningAPI(store: hss.store)
        let created = await Self.call(api, "POST", "/v1/subscribers", Self.json(Self.record("001010000000001", [
            "msisdn": "33600000001", "ims": ["impi": "001010000000001@ims.test", "impus": ["sip:alice@ims.test"]],
            "apns": [["name": "internet", "qci": 9, "arp": ["priority": 8]]],
        ])))
        #expect(created.status == 201)
        #expect(await Self.call(api, "POST", "/v1/subscribers", Self.json(Self.record("001010000000001"))).status == 409)
        let read = await Self.call(api, "GET", "/v1/subscribers/001010000000001")
        #expect(read.status == 200 && read.json["msisdn"] as? String == "33600000001")
        #expect((read.json["apns"] as? [[String: Any]])?.first?["contextId"] as? Int == 1)

        // The subscriber has used vectors: a PUT with an older SQN does not move it back.
        _ = try await hss.store.allocateVectors(imsi: "001010000000001", count: 3)
        let replaced = await Self.call(api, "PUT", "/v1/subscribers/001010000000001",
                                       Self.json(Self.record("001010000000001", ["sqn": 0, "amf": "9001"])))
        #expect(replaced.status == 200 && replaced.json["amf"] as? String == "9001")
        #expect(replaced.json["sqn"] as? Int == 99)
        #expect(await Self.call(api, "PUT", "/v1/subscribers/001010000000009", Self.json(Self.record("001010000000009"))).status == 404)

        for index in 2...5 {
            #expect(await Self.call(api, "POST", "/v1/subscribers", Self.json(Self.record("00101000000000\(index)"))).status == 201)
        }
        let page1 = await Self.call(api, "GET", "/v1/subscribers?limit=2")
        #expect((page1.json["items"] as? [[String: Any]])?.compactMap { $0["imsi"] as? String } == ["001010000000001", "001010000000002"])
        let next = try #require(page1.json["continue"] as? String)
        let page2 = await Self.call(api, "GET", "/v1/subscribers?limit=2&continue=\(next)")
        #expect((page2.json["items"] as? [[String: Any]])?.compactMap { $0["imsi"] as? String } == ["001010000000003", "001010000000004"])
        let page3 = await Self.call(api, "GET", "/v1/subscribers?limit=2&continue=\(try #require(page2.json["continue"] as? String))")
        #expect((page3.json["items"] as? [[String: Any]])?.count == 1 && page3.json["continue"] == nil)

        #expect(await Self.call(api, "DELETE", "/v1/subscribers/001010000000003").status == 200)
        #expect(await Self.call(api, "DELETE", "/v1/subscribers/001010000000003").status == 404)
        #expect(await Self.call(api, "GET", "/v1/subscribers/001010000000003").status == 404)
        #expect(try await hss.store.count() == 4)
    }

    static let badRecords: [(String, String)] = ([
        (["imsi": "00101", "k": k, "opc": opc], "imsi"),
        (["imsi": "001010000000001", "k": "abc", "opc": opc], "k"),
        (["imsi": "001010000000001", "k": k], "opc"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "op": opc], "op"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "kk": 1], "kk"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "amf": "80"], "amf"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "sqn": -1], "sqn"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "msisdn": "12ab"], "msisdn"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "apns": [["name": "a", "qci": 9, "arp": ["priority": 1]],
                                                                    ["name": "b", "qci": 0, "arp": ["priority": 1]]]], "apns[1].qci"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "apns": [["name": "a b", "qci": 9, "arp": ["priority": 1]]]], "apns[0].name"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "apns": [["name": "a", "qci": 9, "arp": ["priority": 16]]]], "apns[0].arp.priority"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "ims": ["impi": "nobody"]], "ims.impi"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "allowedRATs": ["lte"]], "allowedRATs[0]"),
        (["imsi": "001010000000001", "k": k, "opc": opc, "roamingAllowed": "maybe"], "roamingAllowed"),
    ] as [([String: Any], String)]).map { (json($0.0), $0.1) }

    @Test(arguments: badRecords)
    func badRecordsAreRefusedNamingTheField(record: String, field: String) async throws {
        let hss = try TestHSS()
        let response = await Self.call(ProvisioningAPI(store: hss.store), "POST", "/v1/subscribers", record)
        #expect(response.status == 400)
        #expect(response.json["field"] as? String == field)
        #expect((response.json["error"] as? String)?.hasPrefix(field) == true)
    }

    @Test func duplicateMSISDNIsAConflictNamingTheField() async throws {
        let hss = try TestHSS()
        let api = ProvisioningAPI(store: hss.store)
        #expect(await Self.call(api, "POST", "/v1/subscribers", Self.json(Self.record("001010000000001", ["msisdn": "1234"]))).status == 201)
        let second = await Self.call(api, "POST", "/v1/subscribers", Self.json(Self.record("001010000000002", ["msisdn": "1234"])))
        #expect(second.status == 409 && second.json["field"] as? String == "msisdn")
        #expect(await Self.call(api, "GET", "/v1/subscribers/001010000000002").status == 404)
    }

    @Test func csvImportReportsEveryBadLineAndImportsTheRest() async throws {
        let hss = try TestHSS()
        let api = ProvisioningAPI(store: hss.store)
        let csv = """
            imsi,k,opc,msisdn,impi,impus,allowedRATs
            001010000000001,\(Self.k),\(Self.opc),111,a@ims.test,sip:a@ims.test;tel:+111,eutran;utran
            001010000000002,zz,\(Self.opc),,,,
            001010000000003,\(Self.k),\(Self.opc),111,,,
            "001010000000004",\(Self.k),\(Self.opc),,,,
            001010000000005,\(Self.k),\(Self.opc)
            001010000000001,\(Self.k),\(Self.opc),,,,

            001010000000006,\(Self.k),\(Self.opc),,,,lte
            """
        let response = await Self.call(api, "POST", "/v1/subscribers:import?format=csv", csv)
        #expect(response.status == 200)
        #expect(response.json["imported"] as? Int == 2)
        let errors = try #require(response.json["errors"] as? [[String: Any]])
        #expect(errors.compactMap { $0["line"] as? Int } == [3, 4, 6, 7, 9])
        #expect(errors.compactMap { $0["field"] as? String } == ["k", "msisdn", "", "imsi", "allowedRATs[0]"])
        let first = try #require(try await hss.store.subscriber(imsi: "001010000000001"))
        #expect(first.ims?.impus == ["sip:a@ims.test", "tel:+111"])
        #expect(first.allowedRATs == [.eutran, .utran])
        #expect(try await hss.store.subscriber(imsi: "001010000000004") != nil)
    }

    @Test func csvHeaderWithAnUnknownColumnIsRefused() async throws {
        let hss = try TestHSS()
        let response = await Self.call(ProvisioningAPI(store: hss.store), "POST", "/v1/subscribers:import",
                                       "imsi,k,opc,colour\n001010000000001,\(Self.k),\(Self.opc),red\n", contentType: "text/csv")
        let errors = try #require(response.json["errors"] as? [[String: Any]])
        #expect(errors.first?["line"] as? Int == 1 && errors.first?["field"] as? String == "colour")
    }

    @Test func ndjsonImportWithReplace() async throws {
        let hss = try TestHSS()
        let api = ProvisioningAPI(store: hss.store)
        let lines = [Self.json(Self.record("001010000000001")), "{not json", Self.json(Self.record("001010000000002", ["amf": "zz"])),
                     Self.json(Self.record("001010000000003", ["op": Self.opc, "opc": NSNull()]))]
        let first = await Self.call(api, "POST", "/v1/subscribers:import?format=ndjson", lines.joined(separator: "\n") + "\n")
        #expect(first.json["imported"] as? Int == 2)
        #expect((first.json["errors"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [2, 3])
        let again = await Self.call(api, "POST", "/v1/subscribers:import?format=ndjson",
                                    Self.json(Self.record("001010000000001", ["msisdn": "42"])))
        #expect(again.json["imported"] as? Int == 0 && again.json["failed"] as? Int == 1)
        let replaced = await Self.call(api, "POST", "/v1/subscribers:import?format=ndjson&onConflict=replace",
                                       Self.json(Self.record("001010000000001", ["msisdn": "42"])))
        #expect(replaced.json["imported"] as? Int == 1)
        #expect(try await hss.store.subscriber(imsi: "001010000000001")?.msisdn == "42")
        // Provisioned with OP: OPc is derived for Milenage, OP is what the API shows.
        let withOP = try #require(try await hss.store.subscriber(imsi: "001010000000003"))
        #expect(withOP.record["op"] as? String == Self.opc && withOP.record["opc"] == nil)
    }

    @Test func unknownRoutesAndMethods() async throws {
        let hss = try TestHSS()
        let api = ProvisioningAPI(store: hss.store)
        #expect(await Self.call(api, "GET", "/v2/things").status == 404)
        #expect(await Self.call(api, "PATCH", "/v1/subscribers").status == 405)
        #expect(await Self.call(api, "POST", "/v1/subscribers", "[1,2]").status == 400)
        #expect(await Self.call(api, "GET", "/v1/subscribers?limit=0").json["field"] as? String == "limit")
    }
}
