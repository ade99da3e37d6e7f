import NIOCore
import Wire

/// The two ends of an SCTP association, the one that sent INIT first.
struct SCTPAssociationKey: Hashable {
    var initiator: IPEndpoint
    var responder: IPEndpoint
}

/// One end's sending state, and what it owes the peer.
struct SCTPEndState {
    /// This end's Initiate Tag: the verification tag of every packet sent *to* it.
    var tag: UInt32
    var nextTSN: UInt32
    var nextSSN: [UInt16: UInt16] = [:]
    /// The highest TSN this end received (all TSNs arrive in order here).
    var receivedTSN: UInt32?
    /// DATA packets received since this end last sent a SACK.
    var unacknowledgedPackets = 0
}

struct SCTPAssociation {
    var initiator: SCTPEndState
    var responder: SCTPEndState
}

extension TrafficCaptureWriter {
    /// Receivers acknowledge every second DATA packet, as RFC 9260 6.2 suggests.
    static let sctpPacketsPerSACK = 2

    /// Sends one user message from `source` to `destination` on their SCTP association: the first
    /// call for a pair sets it up with INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK (`source` initiating).
    /// A message above `maximumSCTPFragment` bytes goes out as several DATA chunks with consecutive
    /// TSNs; ordered messages take the stream's next SSN; the peer SACKs every second packet.
    public func writeSCTP(_ message: ByteBuffer, from source: IPEndpoint, to destination: IPEndpoint,
                          stream: UInt16 = 0, ppid: UInt32, unordered: Bool = false) throws(PcapError) {
        guard message.readableBytes > 0 else {
            throw PcapError(.cannotWrite, path: path, message: "an SCTP user message needs at least one byte")
        }
        let (key, sourceInitiated) = try sctpAssociation(from: source, to: destination)
        guard let association = sctpAssociations[key] else { return }
        var sender = sourceInitiated ? association.initiator : association.responder
        var receiver = sourceInitiated ? association.responder : association.initiator

        let ssn = unordered ? 0 : sender.nextSSN[stream, default: 0]
        if !unordered { sender.nextSSN[stream] = ssn &+ 1 }
        let pieceLength = max(1, maximumSCTPFragment)
        var offset = 0
        while offset < message.readableBytes {
            let length = min(pieceLength, message.readableBytes - offset)
            let piece = message.getSlice(at: message.readerIndex + offset, length: length) ?? ByteBuffer()
            let chunk = SCTPDataChunk(tsn: sender.nextTSN, streamIdentifier: stream, streamSequenceNumber: ssn,
                                      payloadProtocolIdentifier: ppid, userData: piece, unordered: unordered,
                                      beginning: offset == 0, ending: offset + length == message.readableBytes)
            try writeSCTPPacket(from: source, to: destination, tag: receiver.tag, [.data(chunk)])
            receiver.receivedTSN = sender.nextTSN
            receiver.unacknowledgedPackets += 1
            sender.nextTSN &+= 1
            offset += length
            if receiver.unacknowledgedPackets >= Self.sctpPacketsPerSACK {
                try acknowledge(by: &receiver, at: destination, to: source, peerTag: sender.tag)
            }
        }
        sctpAssociations[key] = sourceInitiated ? SCTPAssociation(initiator: sender, responder: receiver)
                                                : SCTPAssociation(initiator: receiver, responder: sender)
    }

    /// Ends the association between the endpoints, if any, with SHUTDOWN, SHUTDOWN-ACK and
    /// SHUTDOWN-COMPLETE, `source` shutting down.
    public func closeSCTP(from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError) {
        let forward = SCTPAssociationKey(initiator: source, responder: destination)
        let sourceInitiated = sctpAssociations[forward] != nil
        let key = sourceInitiated ? forward : SCTPAssociationKey(initiator: destination, responder: source)
        guard let association = sctpAssociations.removeValue(forKey: key) else { return }
        let mine = sourceInitiated ? association.initiator : association.responder
        let theirs = sourceInitiated ? association.responder : association.initiator
        try writeSCTPPacket(from: source, to: destination, tag: theirs.tag,
                            [.shutdown(cumulativeTSN: mine.receivedTSN ?? theirs.nextTSN &- 1)])
        try writeSCTPPacket(from: destination, to: source, tag: mine.tag, [.shutdownAcknowledgement])
        try writeSCTPPacket(from: source, to: destination, tag: theirs.tag, [.shutdownComplete])
    }

