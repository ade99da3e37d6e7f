#!/usr/bin/env python3
"""Independent NAS-EPS codec for the Swift tests: pycrate (pycrate_mobile, TS 24.301).

  nas_crosscheck.py build     builds every EMM/ESM message the Swift codec models with pycrate and
                              prints [{"name", "uplink", "hex", "fields"}] as JSON
  nas_crosscheck.py decode    reads [{"name", "uplink", "hex"}] (JSON) on stdin, decodes each PDU
                              with pycrate and prints [{"name", "error", "fields"}] as JSON

"fields" is a flat summary of what pycrate decoded, keyed by pycrate's IE names, with values in a
canonical text form the Swift test produces from its own decoding (see summarize()). The optional
part is also listed octet by octet as "optional": "IEI=value-hex,...".
"""
import binascii
import json
import logging
import sys

logging.disable(logging.CRITICAL)

from pycrate_core.elt import Envelope, Sequence
from pycrate_core.base import Buf
from pycrate_mobile.TS24007 import Type1TV, Type3TV, Type4TLV, Type6TLVE, Type1V, Type3V, Type4LV, Type6LVE
from pycrate_mobile.TS24008_IE import PLMN
from pycrate_mobile import TS24301_EMM as EMM
from pycrate_mobile import TS24301_ESM as ESM
from pycrate_mobile.NASLTE import parse_NASLTE_MO, parse_NASLTE_MT

OPTIONAL = (Type1TV, Type3TV, Type4TLV, Type6TLVE)


# --------------------------------------------------------------------------- canonical values

def plmn_text(plmn):
    return plmn.decode()


def canonical(name, ie):
    """The text form of one IE's value, as the Swift side writes it."""
    value = ie[-1]
    raw = value.to_bytes()
    if value.get_bl() == 4:
        return str(raw[0] >> 4)
    if name in ('EPSID', 'GUTI', 'AddGUTI', 'OldGUTI'):
        decoded = value.decode()
        if decoded[0] == 6:
            return 'guti:%s:%d:%d:%d' % (decoded[1], decoded[2], decoded[3], decoded[4])
        return ('imsi:' if decoded[0] == 1 else 'imei:') + decoded[1]
    if name in ('ID', 'MTMSI', 'IMEISV', 'MSIdentity'):
        kind, ident = value.decode()
        return {0: 'none', 1: 'imsi', 2: 'imei', 3: 'imeisv', 4: 'tmsi'}.get(kind, str(kind)) + ':' + str(ident)
    if name == 'TAIList':
        # TAIList.get_tai() trips over its own Alt wrapper in pycrate 0.8.1: unwrap it here.
        tais = set()
        for partial in value:
            tais.update(partial['PTAI'].get_alt().get_tai())
        return ','.join(sorted('%s:%d' % tai for tai in tais))
    if name == 'APN':
        return value.decode()
    if name in ('UENetCap', 'UESecCap'):
        return 'eea=%d,eia=%d,len=%d' % (raw[0], raw[1], len(raw))
    if name == 'EPSQoS':
        return 'qci=%d,rates=%s' % (raw[0], raw[1:].hex())
    if name == 'PDNAddr':
        return 'type=%d,addr=%s' % (value['Type'].get_val(), value['Addr'].to_bytes().hex())
    if name in ('ProtConfig', 'ExtProtConfig'):
        ids = ['%04x' % element['ID'].get_val() for element in value['Config']]
        return 'prot=%d,ids=%s' % (value['Prot'].get_val(), '.'.join(ids))
    if name in ('TFT', 'TFAggregate'):
        return 'op=%d,filters=%d' % (value['Opcode'].get_val(), value['NumPktFilters'].get_val())
    if name in ('NetFullName', 'NetShortName'):
        return value.decode()[1] if isinstance(value.decode(), tuple) else value.decode()
    if name == 'NASSecAlgo':
        return 'eea=%d,eia=%d' % (raw[0] >> 4 & 7, raw[0] & 7)
    if len(raw) == 1:
        return str(raw[0])
    return raw.hex()


