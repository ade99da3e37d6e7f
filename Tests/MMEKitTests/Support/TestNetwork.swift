import Diameter
import MobileCrypto
import GTPv2C
@testable import MMEKit
import NAS
import NIOCore
import S1AP
import Testing
import Wire

/// The MME in a network of doubles, in-process: eNBs and UEs driven by the test, an HSS and an
/// SGW that answer by themselves. Every message crosses as bytes (encoded by the sender,
/// decoded by the receiver), so what the MME sends must decode, and the test reads it decoded.
struct TestNetwork {
    static let subscriberIMSI = "001010000000001"
    static let subscriberK = "465B5CE8B199B49FAA5F0A2EE238A6BC"
    static let subscriberOPc = "CD63CB71954A9F4E48A5994E37A02BAF"
    static let plmn = PLMN(mcc: "001", mnc: "01")!
    static let pgw = IPAddress.v4(IPv4Address(10, 0, 3, 1))

    static var configuration: MMEConfiguration {
        MMEConfiguration(
            name: "vcore-mme", plmns: [.init(mcc: "001", mnc: "01", tacs: [1, 2, 3])], mmeGroupID: 0x8001, mmeCode: 1,
            security: .init(integrity: ["EIA2", "EIA1"], ciphering: ["EEA2", "EEA0"]),
            s1ap: .init(bind: ["10.0.0.1"]), s11: .init(address: "10.0.1.10"),
            s6a: .init(hss: "hss.vcore.svc.cluster.local", originHost: "mme.epc.mnc001.mcc001.3gppnetwork.org",
                       originRealm: "epc.mnc001.mcc001.3gppnetwork.org", destinationRealm: "epc.mnc001.mcc001.3gppnetwork.org"),
            sgw: .init(name: "sgw.vcore.svc.cluster.local"), pgw: .init(name: "pgw.vcore.svc.cluster.local"),
            networkName: "VCore")
    }

    /// One message on an interface, in the order it crossed, for captures and cross-checks.
    enum Traffic {
        case s1ap(ENBAssociationID, stream: UInt16, toMME: Bool, ByteBuffer)
        case s11(toMME: Bool, ByteBuffer)
        case s6a(toMME: Bool, ByteBuffer)
    }

    var mme: MME
    var hss = TestHSS()
    var sgw = TestSGW()
    /// S1AP PDUs the MME sent, per association, not yet read by the test.
    var inbox: [ENBAssociationID: [(stream: UInt16, message: S1APMessage)]] = [:]
    var traffic: [Traffic] = []
    var gtpSent: [GTPv2Message] = []
    var diameterSent: [DiameterMessage] = []
    var timers: [MMETimerID: Duration] = [:]
    var logs: [MMELogEvent] = []
    var closed: [ENBAssociationID] = []
    private var queue: [MMEEvent] = []
    private var nextAssociation: UInt64 = 0

    init(configuration: MMEConfiguration = TestNetwork.configuration, sgwSelection: any SGWSelectionPolicy = RoundRobinSGWSelection()) {
        mme = try! MME(configuration: configuration, recoveryCounter: 3, instanceSeed: 0x5EED, sgwSelection: sgwSelection)
        hss.add(IMSI(Self.subscriberIMSI)!, milenage: Milenage(k: Key128(hex: Self.subscriberK)!, opc: Key128(hex: Self.subscriberOPc)!))
        deliver(.sgwCandidates([TestSGW.peer]))
        deliver(.pgwCandidates([Self.pgw]))
    }

    /// A network whose one PLMN has these TACs (more than sixteen make TAI lists a choice).
    init(tacs: [Int]) {
        var configuration = Self.configuration
        configuration.plmns = [.init(mcc: "001", mnc: "01", tacs: tacs)]
        self.init(configuration: configuration)
    }

    static func subscriber(_ imsi: String = subscriberIMSI) -> TestUE {
        TestUE(imsi: imsi, k: subscriberK, opc: subscriberOPc)
    }

