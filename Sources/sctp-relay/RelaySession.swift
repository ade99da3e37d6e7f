import Logging
import NIOCore
import SCTP

/// One TCP client and the SCTP association made for it, relayed both ways until either ends.
struct RelaySession: Sendable {
    let client: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let transport: SCTPTransport
    let target: [SocketAddress]
    let local: [SocketAddress]
    let logger: Logger

    func run() async {
        let association: SCTPAssociation
        do {
            association = try await transport.connect(to: target, from: local)
        } catch {
            logger.notice("SCTP connect failed; closing the client", metadata: ["error": "\(error)"])
            try? await client.channel.close()
            return
        }
        logger.info("relaying", metadata: ["association": "\(association.id)", "client": "\(client.channel.remoteAddress.map { "\($0)" } ?? "?")"])
        do {
            try await client.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // SCTP → TCP
                    group.addTask {
                        for try await message in association.inbound {
                            var buffer = ByteBuffer()
                            RelayFrame(stream: message.stream, ppid: message.ppid, payload: message.bytes).write(into: &buffer)
                            try await outbound.write(buffer)
                        }
                    }
                    // TCP → SCTP
                    group.addTask {
                        var pending = ByteBuffer()
                        for try await chunk in inbound {
                            pending.writeImmutableBuffer(chunk)
                            while let frame = try RelayFrame.take(from: &pending) {
                                try await association.send(frame.payload, stream: frame.stream, ppid: frame.ppid)
                            }
                            pending.discardReadBytes()
                        }
                    }
                    // Either direction ending ends the session.
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            logger.notice("relay session ended", metadata: ["association": "\(association.id)", "error": "\(error)"])
        }
        try? await association.shutdown()
        logger.info("relay session closed", metadata: ["association": "\(association.id)"])
    }
}