    /// SACKs whatever DATA is still unacknowledged on every association.
    func acknowledgeAllSCTP() throws(PcapError) {
        for (key, var association) in sctpAssociations {
            if association.initiator.unacknowledgedPackets > 0 {
                try acknowledge(by: &association.initiator, at: key.initiator, to: key.responder,
                                peerTag: association.responder.tag)
            }
            if association.responder.unacknowledgedPackets > 0 {
                try acknowledge(by: &association.responder, at: key.responder, to: key.initiator,
                                peerTag: association.initiator.tag)
            }
            sctpAssociations[key] = association
        }
    }

    private func acknowledge(by end: inout SCTPEndState, at endpoint: IPEndpoint, to peer: IPEndpoint,
                             peerTag: UInt32) throws(PcapError) {
        guard let received = end.receivedTSN else { return }
        try writeSCTPPacket(from: endpoint, to: peer, tag: peerTag,
                            [.selectiveAcknowledgement(cumulativeTSN: received, advertisedReceiverWindow: 106_496)])
        end.unacknowledgedPackets = 0
    }

    /// The association between the endpoints, set up with the four-way handshake if there is none.
    private func sctpAssociation(from source: IPEndpoint, to destination: IPEndpoint) throws(PcapError)
        -> (key: SCTPAssociationKey, sourceInitiated: Bool)
    {
        let forward = SCTPAssociationKey(initiator: source, responder: destination)
        if sctpAssociations[forward] != nil { return (forward, true) }
        let backward = SCTPAssociationKey(initiator: destination, responder: source)
        if sctpAssociations[backward] != nil { return (backward, false) }

        let initiator = SCTPEndState(tag: seed(0x5343_5401), nextTSN: seed(0x5343_5402))
        let responder = SCTPEndState(tag: seed(0x5343_5403), nextTSN: seed(0x5343_5404))
        openedCount += 1
        let cookie = ByteBuffer(bytes: (0..<24).map { UInt8(truncatingIfNeeded: responder.tag >> ($0 % 4 * 8)) ^ UInt8($0) })
        try writeSCTPPacket(from: source, to: destination, tag: 0,
                            [.initiation(SCTPInitiation(initiateTag: initiator.tag, initialTSN: initiator.nextTSN))])
        try writeSCTPPacket(from: destination, to: source, tag: initiator.tag,
                            [.initiationAcknowledgement(SCTPInitiation(initiateTag: responder.tag,
                                                                       initialTSN: responder.nextTSN),
                                                        stateCookie: cookie)])
        try writeSCTPPacket(from: source, to: destination, tag: responder.tag, [.cookieEcho(cookie)])
        try writeSCTPPacket(from: destination, to: source, tag: initiator.tag, [.cookieAcknowledgement])
        sctpAssociations[forward] = SCTPAssociation(initiator: initiator, responder: responder)
        return (forward, true)
    }

    private func writeSCTPPacket(from source: IPEndpoint, to destination: IPEndpoint, tag: UInt32,
                                 _ chunks: [SCTPChunk]) throws(PcapError) {
        let packet = SCTPPacket(sourcePort: source.port, destinationPort: destination.port, verificationTag: tag,
                                chunks: chunks)
        let identification = nextIdentification()
        try writeIPPacket(build { () throws(CodecError) in
            try packet.packet(source: source.address, destination: destination.address, identification: identification)
        })
    }
}
