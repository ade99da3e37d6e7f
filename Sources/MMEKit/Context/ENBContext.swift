import S1AP
import Wire

/// One eNB as the MME knows it: its association, and after S1 Setup its identity and the
/// tracking areas it serves (for paging).
public struct ENBContext: Sendable {
    public let association: ENBAssociationID
    /// Streams the MME may send on; UE-associated signalling avoids stream 0.
    public var outboundStreams: UInt16
    /// Set by a successful S1 Setup; nil before.
    public internal(set) var globalENBID: GlobalENBID?
    public internal(set) var name: String?
    public internal(set) var trackingAreas: [TAI] = []
    public internal(set) var pagingDRX: PagingDRX?

    public var isSetUp: Bool { globalENBID != nil }

    init(association: ENBAssociationID, outboundStreams: UInt16) {
        self.association = association
        self.outboundStreams = outboundStreams
    }

    /// The stream for a UE's signalling: spread over streams 1..n-1, stream 0 when there is no other.
    func stream(for id: MMEUES1APID) -> UInt16 {
        guard outboundStreams > 1 else { return 0 }
        return 1 + UInt16(id % UInt32(outboundStreams - 1))
    }
}

extension GlobalENBID {
    /// The eNB ID's bits as a number, whatever its kind (macro, home, short or long macro).
    var numericID: UInt32? {
        switch enbID {
        case .macroENBID(let id), .homeENBID(let id), .shortMacroENBID(let id), .longMacroENBID(let id): id
        case .unknownExtension: nil
        }
    }
}

/// An eNB's supported TAs as Wire TAIs: one per TAC and broadcast PLMN.
extension Array where Element == SupportedTAsItem {
    var tais: [TAI] {
        flatMap { item in item.broadcastPLMNs.compactMap { $0.plmn.map { TAI(plmn: $0, tac: item.tac) } } }
    }
}
