"""S1AP PDUs of an eNB, built and read with pycrate's S1AP (TS 36.413) ASN.1 module."""
import logging

logging.disable(logging.CRITICAL)

from pycrate_asn1dir import S1AP

PDU = S1AP.S1AP_PDU_Descriptions.S1AP_PDU

# Procedure codes (TS 36.413 9.3.7).
INITIAL_CONTEXT_SETUP, DOWNLINK_NAS, INITIAL_UE_MESSAGE, UPLINK_NAS = 9, 11, 12, 13
ERROR_INDICATION, S1_SETUP, UE_CONTEXT_RELEASE = 15, 17, 23


def ie(identifier, criticality, kind, value):
    return {'id': identifier, 'criticality': criticality, 'value': (kind, value)}


def encode(kind, code, criticality, name, ies):
    PDU.set_val((kind, {'procedureCode': code, 'criticality': criticality, 'value': (name, {'protocolIEs': ies})}))
    return PDU.to_aper()


def decode(octets):
    """(kind, procedure code, message name, {IE id: value})."""
    PDU.from_aper(octets)
    kind, body = PDU.get_val()
    name, content = body['value']
    return kind, body['procedureCode'], name, {field['id']: field['value'][1] for field in content['protocolIEs']}


class ENB:
    def __init__(self, plmn, tac, enb_id, name, gtpu_address=bytes([10, 10, 0, 2])):
        self.plmn, self.tac, self.enb_id, self.name = plmn, tac, enb_id, name
        # The S1-U address this eNB gives in its E-RAB answers.
        self.gtpu_address = gtpu_address

    def tai(self):
        return {'pLMNidentity': self.plmn, 'tAC': self.tac.to_bytes(2, 'big')}

    def cgi(self):
        return {'pLMNidentity': self.plmn, 'cell-ID': ((self.enb_id << 8) | 1, 28)}

    def s1_setup_request(self):
        return encode('initiatingMessage', S1_SETUP, 'reject', 'S1SetupRequest', [
            ie(59, 'reject', 'Global-ENB-ID', {'pLMNidentity': self.plmn, 'eNB-ID': ('macroENB-ID', (self.enb_id, 20))}),
            ie(60, 'ignore', 'ENBname', self.name),
            ie(64, 'reject', 'SupportedTAs', [{'tAC': self.tac.to_bytes(2, 'big'), 'broadcastPLMNs': [self.plmn]}]),
            ie(137, 'ignore', 'PagingDRX', 'v128'),
        ])

    def initial_ue_message(self, enb_ue_id, nas):
        return encode('initiatingMessage', INITIAL_UE_MESSAGE, 'ignore', 'InitialUEMessage', [
            ie(8, 'reject', 'ENB-UE-S1AP-ID', enb_ue_id),
            ie(26, 'reject', 'NAS-PDU', nas),
            ie(67, 'reject', 'TAI', self.tai()),
            ie(100, 'ignore', 'EUTRAN-CGI', self.cgi()),
            ie(134, 'ignore', 'RRC-Establishment-Cause', 'mo-Signalling'),
        ])

    def uplink_nas(self, mme_ue_id, enb_ue_id, nas):
        return encode('initiatingMessage', UPLINK_NAS, 'ignore', 'UplinkNASTransport', [
            ie(0, 'reject', 'MME-UE-S1AP-ID', mme_ue_id),
            ie(8, 'reject', 'ENB-UE-S1AP-ID', enb_ue_id),
            ie(26, 'reject', 'NAS-PDU', nas),
            ie(100, 'ignore', 'EUTRAN-CGI', self.cgi()),
            ie(67, 'ignore', 'TAI', self.tai()),
        ])

    def initial_context_setup_response(self, mme_ue_id, enb_ue_id, erab_id, address, teid):
        item = {'e-RAB-ID': erab_id, 'transportLayerAddress': (int.from_bytes(address, 'big'), 32),
                'gTP-TEID': teid.to_bytes(4, 'big')}
        return encode('successfulOutcome', INITIAL_CONTEXT_SETUP, 'reject', 'InitialContextSetupResponse', [
            ie(0, 'ignore', 'MME-UE-S1AP-ID', mme_ue_id),
            ie(8, 'ignore', 'ENB-UE-S1AP-ID', enb_ue_id),
            ie(51, 'ignore', 'E-RABSetupListCtxtSURes',
               [{'id': 50, 'criticality': 'ignore', 'value': ('E-RABSetupItemCtxtSURes', item)}]),
        ])

    def ue_context_release_complete(self, mme_ue_id, enb_ue_id):
        return encode('successfulOutcome', UE_CONTEXT_RELEASE, 'reject', 'UEContextReleaseComplete', [
            ie(0, 'ignore', 'MME-UE-S1AP-ID', mme_ue_id),
            ie(8, 'ignore', 'ENB-UE-S1AP-ID', enb_ue_id),
        ])
