import GTPv2C
import NAS
import S1AP

// S1AP, NAS and GTPv2-C each define a few types under the same names (S1AP's NASPDU is the
// octets of a NAS-PDU IE, NAS's is the decoded PDU). These names say which one code means.
typealias S1APDownlinkNASTransport = S1AP.DownlinkNASTransport
typealias S1APUplinkNASTransport = S1AP.UplinkNASTransport
typealias NASMessagePDU = NAS.NASPDU
typealias NASPDNType = NAS.PDNType
typealias GTPPDNType = GTPv2C.PDNType
typealias GTPUserLocation = GTPv2C.UserLocationInformation
typealias GTPRATType = GTPv2C.RATType
