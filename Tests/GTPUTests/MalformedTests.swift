import GTPU
import NIOCore
import Testing
import Wire

/// Each way a packet can be broken gets a thrown error that says what and where.
@Suite("Malformed and foreign packets")
struct MalformedTests {
    private func error(_ hex: String) -> GTPUDecodeError? {
        do {
            _ = try GTPUMessage.decode(ByteBuffer(hex: hex))
            return nil
        } catch {
            return error
        }
    }

    private func codecError(_ hex: String) -> CodecError? { error(hex)?.codecError }

    @Test func otherVersionsAreNotMalformedGTPU() {
        // A GTPv2-C Echo Request sent to the user-plane port.
        #expect(error("40010009 00000100 03000100 00") == .unsupportedVersion(2))
        #expect(error("10ff0000 00000001") == .unsupportedVersion(0))
        #expect(throws: GTPUDecodeError.unsupportedVersion(2)) {
            try GTPUPacketView.peekHeader(ByteBuffer(hex: "48200000"))
        }
    }

    @Test func protocolTypeZeroIsGTPPrime() {
        #expect(error("20010000") == .gtpPrime)
        #expect(throws: GTPUDecodeError.gtpPrime) { try GTPUPacketView.parse(ByteBuffer(hex: "2e01000000")) }
    }

    @Test func truncatedHeaders() {
        #expect(codecError("")?.kind == .truncated(needed: 8, available: 0))
        #expect(codecError("30ff0000 000000")?.kind == .truncated(needed: 8, available: 7))
        #expect(throws: GTPUDecodeError.self) { try GTPUPacketView.peekHeader(ByteBuffer(hex: "30ff0000 000000")) }
    }

    @Test func lengthPastTheEnd() {
        let error = codecError("30ff0010 00000001 4500")
        #expect(error?.kind == .truncated(needed: 16, available: 2))
        #expect(error?.offset == 8)
    }

    @Test func flagsWithoutRoomForTheOptionalFields() {
        #expect(codecError("32ff0001 00000001 00")?.kind == .truncated(needed: 2, available: 1))
        #expect(codecError("32ff0002 00000001 0000")?.kind == .truncated(needed: 1, available: 0))
    }

    @Test func zeroLengthExtensionHeader() {
        let error = codecError("34ff0008 00000001 00000040 00000000")
        #expect(error?.kind == .invalidLength(0))
        #expect(error?.offset == 12)
    }

    @Test func extensionChainPastTheEnd() {
        // The UDP Port header claims 8 octets; the Length field leaves it 4.
        #expect(codecError("34ff0008 00000001 00000040 02086800 00000000")?.kind
            == .truncated(needed: 6, available: 3))
        // A chain whose last header names a next one that is not there.
        #expect(codecError("34ff0008 00000001 00000040 01086840")?.kind == .truncated(needed: 1, available: 0))
    }

    @Test func unknownTVElementCannotBeSkipped() {
        // Type 2 (IMSI in GTPv1-C) in an Echo Request.
        let error = codecError("32010006 00000000 00010000 0201")
        guard case .unsupported = error?.kind else {
            Issue.record("expected unsupported, got \(String(describing: error))")
            return
        }
        #expect(error?.offset == 12)
    }

    @Test func elementLengthPastTheEnd() {
        #expect(codecError("32010008 00000000 00010000 ff000a00")?.kind == .truncated(needed: 10, available: 1))
        #expect(codecError("321f0006 00000000 00000000 8d05")?.kind == .truncated(needed: 5, available: 0))
        #expect(codecError("32020005 00000000 00010000 0e")?.kind == .truncated(needed: 1, available: 0))
    }

    @Test func peerAddressOfNeitherFamily() {
        #expect(codecError("321a0011 00000000 00000000 10 00000abc 85 0005 7f00000201")?.kind == .invalidLength(5))
    }

    @Test func privateExtensionWithoutIdentifier() {
        #expect(codecError("32010008 00000000 00010000 ff000100")?.kind == .invalidLength(1))
    }

    @Test func missingMandatoryElements() {
        #expect(codecError("32020004 00000000 00010000")?.kind == .missingMandatory("Recovery"))
        #expect(codecError("321a0009 00000000 00000000 10 00000abc")?.kind == .missingMandatory("GTP-U Peer Address"))
        #expect(codecError("321a000b 00000000 00000000 85 0004 7f000002")?.kind
            == .missingMandatory("Tunnel Endpoint Identifier Data I"))
        #expect(codecError("321f0004 00000000 00000000")?.kind == .missingMandatory("Extension Header Type List"))
    }

    @Test func fastPathDoesNotLookAtSignallingBodies() throws {
        // A broken Echo Response body still parses as a packet: only the decoder reads elements.
        let view = try GTPUPacketView.parse(ByteBuffer(hex: "32020004 00000000 00010000"))
        #expect(view.messageType == .echoResponse && view.body.readableBytes == 0)
    }
}
