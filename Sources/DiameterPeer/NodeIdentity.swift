import Diameter
import NIOCore
import Wire

/// Who this Diameter node is: what it puts in CER/CEA and in the Origin AVPs of every message.
public struct DiameterNodeIdentity: Hashable, Sendable {
    /// Origin-Host, a DiameterIdentity (an FQDN, e.g. "hss.epc.mnc001.mcc001.3gppnetwork.org").
    public var originHost: String
    public var originRealm: String
    /// Host-IP-Address values for CER/CEA. Empty: the local address of each connection, which is
    /// what the peer reached us on (a node bound to 0.0.0.0 has no better answer).
    public var hostIPAddresses: [IPAddress]
    /// Vendor-Id of CER/CEA: the IANA enterprise number of the implementation, 0 when none.
    public var vendorID: UInt32
    public var productName: String
    public var firmwareRevision: UInt32?
    /// Origin-State-Id (RFC 6733 8.16): changes each time the node restarts, so peers can tell a
    /// restart (and drop state) from a reconnection. Seconds since the epoch at start is usual.
    public var originStateID: UInt32
    /// The applications this node serves or uses; advertised in CER/CEA, 3GPP ones inside
    /// Vendor-Specific-Application-Id with Vendor-Id 10415.
    public var applications: [DiameterApplication]

    public init(originHost: String, originRealm: String, hostIPAddresses: [IPAddress] = [], vendorID: UInt32 = 0,
                productName: String = "VCore", firmwareRevision: UInt32? = nil, originStateID: UInt32,
                applications: [DiameterApplication]) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.hostIPAddresses = hostIPAddresses
        self.vendorID = vendorID
        self.productName = productName
        self.firmwareRevision = firmwareRevision
        self.originStateID = originStateID
        self.applications = applications
    }

    /// Origin-Host and Origin-Realm, in the order every command ABNF lists them.
    public var originAVPs: [AVP] { [AVP(.originHost, originHost), AVP(.originRealm, originRealm)] }
}

/// What a peer told us about itself in its CER or CEA.
public struct PeerCapabilities: Hashable, Sendable, CustomStringConvertible {
    public var originHost: String
    public var originRealm: String
    public var hostIPAddresses: [DiameterAddress]
    public var vendorID: UInt32
    public var productName: String
    public var firmwareRevision: UInt32?
    public var originStateID: UInt32?
    /// Auth and Acct application ids, from the plain AVPs and from Vendor-Specific-Application-Id.
    public var applications: Set<DiameterApplication>
    public var supportedVendorIDs: Set<UInt32>

    public var description: String { "\(originHost) (\(originRealm), \(productName))" }

    /// Reads a CER or CEA. Throws the protocol error a responder answers a broken CER with.
    public init(from message: DiameterMessage) throws(DiameterAnswerError) {
        for required in [AVPDefinition.originHost, .originRealm, .hostIPAddress, .vendorId, .productName]
        where message[required] == nil {
            throw .missingAVP(required)
        }
        originHost = message.originHost ?? ""
        originRealm = message.originRealm ?? ""
        hostIPAddresses = message.all(.hostIPAddress).compactMap(\.value.address)
        vendorID = message[.vendorId]?.value.unsigned32 ?? 0
        productName = message[.productName]?.value.text ?? ""
        firmwareRevision = message[.firmwareRevision]?.value.unsigned32
        originStateID = message[.originStateId]?.value.unsigned32
        supportedVendorIDs = Set(message.all(.supportedVendorId).compactMap(\.value.unsigned32))
        var applications = Set<DiameterApplication>()
        for avp in message.all(.authApplicationId) + message.all(.acctApplicationId) {
            if let id = avp.value.unsigned32 { applications.insert(DiameterApplication(rawValue: id)) }
        }
        for grouped in message.all(.vendorSpecificApplicationId) {
            for avp in grouped.all(.authApplicationId) + grouped.all(.acctApplicationId) {
                if let id = avp.value.unsigned32 { applications.insert(DiameterApplication(rawValue: id)) }
            }
        }
        self.applications = applications
        guard !originHost.isEmpty, !originRealm.isEmpty else { throw .invalidAVPValue(message[.originHost] ?? AVP(.originHost, "")) }
    }

    public init(originHost: String, originRealm: String, hostIPAddresses: [DiameterAddress] = [], vendorID: UInt32 = 0,
                productName: String = "", applications: Set<DiameterApplication> = []) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.hostIPAddresses = hostIPAddresses
        self.vendorID = vendorID
        self.productName = productName
        self.applications = applications
        self.supportedVendorIDs = []
    }
}