def summarize(message, fields=None, prefix=''):
    """Flattens a decoded pycrate message into {name: canonical text}."""
    fields = {} if fields is None else fields
    header = message[0]
    if header._name == 'ESMHeader':
        fields[prefix + 'type'] = str(header['Type'].get_val())
        fields[prefix + 'ebi'] = str(header['EPSBearerId'].get_val())
        fields[prefix + 'pti'] = str(header['PTI'].get_val())
    else:
        fields[prefix + 'type'] = str(header['Type'].get_val())
    optional, optional_names = [], []
    for ie in message._content[1:]:
        if ie.get_trans():
            continue
        name = ie._name
        if name == 'spare':
            fields[prefix + 'spare'] = str(ie.get_val())
            continue
        if isinstance(ie, OPTIONAL):
            iei = ie[0].get_val() << (4 if isinstance(ie, Type1TV) else 0)
            value_hex = ie.to_bytes()[1:].hex() if isinstance(ie, Type1TV) is False else '%02x' % ie.to_bytes()[0]
            if isinstance(ie, Type4TLV):
                value_hex = ie.to_bytes()[2:].hex()
            elif isinstance(ie, Type6TLVE):
                value_hex = ie.to_bytes()[3:].hex()
            optional.append('%02x=%s' % (iei, value_hex))
            optional_names.append(prefix + name)
        if name == 'ESMContainer' and hasattr(ie[-1], '_content') and ie[-1]._name.startswith('ESM'):
            summarize(ie[-1], fields, prefix + 'ESMContainer.')
            continue
        if name == 'NASContainer':
            fields[prefix + name] = ie[-1].to_bytes().hex()
            continue
        fields[prefix + name] = canonical(name, ie)
    fields[prefix + 'optional'] = ','.join(optional)
    fields[prefix + 'optional_names'] = ','.join(optional_names)
    return fields


def summarize_pdu(message):
    if message._name == 'EMMSecProtNASMessage':
        fields = {
            'security_header_type': str(message[0]['SecHdr'].get_val()),
            'mac': message['MAC'].to_bytes().hex(),
            'sequence_number': str(message['Seqn'].get_val()),
        }
        inner = message[3]
        if hasattr(inner, '_content') and inner._name != 'NASMessage':
            summarize(inner, fields, 'inner.')
        return fields
    if message._name == 'EMMServiceRequest':
        return {
            'security_header_type': str(message[0]['SecHdr'].get_val()),
            'ksi': str(message['KSI'].get_val()),
            'sequence_number': str(message['SeqnShort'].get_val()),
            'short_mac': message['MACShort'].to_bytes().hex(),
        }
    return summarize(message)


def parse(buf, uplink):
    # Ciphered envelopes in the samples use EEA0: read their inner message as plain.
    return (parse_NASLTE_MO if uplink else parse_NASLTE_MT)(buf, null_cipher=True)


# --------------------------------------------------------------------------- building with pycrate

def build(cls, header=None, **ies):
    """A pycrate message of class `cls` with the given IEs set (value, bytes or a setter)."""
    message = cls()
    if header is not None:
        message[0].set_val(header)
    for name, value in ies.items():
        ie = message[name]
        ie.set_trans(False)
        if name == 'spare':
            ie.set_val(value)
        elif callable(value):
            ie.set_IE()
            value(ie[-1])
        elif isinstance(value, bytes) and ie._IE_stat is not None:
            ie.set_IE()
            ie[-1].from_bytes(value)
        elif isinstance(value, bytes):
            ie['V'].set_val(value)
        else:
            ie.set_val({'V': value})
    return message


def imsi(digits):
    return lambda ie: ie.encode(1, digits)


def guti(plmn, group, code, tmsi):
    return lambda ie: ie.encode(6, (plmn, group, code, tmsi))


def mobile_identity(kind, ident):
    return lambda ie: ie.encode(kind, ident)


def tai_list(plmn, tacs):
    def setter(ie):
        p = PLMN()
        p.encode(plmn)
        ie.from_bytes(bytes([len(tacs) - 1]) + p.to_bytes() + b''.join(t.to_bytes(2, 'big') for t in tacs))
    return setter


PLMN_ID = '20893'
PCO_REQUEST = bytes.fromhex('80' '802110' '01000010810600000000830600000000' '000d00' '000c00' '000a00')
PCO_ANSWER = bytes.fromhex('80' '802110' '03000010810608080808830608080404' '000d04' '08080808' '000c04' '0a2d0001')
VOICE_FILTER = '11' '10c0a80a0affffffff' '3011' '40c350' '501f90'
TFT_VOICE = bytes.fromhex('22' '1101' + VOICE_FILTER + '2202' + VOICE_FILTER)
ESM_HEADER = lambda ebi, pti: {'EPSBearerId': ebi, 'PTI': pti}


