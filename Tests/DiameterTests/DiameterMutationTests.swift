import Testing
import NIOCore
import CodecSamples
@testable import Diameter

@Suite struct DiameterMutationTests {
    /// 100,000 damaged messages, including ones framed by the stream framer: only errors, never a trap.
    @Test func mutatedMessagesOnlyEverThrow() {
        let seeds = DiameterSamples.all.map { Array($0.encoded().readableBytesView) }
        var mutator = Mutator(seed: 0x6469_616D)
        var decoded = 0, refused = 0
        for round in 0..<100_000 {
            let input = mutator.mutate(seeds[round % seeds.count])
            do {
                let message = try DiameterMessage.decode(ByteBuffer(bytes: input))
                _ = try DiameterMessage.decode(message.encoded())
                decoded += 1
            } catch {
                refused += 1
            }
            var framer = DiameterFramer(maximumLength: 4096)
            framer.append(ByteBuffer(bytes: input))
            while let frame = try? framer.next() { _ = try? DiameterMessage.decode(frame) }
        }
        #expect(decoded + refused == 100_000)
        #expect(refused > 10_000)
        print("Diameter mutations: \(decoded) decoded, \(refused) refused with an error")
    }
}
