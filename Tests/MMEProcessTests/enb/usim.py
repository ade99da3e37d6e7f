"""The UE's own security: Milenage (TS 35.206), the EPS key hierarchy (TS 33.401 Annex A) and
128-EIA2/128-EEA2 (TS 33.401 Annex B), written from the specifications on top of AES from the
`cryptography` package, so that nothing here shares code with the MME or the HSS it checks."""
import hashlib
import hmac

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def aes(key, block):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def rotate(block, bits):
    octets = bits // 8
    return block[octets:] + block[:octets]


class Milenage:
    """f1-f5 of TS 35.206 with the constants c1..c5 and rotations r1..r5 of section 4.1."""

    def __init__(self, k, op=None, opc=None):
        self.k = k
        self.opc = opc if opc is not None else xor(aes(k, op), op)

    def _out(self, temp, rotation, constant):
        return xor(aes(self.k, xor(rotate(xor(temp, self.opc), rotation), constant)), self.opc)

    def _temp(self, rand):
        return aes(self.k, xor(rand, self.opc))

    def f1(self, rand, sqn, amf):
        temp = self._temp(rand)
        in1 = sqn + amf + sqn + amf
        out1 = xor(aes(self.k, xor(temp, rotate(xor(in1, self.opc), 64))), self.opc)
        return out1[:8]

    def f2345(self, rand):
        """RES, CK, IK, AK."""
        temp = self._temp(rand)
        out2 = self._out(temp, 0, bytes(15) + b'\x01')
        out3 = self._out(temp, 32, bytes(15) + b'\x02')
        out4 = self._out(temp, 64, bytes(15) + b'\x04')
        return out2[8:16], out3, out4, out2[:6]


def kdf(key, fc, *parameters):
    """The generic key derivation of TS 33.220 B.2: HMAC-SHA-256 over FC || P0 || L0 || ..."""
    message = bytes([fc])
    for parameter in parameters:
        message += parameter + len(parameter).to_bytes(2, 'big')
    return hmac.new(key, message, hashlib.sha256).digest()


def kasme(ck, ik, serving_network, sqn_xor_ak):
    return kdf(ck + ik, 0x10, serving_network, sqn_xor_ak)


def nas_key(kasme_key, distinguisher, algorithm):
    """K_NASenc (distinguisher 1) or K_NASint (2): the 128 low bits (TS 33.401 A.7)."""
    return kdf(kasme_key, 0x15, bytes([distinguisher]), bytes([algorithm]))[16:]


def kenb(kasme_key, uplink_count):
    return kdf(kasme_key, 0x11, uplink_count.to_bytes(4, 'big'))


def eia2(key, count, bearer, direction, message):
    """The 32-bit MAC of 128-EIA2: AES-CMAC over COUNT || BEARER || DIRECTION || 0^26 || message."""
    mac = cmac.CMAC(algorithms.AES(key))
    mac.update(count.to_bytes(4, 'big') + bytes([(bearer << 3) | (direction << 2), 0, 0, 0]) + message)
    return mac.finalize()[:4]


def eea2(key, count, bearer, direction, message):
    """128-EEA2: AES-CTR with the first counter block COUNT || BEARER || DIRECTION || 0^90."""
    block = count.to_bytes(4, 'big') + bytes([(bearer << 3) | (direction << 2)]) + bytes(11)
    encryptor = Cipher(algorithms.AES(key), modes.CTR(block)).encryptor()
    return encryptor.update(message) + encryptor.finalize()


def self_test():
    """TS 35.208 test set 1 (Milenage), TS 33.401 C.1 test set 1 (128-EEA2) and C.2 test set 2
    (128-EIA2): raises on a mismatch, so that a broken USIM cannot pass for a broken MME."""
    milenage = Milenage(bytes.fromhex('465b5ce8b199b49faa5f0a2ee238a6bc'), op=bytes.fromhex('cdc202d5123e20f62b6d676ac72cb318'))
    assert milenage.opc.hex() == 'cd63cb71954a9f4e48a5994e37a02baf', milenage.opc.hex()
    rand = bytes.fromhex('23553cbe9637a89d218ae64dae47bf35')
    assert milenage.f1(rand, bytes.fromhex('ff9bb4d0b607'), bytes.fromhex('b9b9')).hex() == '4a9ffac354dfafb3'
    res, ck, ik, ak = milenage.f2345(rand)
    assert res.hex() == 'a54211d5e3ba50bf', res.hex()
    assert ck.hex() == 'b40ba9a3c58b2a05bbf0d987b21bf8cb', ck.hex()
    assert ik.hex() == 'f769bcd751044604127672711c6d3441', ik.hex()
    assert ak.hex() == 'aa689c648370', ak.hex()
    key = bytes.fromhex('d3c5d592327fb11c4035c6680af8c6d1')
    plain = bytes.fromhex('981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0')
    cipher = eea2(key, 0x398a59b4, 0x15, 1, plain)
    assert cipher.hex() == 'e9fed8a63d155304d71df20bf3e82214b20ed7dad2f233dc3c22d7bdeeed8e78', cipher.hex()
    mac = eia2(key, 0x398a59b4, 0x1a, 1, bytes.fromhex('484583d5afe082ae'))
    assert mac.hex() == 'b93787e6', mac.hex()
