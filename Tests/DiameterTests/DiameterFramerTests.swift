import Testing
import NIOCore
import Wire
import CodecSamples
@testable import Diameter

@Suite struct DiameterFramerTests {
    let messages = [DiameterSamples.capabilitiesExchangeRequest, DiameterSamples.updateLocationAnswer,
                    DiameterSamples.deviceWatchdogRequest].map { $0.encoded() }

    var stream: [UInt8] { messages.flatMap { Array($0.readableBytesView) } }

    @Test(arguments: [1, 3, 7, 20, 64, 1000])
    func messagesSplitAcrossReadsComeOutWhole(chunk: Int) throws {
        var framer = DiameterFramer()
        var out = [ByteBuffer]()
        var index = 0
        while index < stream.count {
            let end = min(index + chunk, stream.count)
            framer.append(ByteBuffer(bytes: stream[index..<end]))
            while let message = try framer.next() { out.append(message) }
            index = end
        }
        #expect(out == messages)
        #expect(framer.bufferedBytes == 0)
    }

    @Test func severalMessagesInOneRead() throws {
        var framer = DiameterFramer()
        framer.append(ByteBuffer(bytes: stream))
        var out = [ByteBuffer]()
        while let message = try framer.next() { out.append(message) }
        #expect(out == messages)
    }

    @Test func lengthBelowTheHeaderSizeBreaksTheStream() {
        var framer = DiameterFramer()
        framer.append(ByteBuffer(bytes: [1, 0, 0, 12] + Array(repeating: 0, count: 16)))
        #expect(throws: CodecError.self) { _ = try framer.next() }
    }

    @Test func lengthNotAMultipleOfFourBreaksTheStream() {
        var framer = DiameterFramer()
        framer.append(ByteBuffer(bytes: [1, 0, 0, 22] + Array(repeating: 0, count: 18)))
        #expect(throws: CodecError.self) { _ = try framer.next() }
    }

    @Test func hugeLengthIsRefusedBeforeBufferingIt() {
        var framer = DiameterFramer(maximumLength: 65536)
        framer.append(ByteBuffer(bytes: [1, 0xFF, 0xFF, 0xFC]))
        #expect(throws: CodecError.self) { _ = try framer.next() }
    }

    @Test func lengthThatPromisesMoreThanArrivesWaits() throws {
        var framer = DiameterFramer()
        var first = messages[0]
        framer.append(first.readSlice(length: first.readableBytes - 1)!)
        #expect(try framer.next() == nil)
        framer.append(first)
        #expect(try framer.next() == messages[0])
    }
}
