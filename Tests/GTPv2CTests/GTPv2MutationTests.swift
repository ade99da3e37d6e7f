import Testing
import NIOCore
import CodecSamples
@testable import GTPv2C

@Suite struct GTPv2MutationTests {
    /// 100,000 damaged messages: every one must end in a decoded message or a thrown error, and a
    /// decoded one must re-encode and decode again (no state the encoder cannot write).
    @Test func mutatedMessagesOnlyEverThrow() {
        let seeds = GTPv2Samples.all.map { Array($0.encoded().readableBytesView) }
        var mutator = Mutator(seed: 0x67_7470_7632)
        var decoded = 0, refused = 0
        for round in 0..<100_000 {
            let input = mutator.mutate(seeds[round % seeds.count])
            do {
                let messages = try GTPv2Message.decodeDatagram(ByteBuffer(bytes: input))
                var again = ByteBuffer()
                GTPv2Message.encodeDatagram(messages, into: &again)
                _ = try GTPv2Message.decodeDatagram(again)
                decoded += 1
            } catch {
                refused += 1
            }
        }
        #expect(decoded + refused == 100_000)
        #expect(refused > 10_000, "the mutator produces mostly invalid input")
        print("GTPv2-C mutations: \(decoded) decoded, \(refused) refused with an error")
    }
}
