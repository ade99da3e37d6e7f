"""The UE's user plane as the eNB carries it (TS 29.281): ICMP echo requests from the UE's
address inside G-PDUs to the SGW's S1-U F-TEID, and the replies taken out of the G-PDUs the core
sends to the eNB's own F-TEID, every header and checksum checked."""
import os
import socket
import struct
import time

GTPU_PORT = 2152
G_PDU, ERROR_INDICATION = 0xFF, 26


def checksum(octets):
    if len(octets) % 2:
        octets += b'\0'
    total = sum(struct.unpack('!%dH' % (len(octets) // 2), octets))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def icmp_echo(source, destination, identifier, sequence, payload):
    icmp = struct.pack('!BBHHH', 8, 0, 0, identifier, sequence) + payload
    icmp = icmp[:2] + struct.pack('!H', checksum(icmp)) + icmp[4:]
    header = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), sequence, 0, 64, 1, 0, source, destination)
    header = header[:10] + struct.pack('!H', checksum(header)) + header[12:]
    return header + icmp


def g_pdu(teid, packet):
    return struct.pack('!BBHI', 0x30, G_PDU, len(packet), teid) + packet


class UserPlane:
    """The eNB's S1-U socket."""

    def __init__(self, address, timeout):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind((address, GTPU_PORT))
        self.socket.settimeout(timeout)

    def close(self):
        self.socket.close()

    def receive(self):
        """(message type, TEID, payload after the mandatory header and any optional part)."""
        data, _ = self.socket.recvfrom(65535)
        flags, kind, length, teid = struct.unpack('!BBHI', data[:8])
        if flags >> 5 != 1:
            raise ValueError('GTP version %d' % (flags >> 5))
        body = data[8:8 + length]
        if flags & 0x07:
            extension = body[3]
            body = body[4:]
            while extension:
                words = body[0]
                extension = body[words * 4 - 1]
                body = body[words * 4:]
        return kind, teid, body

    def ping(self, ue_address, sgw, enb_teid, target, count, deadline_seconds):
        """Echo requests until `count` replies came back or the deadline passed; returns
        (replies, requests sent, problems seen). A reply counts only if it came in a G-PDU with
        the eNB's TEID, from `target` to the UE, with right checksums, identifier and sequence."""
        identifier = os.getpid() & 0xFFFF
        sgw_address, sgw_teid = sgw
        replies, sent, problems = set(), 0, []
        deadline = time.monotonic() + deadline_seconds
        while len(replies) < count and time.monotonic() < deadline:
            sent += 1
            payload = b'vcore-%04d' % sent + bytes(range(22))
            packet = icmp_echo(ue_address, socket.inet_aton(target), identifier, sent, payload)
            self.socket.sendto(g_pdu(sgw_teid, packet), (sgw_address, GTPU_PORT))
            wait_until = time.monotonic() + 0.5
            while time.monotonic() < wait_until and len(replies) < count:
                self.socket.settimeout(max(0.01, wait_until - time.monotonic()))
                try:
                    kind, teid, inner = self.receive()
                except socket.timeout:
                    break
                problem = self.check_reply(kind, teid, inner, enb_teid, ue_address, target, identifier)
                if not problem and not 1 <= struct.unpack('!H', inner[26:28])[0] <= sent:
                    problem = 'ICMP sequence %d was never sent' % struct.unpack('!H', inner[26:28])[0]
                if problem:
                    problems.append(problem)
                else:
                    replies.add(struct.unpack('!H', inner[26:28])[0])
        return len(replies), sent, problems

    @staticmethod
    def check_reply(kind, teid, inner, enb_teid, ue_address, target, identifier):
        if kind != G_PDU:
            return 'GTP-U message type %d' % kind
        if teid != enb_teid:
            return 'G-PDU with TEID %08x, expected the eNB\'s %08x' % (teid, enb_teid)
        if len(inner) < 28 or inner[0] >> 4 != 4:
            return 'not an IPv4 packet: %s' % inner[:28].hex()
        header_length = (inner[0] & 0x0F) * 4
        if checksum(inner[:header_length]) != 0:
            return 'bad IPv4 header checksum'
        if inner[12:16] != socket.inet_aton(target) or inner[16:20] != ue_address:
            return 'IPv4 %s -> %s' % (socket.inet_ntoa(inner[12:16]), socket.inet_ntoa(inner[16:20]))
        total = struct.unpack('!H', inner[2:4])[0]
        icmp = inner[header_length:total]
        if icmp[0] != 0 or checksum(icmp) != 0:
            return 'ICMP type %d or bad checksum' % icmp[0]
        if struct.unpack('!H', icmp[4:6])[0] != identifier:
            return 'ICMP identifier %d' % struct.unpack('!H', icmp[4:6])[0]
        return None

    def error_indication_for(self, sgw, deadline_seconds):
        """A G-PDU to a TEID the SGW no longer has: its Error Indication names that TEID (TS 29.281 7.3.1)."""
        sgw_address, sgw_teid = sgw
        self.socket.sendto(g_pdu(sgw_teid, icmp_echo(b'\0' * 4, b'\0' * 4, 0, 0, b'')), (sgw_address, GTPU_PORT))
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            self.socket.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                kind, teid, body = self.receive()
            except socket.timeout:
                break
            if kind == ERROR_INDICATION:
                # TEID Data I (type 16) then the GTP-U peer address (type 133).
                if body[0] == 16 and struct.unpack('!I', body[1:5])[0] == sgw_teid:
                    return True
        return False

    def refused(self, ue_address, sgw, enb_teid, target, deadline_seconds):
        """An echo request to `target`, which the core must not route: True when an ICMP
        destination unreachable comes back on the eNB's TEID quoting that request, and no echo
        reply comes."""
        sgw_address, sgw_teid = sgw
        identifier = (os.getpid() + 1) & 0xFFFF
        request = icmp_echo(ue_address, socket.inet_aton(target), identifier, 1, b'must-not-pass')
        deadline = time.monotonic() + deadline_seconds
        next_send = 0
        while time.monotonic() < deadline:
            if time.monotonic() >= next_send:
                self.socket.sendto(g_pdu(sgw_teid, request), (sgw_address, GTPU_PORT))
                next_send = time.monotonic() + 0.5
            self.socket.settimeout(0.1)
            try:
                kind, teid, inner = self.receive()
            except socket.timeout:
                continue
            if kind != G_PDU or teid != enb_teid or len(inner) < 48:
                continue
            header_length = (inner[0] & 0x0F) * 4
            icmp = inner[header_length:]
            if icmp[0] == 0 and inner[12:16] == socket.inet_aton(target):
                return False
            # Type 3, then the quoted IP header of our request (TS: RFC 792).
            if icmp[0] == 3 and icmp[8 + 16:8 + 20] == socket.inet_aton(target) and icmp[8 + 12:8 + 16] == ue_address:
                return True
        return False
