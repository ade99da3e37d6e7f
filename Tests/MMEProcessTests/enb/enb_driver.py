#!/usr/bin/env python3
"""An eNB and a UE, driven against a real MME through sctp-relay (Python cannot open SCTP on a
kernel without it). pycrate encodes and decodes S1AP and NAS; usim.py does the UE's Milenage,
key derivation, EIA2 and EEA2. Every step prints one JSON line {"step", "ok", "detail"}; the
exit status is 0 when all steps passed.

    enb_driver.py --relay 127.0.0.1:PORT --imsi 001010000000001 --k HEX --opc HEX [--resume-file F] [--second-imsi IMSI [--release-file F]]
    enb_driver.py --scenario hss-silent|hold --relay ... --imsi ... --k ... --opc ...
    enb_driver.py --scenario data --enb-address A --ping HOST [--ues N] --relay ... --imsi FIRST --k ... --opc ...
                                       N UEs (IMSIs from FIRST up) attach, ping HOST through the
                                       core from their own addresses, and detach
    enb_driver.py --self-test          USIM test vectors only
"""
import argparse
import json
import os
import socket
import struct
import sys
import time

import gtpu_ue
import nas_ue
import s1ap_messages as s1ap
import usim

S1AP_PPID = 18


class Relay:
    """One SCTP association through sctp-relay: frames of u32 length, u16 stream, u32 PPID."""

    def __init__(self, endpoint, timeout):
        host, port = endpoint.rsplit(':', 1)
        self.socket = socket.create_connection((host, int(port)), timeout=timeout)
        # UE-associated PDUs that arrived while another UE's answer was awaited, by eNB UE S1AP ID.
        self.pending = {}

    def send(self, payload, stream):
        self.socket.sendall(struct.pack('>IHI', len(payload), stream, S1AP_PPID) + payload)

    def _exactly(self, count):
        data = b''
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                raise EOFError('relay closed the connection')
            data += chunk
        return data

    def receive(self):
        length, stream, ppid = struct.unpack('>IHI', self._exactly(10))
        payload = self._exactly(length)
        if ppid != S1AP_PPID:
            raise ValueError('PPID %d, expected 18' % ppid)
        return stream, payload

    def receive_for(self, enb_ue_id):
        """The next PDU about the UE `enb_ue_id` (eNB UE S1AP ID, IE 8, or the pair in IE 99);
        PDUs about other UEs wait in `pending` for their turn."""
        queue = self.pending.setdefault(enb_ue_id, [])
        while not queue:
            stream, payload = self.receive()
            _, _, _, ies = s1ap.decode(payload)
            pair = ies.get(99)
            owner = ies.get(8, pair[1]['eNB-UE-S1AP-ID'] if pair and pair[0] == 'uE-S1AP-ID-pair' else enb_ue_id)
            self.pending.setdefault(owner, []).append((stream, payload))
        return queue.pop(0)

    def expect(self, name, enb_ue_id=None):
        """The next S1AP PDU (about the UE `enb_ue_id`, when given), which must be `name`."""
        stream, payload = self.receive() if enb_ue_id is None else self.receive_for(enb_ue_id)
        kind, code, received, ies = s1ap.decode(payload)
        if received != name:
            raise ValueError('expected %s, received %s %s' % (name, received, ies))
        return stream, ies

    def close(self):
        self.socket.close()


class Run:
    def __init__(self):
        self.failed = False
        # Put before step names while a second UE runs the same procedures.
        self.prefix = ''

    def step(self, name, ok=True, detail=''):
        print(json.dumps({'step': self.prefix + name, 'ok': ok, 'detail': detail}), flush=True)
        self.failed |= not ok


def attach(run, relay, enb, ue, enb_ue_id):
    """S1 Setup, then attach to the end: returns the MME's ID of the UE's S1 connection."""
    relay.send(enb.s1_setup_request(), 0)
    _, ies = relay.expect('S1SetupResponse')
    run.step('s1_setup', detail=ies.get(61, ''))
    return attach_ue(run, relay, enb, ue, enb_ue_id)