def esm_builders():
    return {
        'activateDefaultEPSBearerContextRequest': (False, lambda: build(
            ESM.ESMActDefaultEPSBearerCtxtRequest, ESM_HEADER(5, 1), EPSQoS=bytes([8]), APN='internet.example',
            PDNAddr={'Type': 1, 'Addr': bytes([192, 168, 10, 2])}, APN_AMBR=bytes.fromhex('fefe6464'),
            ProtConfig=PCO_ANSWER)),
        'activateDefaultEPSBearerContextAccept': (True, lambda: build(
            ESM.ESMActDefaultEPSBearerCtxtAccept, ESM_HEADER(5, 1), ProtConfig=bytes.fromhex('80000d00'))),
        'activateDefaultEPSBearerContextReject': (True, lambda: build(
            ESM.ESMActDefaultEPSBearerCtxtReject, ESM_HEADER(5, 1), ESMCause=bytes([31]))),
        'activateDedicatedEPSBearerContextRequest': (False, lambda: build(
            ESM.ESMActDediEPSBearerCtxtRequest, ESM_HEADER(6, 0), LinkedEPSBearerId=5,
            EPSQoS=bytes.fromhex('0148485050'), TFT=TFT_VOICE)),
        'activateDedicatedEPSBearerContextAccept': (True, lambda: build(
            ESM.ESMActDediEPSBearerCtxtAccept, ESM_HEADER(6, 0))),
        'activateDedicatedEPSBearerContextReject': (True, lambda: build(
            ESM.ESMActDediEPSBearerCtxtReject, ESM_HEADER(6, 0), ESMCause=bytes([44]))),
        'modifyEPSBearerContextRequest': (False, lambda: build(
            ESM.ESMModifyEPSBearerCtxtRequest, ESM_HEADER(6, 0), EPSQoS=bytes.fromhex('0150505858'),
            APN_AMBR=bytes.fromhex('8080'))),
        'modifyEPSBearerContextAccept': (True, lambda: build(ESM.ESMModifyEPSBearerCtxtAccept, ESM_HEADER(6, 0))),
        'modifyEPSBearerContextReject': (True, lambda: build(
            ESM.ESMModifyEPSBearerCtxtReject, ESM_HEADER(6, 0), ESMCause=bytes([37]))),
        'deactivateEPSBearerContextRequest': (False, lambda: build(
            ESM.ESMDeactEPSBearerCtxtRequest, ESM_HEADER(6, 0), ESMCause=bytes([36]), BackOffTimer={'Unit': 5, 'Value': 3})),
        'deactivateEPSBearerContextAccept': (True, lambda: build(ESM.ESMDeactEPSBearerCtxtAccept, ESM_HEADER(6, 0))),
        'pdnConnectivityRequest': (True, lambda: pdn_connectivity_request()),
        'pdnConnectivityReject': (False, lambda: build(
            ESM.ESMPDNConnectivityReject, ESM_HEADER(0, 2), ESMCause=bytes([27]), BackOffTimer={'Unit': 1, 'Value': 2})),
        'pdnDisconnectRequest': (True, lambda: build(ESM.ESMPDNDisconnectRequest, ESM_HEADER(0, 3), LinkedEPSBearerId=5)),
        'pdnDisconnectReject': (False, lambda: build(ESM.ESMPDNDisconnectReject, ESM_HEADER(0, 3), ESMCause=bytes([49]))),
        'bearerResourceAllocationRequest': (True, lambda: build(
            ESM.ESMBearerResourceAllocRequest, ESM_HEADER(0, 4), LinkedEPSBearerId=5,
            TFAggregate=bytes.fromhex('21' '300a05' '3011' '5013c4'), EPSQoS=bytes.fromhex('0248485050'))),
        'bearerResourceAllocationReject': (False, lambda: build(
            ESM.ESMBearerResourceAllocReject, ESM_HEADER(0, 4), ESMCause=bytes([26]))),
        'bearerResourceModificationRequest': (True, lambda: build(
            ESM.ESMBearerResourceModifRequest, ESM_HEADER(0, 5), LinkedEPSBearerId=6, TFAggregate=bytes.fromhex('a101'),
            ESMCause=bytes([36]))),
        'bearerResourceModificationReject': (False, lambda: build(
            ESM.ESMBearerResourceModifReject, ESM_HEADER(0, 5), ESMCause=bytes([31]))),
        'esmInformationRequest': (False, lambda: build(ESM.ESMInformationRequest, ESM_HEADER(0, 1))),
        'esmInformationResponse': (True, lambda: build(
            ESM.ESMInformationResponse, ESM_HEADER(0, 1), APN='ims', ProtConfig=PCO_REQUEST)),
        'esmStatus': (True, lambda: build(ESM.ESMStatus, ESM_HEADER(5, 0), ESMCause=bytes([81]))),
    }