    // MARK: the event loop

    /// Hands `event` to the MME and performs what it asks, with the HSS's and SGW's answers fed
    /// back, until nothing is left to do.
    mutating func deliver(_ event: MMEEvent) {
        queue.append(event)
        drain()
    }

    /// Runs the queued events and whatever they cause.
    mutating func drain() {
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for action in mme.handle(next) { perform(action) }
        }
    }

    mutating func perform(_ action: MMEAction) {
        switch action {
        case .sendS1AP(let association, let stream, let message):
            let bytes = message.encoded()
            traffic.append(.s1ap(association, stream: stream, toMME: false, bytes))
            do {
                inbox[association, default: []].append((stream, try S1APMessage.decode(bytes)))
            } catch {
                Issue.record("the MME sent an S1AP PDU that does not decode: \(error)")
            }
        case .sendDiameter(let message):
            diameterSent.append(message)
            let bytes = message.encoded()
            traffic.append(.s6a(toMME: false, bytes))
            // Failed-AVP may carry an unknown AVP with the M bit: that is the point of it.
            guard let decoded = try? DiameterMessage.decode(bytes, unknownMandatory: .keep) else {
                Issue.record("the MME sent a Diameter message that does not decode")
                return
            }
            if let answer = hss.handle(decoded) { sendToMME(diameter: answer) }
        case .sendGTP(let message, let peer):
            gtpSent.append(message)
            let bytes = message.encoded()
            traffic.append(.s11(toMME: false, bytes))
            guard let decoded = try? GTPv2Message.decode(bytes) else {
                Issue.record("the MME sent a GTPv2-C message that does not decode")
                return
            }
            if peer == TestSGW.peer, let response = sgw.handle(decoded) { sendToMME(gtp: response) }
        case .startTimer(let timer, let duration):
            #expect(timers[timer] == nil, "timer \(timer) armed twice")
            timers[timer] = duration
        case .stopTimer(let timer):
            timers[timer] = nil
        case .closeAssociation(let association):
            closed.append(association)
        case .log(let event):
            logs.append(event)
        }
    }

    mutating func sendToMME(diameter message: DiameterMessage) {
        let bytes = message.encoded()
        traffic.append(.s6a(toMME: true, bytes))
        queue.append(.diameterBytes(bytes))
    }

    mutating func sendToMME(gtp message: GTPv2Message) {
        let bytes = message.encoded()
        traffic.append(.s11(toMME: true, bytes))
        queue.append(.gtp(bytes, from: TestSGW.peer))
    }

    /// Sends a GTPv2-C message from the SGW and runs everything it causes.
    mutating func fromSGW(_ message: GTPv2Message) {
        sendToMME(gtp: message)
        drain()
    }

    // MARK: timers

    func armed(_ kind: MMETimerID.Kind) -> [MMETimerID] {
        timers.keys.filter { $0.kind == kind }.sorted { $0.generation < $1.generation }
    }

    /// Fires the armed timer of `kind`; a test that fires one that is not armed fails.
    mutating func fire(_ kind: MMETimerID.Kind, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let timer = armed(kind).first else {
            Issue.record("no \(kind) timer is armed", sourceLocation: sourceLocation)
            return
        }
        timers[timer] = nil
        deliver(.timerExpired(timer))
    }

    // MARK: eNBs

    /// An association and S1 Setup for an eNB serving `tac`; the S1 Setup Response is checked.
    mutating func connectENB(tac: UInt16 = 1, macroID: UInt32 = 0x19B01) -> TestENB {
        nextAssociation += 1
        let enb = TestENB(association: ENBAssociationID(nextAssociation), plmn: Self.plmn, tac: tac, macroID: macroID)
        deliver(.s1apAssociationUp(enb.association, outboundStreams: 4))
        send(enb.s1SetupRequest(), from: enb, stream: 0)
        let answer = receive(on: enb)
        #expect(answer.flatMap(S1SetupResponse.init) != nil, "S1 Setup of eNB \(macroID) was not accepted: \(String(describing: answer))")
        return enb
    }

    mutating func send(_ message: S1APMessage, from enb: TestENB, stream: UInt16 = 1) {
        let bytes = message.encoded()
        traffic.append(.s1ap(enb.association, stream: stream, toMME: true, bytes))
        deliver(.s1ap(enb.association, stream: stream, bytes))
    }

    /// The next S1AP PDU the MME sent this eNB.
    mutating func receive(on enb: TestENB) -> S1APMessage? {
        guard var messages = inbox[enb.association], !messages.isEmpty else { return nil }
        let first = messages.removeFirst()
        inbox[enb.association] = messages
        return first.message
    }

    mutating func receiveAll(on enb: TestENB) -> [S1APMessage] {
        defer { inbox[enb.association] = [] }
        return inbox[enb.association, default: []].map(\.message)
    }

    func pending(on enb: TestENB) -> [S1APMessage] { inbox[enb.association, default: []].map(\.message) }

    /// The streams of everything sent to this eNB so far (UE-associated signalling avoids stream 0).
    func streams(on enb: TestENB) -> [UInt16] {
        traffic.compactMap { entry in
            guard case .s1ap(let association, let stream, false, _) = entry, association == enb.association else { return nil }
            return stream
        }
    }

    // MARK: UEs

    /// A NAS message as the first of a new connection.
    mutating func sendInitial(_ nas: [UInt8], ue: inout TestUE, enb: inout TestENB, sTMSI: STMSI? = nil) {
        ue.enbUES1APID = enb.newUEID()
        ue.mmeUES1APID = nil
        send(enb.initialUEMessage(ue, nas: nas, sTMSI: sTMSI), from: enb)
    }

    mutating func sendUplink(_ nas: [UInt8], ue: TestUE, enb: TestENB) {
        send(enb.uplinkNASTransport(ue, nas: nas), from: enb)
    }

    /// The next message to this eNB must be a Downlink NAS Transport for `ue`: its NAS message,
    /// checked by the UE (MAC and COUNT when protected).
    mutating func downlinkNAS(_ ue: inout TestUE, enb: TestENB) throws -> NASMessage {
        let pdu = try downlinkPDU(&ue, enb: enb)
        return try ue.receive(pdu)
    }

    mutating func downlinkPDU(_ ue: inout TestUE, enb: TestENB) throws -> [UInt8] {
        guard let message = receive(on: enb) else { throw TestFailure("nothing sent to the eNB") }
        guard let transport = S1APDownlinkNASTransport(message), let pdu = transport.nasPDU else {
            throw TestFailure("expected Downlink NAS Transport, got \(message.name)")
        }
        #expect(transport.enbUES1APID == ue.enbUES1APID)
        if let known = ue.mmeUES1APID { #expect(transport.mmeUES1APID == known) }
        ue.mmeUES1APID = transport.mmeUES1APID
        return pdu
    }

    mutating func expect<View: S1APMessageView>(_ type: View.Type, on enb: TestENB) throws -> View {
        guard let message = receive(on: enb) else { throw TestFailure("nothing sent to the eNB, expected \(View.spec.name)") }
        guard let view = View(message) else { throw TestFailure("expected \(View.spec.name), got \(message.name)") }
        return view
    }

    /// The GTPv2-C messages of one type the MME sent, oldest first.
    func sent(_ type: GTPv2MessageType) -> [GTPv2Message] { gtpSent.filter { $0.type == type } }

    func ueContext(_ ue: TestUE) -> UEContext? { mme.context.ue(imsi: ue.imsi) }
}

/// The test alias for S1AP's Downlink NAS Transport (NAS has a message of the same name).
typealias S1APDownlinkNASTransport = S1AP.DownlinkNASTransport
