import Diameter
import DiameterPeer
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import HSSKit

extension HSSProcessTests {
    /// Input no well-behaved MME sends, from a bare TCP peer: each request gets the protocol's
    /// error answer, a broken frame ends only that connection, and a second MME is served throughout.
    @Suite struct MalformedDiameter {
        typealias Frames = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

        static let rawIdentity = DiameterNodeIdentity(originHost: "raw.epc.mnc001.mcc001.3gppnetwork.org",
                                                      originRealm: "epc.mnc001.mcc001.3gppnetwork.org", originStateID: 7,
                                                      applications: [.s6a])

        /// Writes `message` with `hopByHop` and returns the next message that is not a DWR.
        static func exchange(_ message: DiameterMessage, hopByHop: UInt32, _ frames: inout Frames,
                             _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> DiameterMessage? {
            var message = message
            message.header.hopByHop = hopByHop
            message.header.endToEnd = hopByHop
            try await outbound.write(message.encoded())
            while let frame = try await frames.next() {
                let received = try DiameterMessage.decode(frame)
                if received.commandCode != DiameterCommand.deviceWatchdog.code { return received }
            }
            return nil
        }

        @Test func errorAnswersAndTheOtherPeerIsStillServed() async throws {
            let hss = try await HSSProcess()
            try await hss.start()
            try await HSSProcessTests.provision(hss)
            let (mme, wellBehaved) = try await HSSProcessTests.connect(hss)

            let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: hss.diameterPort) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DiameterFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await raw.executeThenClose { inbound, outbound in
                var frames = inbound.makeAsyncIterator()
                let cer = CapabilitiesExchange.request(Self.rawIdentity, localAddress: nil, hopByHop: 1, endToEnd: 1)
                #expect(try await Self.exchange(cer, hopByHop: 1, &frames, outbound)?.resultCode == 2001)

                // No User-Name: DIAMETER_MISSING_AVP with a Failed-AVP naming it.
                var noUser = mme.air(HSSProcessTests.imsi)
                noUser.list.removeAll(.userName)
                let missing = try #require(try await Self.exchange(noUser, hopByHop: 2, &frames, outbound))
                #expect(missing.resultCode == 5005)
                #expect(missing[.failedAVP]?[.userName] != nil)

                // A User-Name that is not UTF-8: DIAMETER_INVALID_AVP_VALUE, Failed-AVP again.
                var badText = mme.air(HSSProcessTests.imsi)
                badText.list.removeAll(.userName)
                badText.append(AVP(code: AVPDefinition.userName.code, flags: .mandatory, vendorID: nil,
                                   value: .utf8(ByteBuffer(bytes: [0xFF, 0xFE, 0x30]))))
                let invalid = try #require(try await Self.exchange(badText, hopByHop: 3, &frames, outbound))
                #expect(invalid.resultCode == 5004)
                #expect(invalid[.failedAVP]?[.userName] != nil)

                // An application this HSS does not serve (Gx CCR): 3007 with the E bit.
                let gx = DiameterMessage.request(.creditControl, sessionID: "raw;1;gx", from: Self.rawIdentity,
                                                 destinationRealm: "epc.mnc001.mcc001.3gppnetwork.org",
                                                 avps: [AVP(.ccRequestType, enumerated: 1), AVP(.ccRequestNumber, unsigned32: 0)])
                let unsupported = try #require(try await Self.exchange(gx, hopByHop: 4, &frames, outbound))
                #expect(unsupported.resultCode == 3007)
                #expect(unsupported.header.flags.contains(.error))

                // A length that cannot frame: nothing tells where the next message starts, so the
                // HSS closes this connection, and only this one.
                try await outbound.write(ByteBuffer(bytes: [1, 0, 0, 7, 0x80, 0, 1, 0x3E]))
                #expect(try await frames.next() == nil)
            }

            // The well-behaved MME never noticed.
            #expect(wellBehaved.isOpen)
            #expect(try await wellBehaved.request(mme.air(HSSProcessTests.imsi)).resultCode == 2001)
            let metrics = try await hss.metrics()
            #expect(HSSProcess.sample(metrics, #"diameter_protocol_errors_total{result_code="5005"}"#) == 1, "\(metrics)")
            #expect(HSSProcess.sample(metrics, #"diameter_protocol_errors_total{result_code="5004"}"#) == 1)
            #expect(HSSProcess.sample(metrics, #"diameter_protocol_errors_total{result_code="3007"}"#) == 1)
            #expect(HSSProcess.sample(metrics, #"diameter_connections_broken_total"#) == 1)
            #expect(await hss.terminate().status == 0)
        }
    }
}