def pdn_connectivity_request():
    return build(ESM.ESMPDNConnectivityRequest, ESM_HEADER(0, 1), PDNType=1, RequestType=1, ESMInfoTransferFlag=1,
                 APN='internet', ProtConfig=PCO_REQUEST)


def emm_builders():
    pdn = pdn_connectivity_request().to_bytes()
    default_bearer = esm_builders()['activateDefaultEPSBearerContextRequest'][1]().to_bytes()
    bearer_accept = esm_builders()['activateDefaultEPSBearerContextAccept'][1]().to_bytes()
    pdn_reject = esm_builders()['pdnConnectivityReject'][1]().to_bytes()
    return {
        'attachRequest': (True, lambda: build(
            EMM.EMMAttachRequest, NAS_KSI={'TSC': 0, 'Value': 7}, EPSAttachType=1, EPSID=imsi('208930000000001'),
            UENetCap=bytes.fromhex('e0e0c040'), ESMContainer=pdn, DRXParam=bytes.fromhex('0000'),
            MSNetCap=bytes.fromhex('e5e034'), TMSIStatus=0, VoiceDomPref=bytes([1]))),
        'attachAccept': (False, lambda: build(
            EMM.EMMAttachAccept, EPSAttachResult=1, T3412={'Unit': 2, 'Value': 9}, TAIList=tai_list(PLMN_ID, [1, 2]),
            ESMContainer=default_bearer, GUTI=guti(PLMN_ID, 1, 2, 0x12345678), T3402={'Unit': 1, 'Value': 12},
            EPSNetFeat=bytes([1]))),
        'attachComplete': (True, lambda: build(EMM.EMMAttachComplete, ESMContainer=bearer_accept)),
        'attachReject': (False, lambda: build(EMM.EMMAttachReject, EMMCause=bytes([19]), ESMContainer=pdn_reject)),
        'ueOriginatingDetachRequest': (True, lambda: build(
            EMM.EMMDetachRequestMO, NAS_KSI={'TSC': 0, 'Value': 2}, EPSDetachType={'SwitchOff': 1, 'Type': 3},
            EPSID=guti(PLMN_ID, 1, 2, 0x12345678))),
        'ueTerminatedDetachRequest': (False, lambda: build(
            EMM.EMMDetachRequestMT, EPSDetachType={'Type': 2}, EMMCause=bytes([7]))),
        'detachAccept': (True, lambda: build(EMM.EMMDetachAccept)),
        'trackingAreaUpdateRequest': (True, lambda: build(
            EMM.EMMTrackingAreaUpdateRequest, NAS_KSI={'TSC': 0, 'Value': 2}, EPSUpdateType={'Active': 1, 'Value': 0},
            OldGUTI=guti(PLMN_ID, 1, 2, 0x12345678), EPSBearerCtxtStat=bytes.fromhex('2000'))),
        'trackingAreaUpdateAccept': (False, lambda: build(
            EMM.EMMTrackingAreaUpdateAccept, EPSUpdateResult=0, T3412={'Unit': 2, 'Value': 9},
            GUTI=guti(PLMN_ID, 1, 2, 0x87654321), TAIList=tai_list(PLMN_ID, [7]), EPSBearerCtxtStat=bytes.fromhex('2000'))),
        'trackingAreaUpdateComplete': (True, lambda: build(EMM.EMMTrackingAreaUpdateComplete)),
        'trackingAreaUpdateReject': (False, lambda: build(EMM.EMMTrackingAreaUpdateReject, EMMCause=bytes([9]))),
        'extendedServiceRequest': (True, lambda: build(
            EMM.EMMExtServiceRequest, NAS_KSI={'TSC': 0, 'Value': 2}, ServiceType=8,
            MTMSI=mobile_identity(4, 0x12345678), EPSBearerCtxtStat=bytes.fromhex('6000'))),
        # pycrate 0.8.1 files T3346 of SERVICE REJECT under IEI 0x5C; TS 24.301 table 8.2.24.1 says 0x5F.
        'serviceReject': (False, lambda: build(EMM.EMMServiceReject, EMMCause=bytes([22]), T3442={'Unit': 0, 'Value': 10})),
        'gutiReallocationCommand': (False, lambda: build(
            EMM.EMMGUTIReallocCommand, GUTI=guti(PLMN_ID, 1, 2, 0x0BADCAFE), TAIList=tai_list(PLMN_ID, [1]))),
        'gutiReallocationComplete': (True, lambda: build(EMM.EMMGUTIReallocComplete)),
        'authenticationRequest': (False, lambda: build(
            EMM.EMMAuthenticationRequest, NAS_KSI={'TSC': 0, 'Value': 3}, RAND=bytes(range(16)),
            AUTN=bytes(range(0x10, 0x20)))),
        'authenticationResponse': (True, lambda: build(EMM.EMMAuthenticationResponse, RES=bytes.fromhex('0123456789abcdef'))),
        'authenticationReject': (False, lambda: build(EMM.EMMAuthenticationReject)),
        'identityRequest': (False, lambda: build(EMM.EMMIdentityRequest, IDType=1)),
        'identityResponse': (True, lambda: build(EMM.EMMIdentityResponse, ID=mobile_identity(1, '208930000000001'))),
        'authenticationFailure': (True, lambda: build(
            EMM.EMMAuthenticationFailure, EMMCause=bytes([21]), AUTS=bytes(range(0x40, 0x4E)))),
        'securityModeCommand': (False, lambda: build(
            EMM.EMMSecurityModeCommand, NASSecAlgo={'CiphAlgo': 2, 'IntegAlgo': 2}, NAS_KSI={'TSC': 0, 'Value': 3},
            UESecCap=bytes.fromhex('e0e0c040'), IMEISVReq=1)),
        'securityModeComplete': (True, lambda: build(
            EMM.EMMSecurityModeComplete, IMEISV=mobile_identity(3, '3534900698733190'))),
        'securityModeReject': (True, lambda: build(EMM.EMMSecurityModeReject, EMMCause=bytes([24]))),
        'emmStatus': (True, lambda: build(EMM.EMMStatus, EMMCause=bytes([96]))),
        'emmInformation': (False, lambda: build(
            EMM.EMMInformation, NetFullName=bytes.fromhex('84d4f29c0e'), NetShortName=bytes.fromhex('84d4f29c0e'),
            LocalTimeZone=bytes([0x40]), UnivTimeAndTimeZone=bytes.fromhex('62117201035040'), DLSavingTime=bytes([0]))),
        'downlinkNASTransport': (False, lambda: build(EMM.EMMDLNASTransport, NASContainer=bytes.fromhex('8904'))),
        'uplinkNASTransport': (True, lambda: build(EMM.EMMULNASTransport, NASContainer=bytes.fromhex('0904'))),
    }


