import Foundation
import NIOCore

/// The provisioning bulk import through the HTTP API: `count` subscribers as CSV in one
/// `POST /v1/subscribers:import`, the body built before the clock starts.
enum ImportRate {
    static let k = "465b5ce8b199b49faa5f0a2ee238a6bc"
    static let opc = "cd63cb71954a9f4e48a5994e37a02baf"

    static func imsi(_ index: Int) -> String { "00101" + String(format: "%010ld", index) }

    /// CSV for subscribers `first ..< first + count`, in chunks of about 1 MB.
    static func csv(first: Int, count: Int) -> [ByteBuffer] {
        var chunks: [ByteBuffer] = []
        var chunk = ByteBuffer(string: "imsi,k,opc,msisdn\n")
        for index in first..<(first + count) {
            chunk.writeString("\(imsi(index)),\(k),\(opc),33\(String(format: "%09ld", index))\n")
            if chunk.readableBytes > 1 << 20 {
                chunks.append(chunk)
                chunk = ByteBuffer()
            }
        }
        chunks.append(chunk)
        return chunks
    }

    /// Imports and returns subscribers per second; fails unless every line went in.
    static func measure(_ hss: HSSUnderTest, first: Int, count: Int) async throws -> Double {
        let body = csv(first: first, count: count)
        let length = body.reduce(0) { $0 + $1.readableBytes }
        let start = ContinuousClock.now
        let (status, report) = try await HTTPClient.send(.POST, host: hss.host, port: hss.provisioningPort,
                                                         path: "/v1/subscribers:import?format=csv", contentType: "text/csv",
                                                         bodyLength: length, body: body)
        let elapsed = ContinuousClock.now - start
        guard status == 200, report.contains("\"imported\":\(count)") || report.contains("\"imported\" : \(count)") else {
            throw BenchError("import of \(count) failed (\(status)): \(report.prefix(300))")
        }
        return Double(count) / elapsed.seconds
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
