import NIOCore
import Wire
import Diameter

/// Placeholder until the dictionary lands: a minimal answer.
public enum DiameterSamples {
    public static var updateLocationAnswer: DiameterMessage {
        DiameterMessage(header: DiameterHeader(flags: [.proxiable], commandCode: 316, applicationID: 16777251, hopByHop: 1, endToEnd: 2),
                        avps: [AVP(.sessionId, "mme.epc.mnc001.mcc001.3gppnetwork.org;1;2"), AVP(.resultCode, unsigned32: 2001)])
    }
}