def envelope_builders():
    inner = emm_builders()['securityModeCommand'][1]().to_bytes()

    def protected():
        message = EMM.EMMSecProtNASMessage()
        message[0]['SecHdr'].set_val(3)
        message['MAC'].set_val(bytes.fromhex('a1b2c3d4'))
        message['Seqn'].set_val(7)
        message['NASMessage'].set_val(inner)
        return message

    def service_request():
        message = EMM.EMMServiceRequest()
        message['KSI'].set_val(2)
        message['SeqnShort'].set_val(17)
        message['MACShort'].set_val(bytes.fromhex('beef'))
        return message

    return {'protectedSecurityModeCommand': (False, protected), 'serviceRequest': (True, service_request)}


# --------------------------------------------------------------------------- modes

def build_all():
    results = []
    for builders in (emm_builders(), esm_builders(), envelope_builders()):
        for name, (uplink, make) in builders.items():
            buf = make().to_bytes()
            decoded, error = parse(buf, uplink)
            results.append({'name': name, 'uplink': uplink, 'hex': buf.hex(),
                            'fields': summarize_pdu(decoded) if decoded is not None else {}, 'error': error})
    return results


def decode_all(requests):
    results = []
    for request in requests:
        decoded, error = parse(binascii.unhexlify(request['hex']), request['uplink'])
        fields = {}
        if decoded is not None:
            try:
                fields = summarize_pdu(decoded)
            except Exception as exception:  # a pycrate structure the summary does not know
                fields, error = {}, 'summary failed: %r' % (exception,)
        results.append({'name': request['name'], 'error': error, 'fields': fields})
    return results


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ('build', 'decode'):
        sys.stderr.write(__doc__)
        return 2
    if sys.argv[1] == 'build':
        output = build_all()
    else:
        output = decode_all(json.load(sys.stdin))
    json.dump(output, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