def attach_ue(run, relay, enb, ue, enb_ue_id, enb_teid=0x5EED):
    """One UE's attach to the end; the UE keeps its GUTI, address and the SGW's S1-U F-TEID."""
    relay.send(enb.initial_ue_message(enb_ue_id, ue.attach_request()), 1)
    run.step('attach_request_sent')
    stream, ies = relay.expect('DownlinkNASTransport', enb_ue_id)
    mme_ue_id = ies[0]
    plain, _ = ue.unprotect(ies[26])
    request = nas_ue.parse(plain)
    response, sqn = ue.authenticate(request)
    run.step('authentication_autn_verified', detail='SQN %s, downlink on stream %d' % (sqn.hex(), stream))
    relay.send(enb.uplink_nas(mme_ue_id, enb_ue_id, response), 1)

    _, ies = relay.expect('DownlinkNASTransport', enb_ue_id)
    plain, header = ue.unprotect(ies[26])
    command = nas_ue.parse(plain)
    if header != nas_ue.INTEGRITY_NEW_CONTEXT or command._name != 'EMMSecurityModeCommand':
        raise nas_ue.NASError('expected a SECURITY MODE COMMAND with a new context, got %s (header %d)' % (command._name, header))
    complete = ue.security_mode_complete(command)
    run.step('security_mode_command_mac_verified', detail='EEA%d EIA%d' % (ue.eea, ue.eia))
    relay.send(enb.uplink_nas(mme_ue_id, enb_ue_id, ue.protect(complete, nas_ue.INTEGRITY_CIPHERED_NEW_CONTEXT)), 1)
    kenb_count = ue.uplink_count - 1

    # The MME now runs Update Location and Create Session, then sets up the context.
    _, ies = relay.expect('InitialContextSetupRequest', enb_ue_id)
    erab = ies[24][0]['value'][1]
    plain, _ = ue.unprotect(erab['nAS-PDU'])
    accept = nas_ue.parse(plain)
    if accept._name != 'EMMAttachAccept':
        raise nas_ue.NASError('expected ATTACH ACCEPT, got %s' % accept._name)
    guti = accept['GUTI'][-1].decode()
    ue.guti = nas_ue.value(accept, 'GUTI')
    bearer = nas_ue.parse(nas_ue.value(accept, 'ESMContainer'))
    ebi = bearer[0]['EPSBearerId'].get_val()
    pdn = nas_ue.value(bearer, 'PDNAddr')
    # PDN address (TS 24.301 9.9.4.9): IPv4 after the type; for IPv4v6 after the 8-octet IPv6 interface identifier.
    ue.address = {1: pdn[1:5], 3: pdn[9:13]}.get(pdn[0] & 7)
    run.step('attach_accept_mac_verified', detail='GUTI %s, default bearer %d, UE address %s' % (
        guti, ebi, socket.inet_ntoa(ue.address) if ue.address else 'none'))
    key = ies[73][0].to_bytes(32, 'big')
    expected = usim.kenb(ue.kasme, kenb_count)
    run.step('kenb_verified', key == expected, '' if key == expected else 'KeNB %s, expected %s' % (key.hex(), expected.hex()))
    sgw_address = erab['transportLayerAddress'][0].to_bytes(4, 'big')
    ue.sgw = (socket.inet_ntoa(sgw_address), int.from_bytes(erab['gTP-TEID'], 'big'))
    ue.enb_teid = enb_teid
    run.step('s1u_sgw_fteid', detail='%s teid %s' % (socket.inet_ntoa(sgw_address), erab['gTP-TEID'].hex()))

    relay.send(enb.initial_context_setup_response(mme_ue_id, enb_ue_id, erab['e-RAB-ID'], enb.gtpu_address, enb_teid), 1)
    relay.send(enb.uplink_nas(mme_ue_id, enb_ue_id, ue.protect(ue.attach_complete(ebi))), 1)
    run.step('attach_complete_sent')
    return mme_ue_id


def attach_rejected(run, relay, enb, ue, enb_ue_id):
    """S1 Setup and an ATTACH REQUEST the MME has to refuse (its HSS does not answer)."""
    relay.send(enb.s1_setup_request(), 0)
    relay.expect('S1SetupResponse')
    run.step('s1_setup')
    relay.send(enb.initial_ue_message(enb_ue_id, ue.attach_request()), 1)
    run.step('attach_request_sent')
    _, ies = relay.expect('DownlinkNASTransport')
    plain, header = ue.unprotect(ies[26])
    reject = nas_ue.parse(plain)
    cause = nas_ue.value(reject, 'EMMCause')[0] if reject._name == 'EMMAttachReject' else None
    run.step('attach_rejected', reject._name == 'EMMAttachReject', '%s cause %s, security header %d' % (reject._name, cause, header))


def held_until_closed(run, relay, enb):
    """S1 Setup, then nothing until the MME ends the association (it is shutting down)."""
    relay.send(enb.s1_setup_request(), 0)
    relay.expect('S1SetupResponse')
    run.step('s1_setup')
    relay.socket.settimeout(None)
    try:
        stream, payload = relay.receive()
        run.step('association_closed_by_mme', False, 'received %s instead' % s1ap.decode(payload)[2])
    except (EOFError, ConnectionResetError):
        run.step('association_closed_by_mme')


