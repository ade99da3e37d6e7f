import NIOCore
import Testing
import Wire
@testable import NAS

/// Decoding cost of the message an MME sees first and most: ATTACH REQUEST with its PDN
/// CONNECTIVITY REQUEST. The bound is checked in release builds (`swift test -c release`); debug
/// builds only print the figure.
struct PerformanceTests {
    /// testattach.pcapng frame 122 (IMSI attach, 10 optional IEs, PCO in the PDN request).
    static let attachRequest = ByteBuffer(hex: "07417208991007374600000607f0f0c04001001000240201d031d1271d8080211001010010810600000000830600000000000300000a00000d005c20003103e5e0349011035f58a640080402600400021f025d0105c1")

    static func nanosecondsPerOperation(iterations: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<iterations { body() } }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations)
    }

    @Test func attachRequestDecodesWellUnderAMicrosecond() throws {
        let bytes = Self.attachRequest
        var checksum = 0
        let iterations = 5_000
        // Warm up, then take the best of many short runs: the machine's other work (two shared
        // cores) only ever adds time.
        _ = try NASMessage.decode(bytes)
        let runs = (0..<40).map { _ in
            Self.nanosecondsPerOperation(iterations: iterations) {
                if case .emm(.attachRequest(let request))? = try? NASMessage.decode(bytes) {
                    checksum &+= request.optionalIEs.count
                }
            }
        }
        let best = runs.min() ?? 0
        let encode = Self.nanosecondsPerOperation(iterations: iterations) {
            checksum &+= NASSamples.all[0].encoded().readableBytes
        }
        print("NAS: ATTACH REQUEST + PDN CONNECTIVITY REQUEST decode \(Int(best)) ns, sample encode \(Int(encode)) ns")
        #expect(checksum > 0)
        #if !DEBUG
        #expect(best < 1000, "decode took \(best) ns")
        #endif
    }
}
