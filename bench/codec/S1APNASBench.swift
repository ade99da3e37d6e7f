import MobileCrypto
import NAS
import NIOCore
import S1AP

/// Issue #3 target: decode + encode of an Initial UE Message carrying an Attach Request, at least
/// 500,000 per second per core. Measured three ways (docs/benchmarks.md says which is which):
/// the first decodes the S1AP PDU and the ATTACH REQUEST inside it (ESM container included) and
/// encodes the message, as the GTPv2-C and Diameter figures of issue #2 do; the second rebuilds
/// both from typed values, as an eNB simulator would send it after an MME read every IE.
func s1apNASBench() throws {
    let attach = NASMessage.emm(.attachRequest(NASSamples.attachRequest))
    var initial = S1APSamples.initialUEMessage
    initial.nasPDU = Array(attach.encoded().readableBytesView)
    let pdu = initial.encoded()
    var output = ByteBuffer()
    output.reserveCapacity(1024)

    try measure("S1AP Initial UE + NAS Attach Request decode+encode", bytes: pdu.readableBytes) {
        let message = try S1APMessage.decode(pdu)
        guard let nas = InitialUEMessage(message)?.nasPDU,
              case .plain(let decoded) = try NASPDU.decode(ByteBuffer(bytes: nas)),
              decoded.containedESMMessage != nil else { fatalError("not an Initial UE Message with an Attach Request") }
        output.clear()
        message.encode(into: &output)
        precondition(output.readableBytes == pdu.readableBytes)
    }
    try measure("S1AP Initial UE + NAS Attach typed read + typed rebuild", bytes: pdu.readableBytes) {
        let message = try S1APMessage.decode(pdu)
        guard let view = InitialUEMessage(message), let nas = view.nasPDU, let enbID = view.enbUES1APID,
              let tai = view.tai, let cell = view.eutranCGI, let cause = view.rrcEstablishmentCause,
              case .plain(let decoded) = try NASPDU.decode(ByteBuffer(bytes: nas)),
              decoded.containedESMMessage != nil else { fatalError("not an Initial UE Message with an Attach Request") }
        var rebuilt = InitialUEMessage()
        rebuilt.enbUES1APID = enbID
        rebuilt.nasPDU = Array(decoded.encoded().readableBytesView)
        rebuilt.tai = tai
        rebuilt.eutranCGI = cell
        rebuilt.rrcEstablishmentCause = cause
        output.clear()
        rebuilt.encode(into: &output)
        precondition(output.readableBytes == pdu.readableBytes)
    }
    try measure("S1AP Initial UE Message decode+encode (NAS-PDU as octets)", bytes: pdu.readableBytes) {
        let message = try S1APMessage.decode(pdu)
        output.clear()
        message.encode(into: &output)
        precondition(output.readableBytes == pdu.readableBytes)
    }

    let kasme = Key256(bytes: [UInt8](repeating: 0x3C, count: 32))!
    var mme = NASSecurityContext(kasme: kasme, keySetIdentifier: 1, integrity: .eia2, ciphering: .eea2, role: .network)
    var ue = NASSecurityContext(kasme: kasme, keySetIdentifier: 1, integrity: .eia2, ciphering: .eea2, role: .ue)
    let accept = NASMessage.emm(.attachAccept(NASSamples.attachAccept)).encoded()
    try measure("NAS protect + unprotect (EIA2/EEA2, ATTACH ACCEPT)", bytes: accept.readableBytes) {
        let envelope = mme.protect(encoded: accept)
        let plain = try ue.unprotect(envelope)
        precondition(plain.readableBytes == accept.readableBytes)
    }
}