def malformed_input(run, relay, enb, ue, mme_ue_id, enb_ue_id):
    """What a broken peer sends, and the protocol's answers to it."""
    # An S1AP PDU cut short: an Uplink NAS Transport header and nothing after it.
    relay.send(bytes.fromhex('000d4020000005'), 1)
    _, ies = relay.expect('ErrorIndication')
    run.step('malformed_s1ap_error_indication', detail=str(ies.get(2, '')))
    # A protected EMM message of a type that does not exist (0xFF): EMM STATUS #97.
    relay.send(enb.uplink_nas(mme_ue_id, enb_ue_id, ue.protect(bytes([0x07, 0xFF]))), 1)
    _, ies = relay.expect('DownlinkNASTransport')
    plain, _ = ue.unprotect(ies[26])
    status = nas_ue.parse(plain)
    cause = nas_ue.value(status, 'EMMCause')[0] if status._name == 'EMMStatus' else None
    run.step('malformed_nas_emm_status', status._name == 'EMMStatus' and cause == 97, '%s cause %s' % (status._name, cause))


def detach(run, relay, enb, ue, mme_ue_id, enb_ue_id):
    """DETACH REQUEST (not switch-off) → DETACH ACCEPT, then the MME releases the S1 connection."""
    relay.send(enb.uplink_nas(mme_ue_id, enb_ue_id, ue.protect(ue.detach_request(ue.guti))), 1)
    accepted = False
    while True:
        _, payload = relay.receive_for(enb_ue_id)
        _, _, name, ies = s1ap.decode(payload)
        if name == 'DownlinkNASTransport':
            plain, _ = ue.unprotect(ies[26])
            message = nas_ue.parse(plain)
            accepted |= message._name == 'EMMDetachAccept'
        elif name == 'UEContextReleaseCommand':
            relay.send(enb.ue_context_release_complete(mme_ue_id, enb_ue_id), 1)
            run.step('detached', accepted, 'DETACH ACCEPT, then UE CONTEXT RELEASE COMMAND cause %s' % (ies.get(2, ''),)
                     if accepted else 'UE CONTEXT RELEASE COMMAND without DETACH ACCEPT')
            return
        else:
            raise ValueError('during detach: %s' % name)


def data_sessions(run, relay, enb, ues, arguments):
    """Every UE attaches, pings through the core, and detaches; the SGW then refuses the old TEID."""
    user_plane = gtpu_ue.UserPlane(arguments.enb_address, arguments.timeout)
    try:
        relay.send(enb.s1_setup_request(), 0)
        relay.expect('S1SetupResponse')
        run.step('s1_setup')
        sessions = []
        for index, ue in enumerate(ues):
            run.prefix = 'ue%d_' % (index + 1)
            sessions.append((ue, attach_ue(run, relay, enb, ue, enb_ue_id=index + 1, enb_teid=0x5EED0 + index), index + 1))
        for ue, mme_ue_id, enb_ue_id in sessions:
            run.prefix = 'ue%d_' % enb_ue_id
            if ue.address is None:
                run.step('ping', False, 'the UE has no IPv4 address')
                continue
            replies, sent, problems = user_plane.ping(ue.address, ue.sgw, ue.enb_teid, arguments.ping, arguments.pings,
                                                      arguments.timeout)
            run.step('ping', replies == arguments.pings and not problems,
                     '%d/%d echo replies from %s to %s over S1-U (%d requests)%s' % (
                         replies, arguments.pings, arguments.ping, socket.inet_ntoa(ue.address), sent,
                         '; ' + '; '.join(problems[:3]) if problems else ''))
        if arguments.unreachable:
            # An address the core must not route UE traffic to (the pod network): refused by the PGW.
            run.prefix = 'ue1_'
            ue = sessions[0][0]
            run.step('refused_outside_sgi', user_plane.refused(ue.address, ue.sgw, ue.enb_teid, arguments.unreachable, 5),
                     'echo to %s answered by ICMP destination unreachable' % arguments.unreachable)
        for ue, mme_ue_id, enb_ue_id in sessions:
            run.prefix = 'ue%d_' % enb_ue_id
            detach(run, relay, enb, ue, mme_ue_id, enb_ue_id)
        run.prefix = ''
        # Detach deleted the sessions: the SGW no longer has the first UE's TEID.
        first = sessions[0][0]
        refused = False
        for _ in range(20):
            refused = user_plane.error_indication_for(first.sgw, 0.5)
            if refused:
                break
        run.step('old_teid_error_indication', refused, 'SGW %s TEID %08x' % first.sgw)
    finally:
        user_plane.close()


