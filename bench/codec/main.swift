import Foundation
import NIOCore
import Wire
import GTPv2C
import Diameter
import CodecSamples
import MobileCrypto
#if canImport(Glibc)
import Glibc
#endif

/// Decode + re-encode throughput of the codecs on one core (issue #2 target: 1,000,000 per
/// second for a Create Session Request and for an S6a Update-Location-Answer).
///
/// Run: swift build -c release --product codec-bench && .build/release/codec-bench

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` repeatedly for about `seconds` and returns operations per second (best of 5).
func measure(_ name: String, bytes: Int, seconds: Double = 1.0, _ body: () throws -> Void) rethrows {
    let only = CommandLine.arguments.dropFirst().first
    if let only, !name.contains(only) { return }
    for _ in 0..<10_000 { try body() }
    var best = 0.0
    for _ in 0..<5 {
        var count = 0
        let start = now()
        var elapsed = 0.0
        while elapsed < seconds / 5 {
            for _ in 0..<1000 { try body() }
            count += 1000
            elapsed = now() - start
        }
        best = max(best, Double(count) / elapsed)
    }
    let padded = name.padding(toLength: 52, withPad: " ", startingAt: 0)
    print("\(padded) \(String(format: "%10.0f", best)) msg/s  \(bytes) bytes/msg")
}

/// Locals, not globals: a global buffer would pay a dynamic exclusivity check on every access.
func runCodecBenchmarks() throws {
    var output = ByteBuffer()
    output.reserveCapacity(4096)

    let csr = GTPv2Samples.createSessionRequest.message.encoded()
    try measure("GTPv2-C Create Session Request decode+encode", bytes: csr.readableBytes) {
        let message = try GTPv2Message.decode(csr)
        output.clear()
        message.encode(into: &output)
        precondition(output.readableBytes == csr.readableBytes)
    }

    let ula = DiameterSamples.updateLocationAnswer.encoded()
    try measure("Diameter S6a Update-Location-Answer decode+encode", bytes: ula.readableBytes) {
        let message = try DiameterMessage.decode(ula)
        output.clear()
        message.encode(into: &output)
        precondition(output.readableBytes == ula.readableBytes)
    }
}

try runCodecBenchmarks()

/// What a handler pays when it reads everything: every IE/AVP built into its typed value.
func fullReadBench() throws {
    var output = ByteBuffer()
    output.reserveCapacity(4096)
    let csr = GTPv2Samples.createSessionRequest.message.encoded()
    try measure("CSR decode + every IE typed + encode", bytes: csr.readableBytes) {
        let message = try GTPv2Message.decode(csr)
        var count = 0
        for ie in message.ies {
            if case .bearerContext(let context) = ie.value { count += context.ies.count }
            count += 1
        }
        precondition(count > 20)
        output.clear()
        message.encode(into: &output)
    }
    let ula = DiameterSamples.updateLocationAnswer.encoded()
    try measure("ULA decode + every AVP built + encode", bytes: ula.readableBytes) {
        let message = try DiameterMessage.decode(ula)
        func build(_ avps: [AVP]) -> Int {
            avps.reduce(0) { $0 + 1 + ($1.value.children.map(build) ?? 0) }
        }
        precondition(build(message.avps) > 40)
        output.clear()
        message.encode(into: &output)
    }
}

func splitBench() throws {
    let csr = GTPv2Samples.createSessionRequest.message.encoded()
    let message = try GTPv2Message.decode(csr)
    var output = ByteBuffer()
    output.reserveCapacity(4096)
    try measure("CSR decode only", bytes: csr.readableBytes) { _ = try GTPv2Message.decode(csr) }
    measure("CSR encode only", bytes: csr.readableBytes) {
        output.clear()
        message.encode(into: &output)
    }
}
/// Issue #3 targets: Milenage + KASME ≥ 200,000/s, EIA2 over 100 bytes ≥ 2,000,000/s per core.
func cryptoBench() {
    let milenage = Milenage(k: Key128(hex: "465B5CE8B199B49FAA5F0A2EE238A6BC")!, opc: Key128(hex: "E8ED289DEBA952E4283B54E88E6183CA")!)
    let plmn = PLMN(mcc: "901", mnc: "70")!
    var sqn = SQN(0x20)!
    measure("Milenage + KASME (E-UTRAN vector, fresh RAND)", bytes: 0) {
        let vector = milenage.eutranVector(sqn: sqn, amf: 0x8000, servingNetwork: plmn)
        precondition(vector.kasme.bytes.count == 32)
        sqn = sqn.successor
    }
    let key = Key128(hex: "2BD6459F82C5B300952C49104881FF48")!
    let message = [UInt8](repeating: 0x5A, count: 100)
    var count: UInt32 = 0
    measure("EIA2 MAC over a 100-byte NAS message", bytes: 100) {
        let mac = EPSIntegrity.mac(.eia2, key: key, count: count, bearer: 0, direction: 1, message: message)
        count &+= mac & 1
    }
}

try fullReadBench()
cryptoBench()
try splitBench()
try s1apNASBench()