/// The capabilities exchange rules of RFC 6733 5.3 and the election of 5.6.4.
public enum CapabilitiesExchange {
    /// The applications both ends can use: the intersection, where the relay application on
    /// either side stands for every application (RFC 6733 2.4).
    public static func commonApplications(local: [DiameterApplication], peer: Set<DiameterApplication>) -> Set<DiameterApplication> {
        let local = Set(local).subtracting([.common])
        let peer = peer.subtracting([.common])
        if local.contains(.relay) { return peer.isEmpty ? local : peer }
        if peer.contains(.relay) { return local }
        return local.intersection(peer)
    }

    /// RFC 6733 5.6.4: when both ends connect to each other at once, the node with the higher
    /// Origin-Host (compared as octet strings) wins and keeps the connection it accepted.
    public static func localWinsElection(localHost: String, peerHost: String) -> Bool {
        peerHost.utf8.lexicographicallyPrecedes(localHost.utf8)
    }

    /// The AVPs that describe `identity` in a CER or CEA, in the order of the ABNF.
    static func capabilityAVPs(_ identity: DiameterNodeIdentity, localAddresses: [IPAddress]) -> [AVP] {
        var avps = identity.originAVPs
        let addresses = identity.hostIPAddresses.isEmpty ? localAddresses : identity.hostIPAddresses
        for address in addresses { avps.append(AVP(.hostIPAddress, address: address)) }
        if addresses.isEmpty { avps.append(AVP(.hostIPAddress, address: .v4(IPv4Address(127, 0, 0, 1)))) }
        avps.append(AVP(.vendorId, unsigned32: identity.vendorID))
        avps.append(AVP(.productName, identity.productName))
        avps.append(AVP(.originStateId, unsigned32: identity.originStateID))
        let vendors = Set(identity.applications.map(\.vendor)).subtracting([0]).sorted()
        for vendor in vendors { avps.append(AVP(.supportedVendorId, unsigned32: vendor)) }
        for application in identity.applications where application != .common {
            if application.vendor == 0 {
                avps.append(AVP(.authApplicationId, unsigned32: application.rawValue))
            } else {
                avps.append(AVP(.vendorSpecificApplicationId, [AVP(.vendorId, unsigned32: application.vendor),
                                                               AVP(.authApplicationId, unsigned32: application.rawValue)]))
            }
        }
        if let firmware = identity.firmwareRevision { avps.append(AVP(.firmwareRevision, unsigned32: firmware)) }
        return avps
    }

    /// A CER from `identity`; Host-IP-Address lists `localAddresses` (every address of an SCTP
    /// association) when the identity names none.
    public static func request(_ identity: DiameterNodeIdentity, localAddresses: [IPAddress], hopByHop: UInt32,
                               endToEnd: UInt32) -> DiameterMessage {
        DiameterMessage(header: DiameterHeader(flags: .request, commandCode: DiameterCommand.capabilitiesExchange.code,
                                               applicationID: 0, hopByHop: hopByHop, endToEnd: endToEnd),
                        avps: capabilityAVPs(identity, localAddresses: localAddresses))
    }

    public static func request(_ identity: DiameterNodeIdentity, localAddress: IPAddress?, hopByHop: UInt32,
                               endToEnd: UInt32) -> DiameterMessage {
        request(identity, localAddresses: localAddress.map { [$0] } ?? [], hopByHop: hopByHop, endToEnd: endToEnd)
    }

    /// The CEA to `request`, with `result` and, on failure, the AVPs that explain it.
    public static func answer(to request: DiameterMessage, _ identity: DiameterNodeIdentity, localAddress: IPAddress?,
                              result: DiameterResultCode, failedAVP: AVP? = nil, errorMessage: String? = nil) -> DiameterMessage {
        answer(to: request, identity, localAddresses: localAddress.map { [$0] } ?? [], result: result, failedAVP: failedAVP,
               errorMessage: errorMessage)
    }

    public static func answer(to request: DiameterMessage, _ identity: DiameterNodeIdentity, localAddresses: [IPAddress],
                              result: DiameterResultCode, failedAVP: AVP? = nil, errorMessage: String? = nil) -> DiameterMessage {
        var avps = [AVP(.resultCode, unsigned32: result.rawValue)] + capabilityAVPs(identity, localAddresses: localAddresses)
        if let errorMessage { avps.append(AVP(.errorMessage, errorMessage)) }
        if let failedAVP { avps.append(AVP(.failedAVP, [failedAVP])) }
        let isProtocolError = (3000..<4000).contains(result.rawValue)
        return DiameterMessage(header: request.header.answerHeader(error: isProtocolError), avps: avps)
    }
}
