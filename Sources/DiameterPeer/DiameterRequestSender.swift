import Diameter
import Foundation
import NIOCore
import Synchronization

/// Something that delivers a request to the right peer and returns its answer: the node itself,
/// or a stand-in in tests of the procedures that send requests (an HSS's CLR, an MME's AIR).
public protocol DiameterRequestSender: Sendable {
    func request(_ message: DiameterMessage, timeout: TimeAmount?) async throws(DiameterRequestError) -> DiameterMessage
}

extension DiameterNode: DiameterRequestSender {}

/// Session-Id values as RFC 6733 8.8 suggests: `<DiameterIdentity>;<high 32 bits>;<low 32 bits>`,
/// the high part the start time so that ids do not repeat across restarts.
public final class SessionIDGenerator: Sendable {
    private let host: String
    private let high: UInt32
    private let low = Mutex<UInt32>(0)

    public init(host: String) {
        self.host = host
        high = UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
    }

    public func next() -> String {
        let value = low.withLock { value in
            value &+= 1
            return value
        }
        return "\(host);\(high);\(value)"
    }
}

extension DiameterMessage {
    /// A request of `command` from `identity`: Session-Id (when given), the application's
    /// Vendor-Specific-Application-Id for 3GPP applications, Auth-Session-State NO_STATE_MAINTAINED
    /// for session-less applications, the Origin AVPs and the destination, then `avps`.
    public static func request(_ command: DiameterCommand, sessionID: String?, from identity: DiameterNodeIdentity,
                               destinationRealm: String, destinationHost: String? = nil, proxiable: Bool = true,
                               stateless: Bool = true, avps: [AVP]) -> DiameterMessage {
        var flags: DiameterHeader.Flags = .request
        if proxiable { flags.insert(.proxiable) }
        var message = DiameterMessage(header: DiameterHeader(flags: flags, commandCode: command.code,
                                                             applicationID: command.application.rawValue, hopByHop: 0, endToEnd: 0))
        if let sessionID { message.append(AVP(.sessionId, sessionID)) }
        if command.application.vendor != 0 {
            message.append(AVP(.vendorSpecificApplicationId, [AVP(.vendorId, unsigned32: command.application.vendor),
                                                              AVP(.authApplicationId, unsigned32: command.application.rawValue)]))
        }
        if stateless { message.append(AVP(.authSessionState, enumerated: 1)) }
        for avp in identity.originAVPs { message.append(avp) }
        if let destinationHost { message.append(AVP(.destinationHost, destinationHost)) }
        message.append(AVP(.destinationRealm, destinationRealm))
        for avp in avps { message.append(avp) }
        return message
    }
}
