"""The UE's NAS (TS 24.301): messages built and parsed with pycrate_mobile, and the security
envelope (header, MAC, sequence number, ciphering) done here with the keys from usim.py."""
import logging
import os
import sys

logging.disable(logging.CRITICAL)
# The NAS cross-check's message builder (pycrate IEs set from bytes, setters or values).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'NASTests', 'pycrate'))
from nas_crosscheck import build  # noqa: E402

from pycrate_mobile import TS24301_EMM as EMM
from pycrate_mobile import TS24301_ESM as ESM
from pycrate_mobile.NASLTE import parse_NASLTE_MT

import usim

UPLINK, DOWNLINK = 0, 1
# Security header types (TS 24.301 9.3.1).
PLAIN, INTEGRITY, INTEGRITY_CIPHERED, INTEGRITY_NEW_CONTEXT, INTEGRITY_CIPHERED_NEW_CONTEXT = 0, 1, 2, 3, 4


class NASError(Exception):
    pass


def encode(cls, header=None, **ies):
    """The octets of a pycrate message with the named IEs present."""
    return build(cls, header, **ies).to_bytes()


def parse(octets):
    message, error = parse_NASLTE_MT(octets)
    if error:
        raise NASError('pycrate cannot decode %s: error %s' % (octets.hex(), error))
    return message


def value(message, name):
    """The value part of an IE, as octets."""
    return message[name][-1].to_bytes()


class UE:
    """One subscriber: its USIM and its NAS security context."""

    def __init__(self, imsi, k, opc, plmn, capabilities=bytes.fromhex('a020')):
        self.imsi, self.plmn, self.capabilities = imsi, plmn, capabilities
        self.milenage = usim.Milenage(k, opc=opc)
        self.kasme = None
        self.eia = self.eea = 0
        self.uplink_count = 0
        self.downlink_count = -1

    # --- EMM messages

    def attach_request(self):
        pdn = encode(ESM.ESMPDNConnectivityRequest, {'EPSBearerId': 0, 'PTI': 1}, PDNType=1, RequestType=1)
        return encode(EMM.EMMAttachRequest, NAS_KSI={'TSC': 0, 'Value': 7}, EPSAttachType=1,
                     EPSID=lambda ie: ie.encode(1, self.imsi), UENetCap=self.capabilities, ESMContainer=pdn)

    def authenticate(self, request):
        """Checks AUTN (MAC-A from f1, TS 33.102 6.3.3) and answers with RES; derives KASME."""
        rand, autn = value(request, 'RAND'), value(request, 'AUTN')
        res, ck, ik, ak = self.milenage.f2345(rand)
        sqn = usim.xor(autn[:6], ak)
        amf, mac = autn[6:8], autn[8:16]
        expected = self.milenage.f1(rand, sqn, amf)
        if expected != mac:
            raise NASError('AUTN MAC-A %s, expected %s' % (mac.hex(), expected.hex()))
        if not amf[0] & 0x80:
            raise NASError('AMF separation bit not set for E-UTRAN (TS 33.401 6.1.1): %s' % amf.hex())
        self.kasme = usim.kasme(ck, ik, self.plmn, autn[:6])
        return encode(EMM.EMMAuthenticationResponse, RES=res), sqn

    def security_mode_complete(self, command):
        self.ksi = command['NAS_KSI'][-1]['Value'].get_val()
        algorithms = value(command, 'NASSecAlgo')[0]
        self.eea, self.eia = algorithms >> 4 & 7, algorithms & 7
        if self.eia != 2 or self.eea not in (0, 2):
            raise NASError('security mode chose EEA%d/EIA%d, this UE offered EEA0/EEA2 and EIA2 only' % (self.eea, self.eia))
        replayed = value(command, 'UESecCap')
        if replayed[:2] != self.capabilities[:2]:
            raise NASError('replayed UE security capabilities %s differ from %s' % (replayed.hex(), self.capabilities.hex()))
        ies = {}
        if not command['IMEISVReq'].get_trans():
            ies['IMEISV'] = lambda ie: ie.encode(3, '3534900698733190')
        return encode(EMM.EMMSecurityModeComplete, **ies)

    def attach_complete(self, ebi):
        accept = encode(ESM.ESMActDefaultEPSBearerCtxtAccept, {'EPSBearerId': ebi, 'PTI': 0})
        return encode(EMM.EMMAttachComplete, ESMContainer=accept)

    def detach_request(self, guti):
        """DETACH REQUEST, EPS detach, not switching off (so the MME answers DETACH ACCEPT)."""
        return encode(EMM.EMMDetachRequestMO, NAS_KSI={'TSC': 0, 'Value': self.ksi}, EPSDetachType=1, EPSID=guti)

    # --- security envelope

    def keys(self):
        return usim.nas_key(self.kasme, 1, self.eea), usim.nas_key(self.kasme, 2, self.eia)

    def protect(self, plain, header_type=INTEGRITY_CIPHERED):
        encryption, integrity = self.keys()
        count = self.uplink_count
        ciphered = header_type in (INTEGRITY_CIPHERED, INTEGRITY_CIPHERED_NEW_CONTEXT)
        body = usim.eea2(encryption, count, 0, UPLINK, plain) if ciphered and self.eea == 2 else plain
        sequenced = bytes([count & 0xFF]) + body
        mac = usim.eia2(integrity, count, 0, UPLINK, sequenced)
        self.uplink_count += 1
        return bytes([header_type << 4 | 7]) + mac + sequenced

    def unprotect(self, octets):
        """The plain NAS message inside a downlink PDU, after checking its MAC and COUNT."""
        header_type = octets[0] >> 4
        if header_type == PLAIN:
            if self.kasme is not None and self.downlink_count >= 0:
                raise NASError('plain NAS %s after security mode' % octets.hex())
            return octets, header_type
        if self.kasme is None:
            raise NASError('protected NAS before authentication')
        mac, sequenced = octets[1:5], octets[5:]
        if header_type == INTEGRITY_NEW_CONTEXT:
            # SECURITY MODE COMMAND starts a new context: its own algorithms key its MAC, and the
            # counts start again from zero (TS 24.301 5.4.3.2).
            algorithms = value(parse(sequenced[1:]), 'NASSecAlgo')[0]
            self.eea, self.eia = algorithms >> 4 & 7, algorithms & 7
            self.downlink_count, self.uplink_count = -1, 0
        # Downlink COUNT: the overflow counter from our last COUNT, the low octet from the message.
        count = (max(self.downlink_count, 0) & ~0xFF) | sequenced[0]
        if count <= self.downlink_count:
            count += 0x100
        encryption, integrity = self.keys()
        expected = usim.eia2(integrity, count, 0, DOWNLINK, sequenced)
        if expected != mac:
            raise NASError('downlink NAS MAC %s, expected %s (COUNT %d)' % (mac.hex(), expected.hex(), count))
        self.downlink_count = count
        body = sequenced[1:]
        if header_type in (INTEGRITY_CIPHERED, INTEGRITY_CIPHERED_NEW_CONTEXT) and self.eea == 2:
            body = usim.eea2(encryption, count, 0, DOWNLINK, body)
        return body, header_type