def wait_for_file(path, timeout):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise TimeoutError('%s never appeared' % path)
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--relay')
    parser.add_argument('--imsi')
    parser.add_argument('--k')
    parser.add_argument('--opc')
    parser.add_argument('--mcc', default='001')
    parser.add_argument('--mnc', default='01')
    parser.add_argument('--tac', type=int, default=1)
    parser.add_argument('--timeout', type=float, default=15)
    parser.add_argument('--self-test', action='store_true')
    parser.add_argument('--scenario', choices=['attach', 'hss-silent', 'hold', 'data'], default='attach',
                        help='hss-silent: the attach must end in ATTACH REJECT; hold: S1 Setup, then wait for the MME to close; '
                             'data: attach, ping through the core, detach')
    parser.add_argument('--resume-file', help='after attach, wait until this file exists')
    parser.add_argument('--second-imsi', help='at the end, attach this subscriber (same K and OPc) through another eNB')
    parser.add_argument('--release-file', help='after the second attach, wait until this file exists before closing')
    parser.add_argument('--enb-address', default='10.10.0.2', help="the eNB's S1-U address (data: the GTP-U socket binds it)")
    parser.add_argument('--ping', help='data: the host the UEs ping through the core')
    parser.add_argument('--pings', type=int, default=3, help='data: echo replies each UE must get')
    parser.add_argument('--unreachable', help='data: an address the core must refuse to route UE traffic to')
    parser.add_argument('--ues', type=int, default=1, help='data: how many UEs attach (IMSIs counting up from --imsi)')
    arguments = parser.parse_args()
    run = Run()
    try:
        usim.self_test()
        run.step('usim_self_test')
    except AssertionError as error:
        run.step('usim_self_test', False, str(error))
        return 1
    if arguments.self_test:
        return 0

    mcc, mnc = arguments.mcc, arguments.mnc
    plmn = bytes([int(mcc[1]) << 4 | int(mcc[0]), (int(mnc[2]) if len(mnc) == 3 else 0xF) << 4 | int(mcc[2]),
                  int(mnc[1]) << 4 | int(mnc[0])])
    enb = s1ap.ENB(plmn, arguments.tac, 0x1B1, 'vcore-test-enb')
    enb.gtpu_address = socket.inet_aton(arguments.enb_address)
    ue = nas_ue.UE(arguments.imsi, bytes.fromhex(arguments.k), bytes.fromhex(arguments.opc), plmn)
    relay = Relay(arguments.relay, arguments.timeout)
    try:
        if arguments.scenario == 'data':
            width = len(arguments.imsi)
            ues = [nas_ue.UE(str(int(arguments.imsi) + index).zfill(width), bytes.fromhex(arguments.k), bytes.fromhex(arguments.opc), plmn)
                   for index in range(arguments.ues)]
            data_sessions(run, relay, enb, ues, arguments)
            return 1 if run.failed else 0
        if arguments.scenario == 'hss-silent':
            attach_rejected(run, relay, enb, ue, enb_ue_id=1)
            return 1 if run.failed else 0
        if arguments.scenario == 'hold':
            held_until_closed(run, relay, enb)
            return 1 if run.failed else 0
        mme_ue_id = attach(run, relay, enb, ue, enb_ue_id=1)
        if arguments.resume_file:
            # The test ends its capture of well-formed traffic here, before the malformed input.
            run.step('waiting_for_resume')
            wait_for_file(arguments.resume_file, arguments.timeout * 4)
        malformed_input(run, relay, enb, ue, mme_ue_id, enb_ue_id=1)

        # Another eNB, from a PLMN the MME does not serve, then one it does: the MME still serves.
        foreign = s1ap.ENB(bytes.fromhex('99f999'), arguments.tac, 0x1B2, 'vcore-foreign-enb')
        second = Relay(arguments.relay, arguments.timeout)
        second.send(foreign.s1_setup_request(), 0)
        _, ies = second.expect('S1SetupFailure')
        run.step('foreign_plmn_s1_setup_failure', detail=str(ies.get(2, '')))
        second.close()
        third = Relay(arguments.relay, arguments.timeout)
        if arguments.second_imsi:
            # Another eNB and another UE, attached end to end after all that.
            run.prefix = 'second_'
            second_ue = nas_ue.UE(arguments.second_imsi, bytes.fromhex(arguments.k), bytes.fromhex(arguments.opc), plmn)
            attach(run, third, s1ap.ENB(plmn, arguments.tac, 0x1B3, 'vcore-second-enb'), second_ue, enb_ue_id=7)
            run.prefix = ''
            if arguments.release_file:
                # The eNBs stay up while the test looks at the MME (the second attach ends with
                # the SGW's Modify Bearer Response).
                run.step('waiting_for_release')
                wait_for_file(arguments.release_file, arguments.timeout * 4)
        else:
            third.send(s1ap.ENB(plmn, arguments.tac, 0x1B3, 'vcore-second-enb').s1_setup_request(), 0)
            third.expect('S1SetupResponse')
            run.step('second_enb_s1_setup')
        third.close()
    except Exception as error:  # every failure becomes a failed step with its reason
        run.step('driver', False, '%s: %s' % (type(error).__name__, error))
    finally:
        relay.close()
    return 1 if run.failed else 0


if __name__ == '__main__':
    sys.exit(main())
