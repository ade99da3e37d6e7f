#!/usr/bin/env python3
"""pycrate as an independent S1AP codec for VCore's tests (Tests/S1APTests/S1APPycrateTests.swift).

It lives here rather than next to the tests so that SwiftPM does not warn about a non-Swift file in
a test target.

    pycrate_oracle.py build MESSAGE... [--seed N] [--variants N]
        For each S1AP message type named (ASN.1 names such as InitialUEMessage), builds one message
        with every IE its IE set allows and every optional component present, then N more with random
        subsets, all with random values inside their constraints. Prints one JSON object per line:
        {"name": ..., "variant": n, "hex": APER encoding, "json": the value as canonical JSON text,
         "pycrateReadsBack": whether pycrate decodes its own encoding to the same value}.

    pycrate_oracle.py decode
        Reads one hex S1AP-PDU per line on stdin, decodes each with pycrate and prints one line per
        PDU: its value as canonical JSON, or {"error": ...}.

Canonical JSON (what ASN1Value.json writes in Swift): keys sorted, no spaces; INTEGER a number,
ENUMERATED its name, BIT STRING a string of 0 and 1, OCTET STRING lowercase hex, CHOICE a one-key
object, SEQUENCE an object of its present components, SEQUENCE OF a list, NULL null, and an open
type the value it holds.
"""

import json
import random
import sys

sys.dont_write_bytecode = True

from pycrate_asn1dir import S1AP  # noqa: E402
from pycrate_asn1rt.glob import GLOBAL  # noqa: E402

PDU = S1AP.S1AP_PDU_Descriptions.S1AP_PDU
PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?"
VISIBLE = ''.join(chr(c) for c in range(0x20, 0x7F))


def ref_name(obj):
    tr = getattr(obj, '_typeref', None)
    called = getattr(tr, 'called', None)
    if isinstance(called, tuple) and len(called) == 2 and isinstance(called[1], str):
        return called
    return None


def table_entries(open_obj):
    tab = getattr(open_obj, '_const_tab', None)
    if tab is None:
        return []
    return list(tab._val.root) + list(tab._val.ext or [])


def procedures():
    descriptions = GLOBAL.MOD['S1AP-PDU-Descriptions']['S1AP-ELEMENTARY-PROCEDURES']
    found = {}
    for proc in list(descriptions._val.root) + list(descriptions._val.ext or []):
        for kind in ('InitiatingMessage', 'SuccessfulOutcome', 'UnsuccessfulOutcome'):
            msg = proc.get(kind)
            if msg is not None:
                found[ref_name(msg)[1]] = (proc['procedureCode'], proc['criticality'], kind, msg)
    return found


class Builder:
    """Random values inside each type's constraints. `full` puts in every optional component."""

    def __init__(self, rng, full):
        self.rng = rng
        self.full = full
        self.big_done = set()

    def chance(self):
        return self.full or self.rng.random() < 0.5

    def size(self, obj, default_max):
        c = getattr(obj, '_const_sz', None)
        if c is None or not c.root:
            lb, ub, ext = 0, None, False
        else:
            lb, ub, ext = c.lb, c.ub, c.ext is not None
        if ext and not self.full and self.rng.random() < 0.1:
            # A size outside the root, sent after the extension bit.
            return (ub if ub is not None else lb) + self.rng.randint(1, 8)
        top = lb + default_max if ub is None else min(ub, lb + default_max)
        if lb == ub:
            return lb
        return self.rng.randint(lb, max(lb, top))

    def value(self, obj, depth=0):
        t = obj.TYPE
        if t == 'INTEGER':
            c = obj._const_val
            if c.ext is not None and not self.full and self.rng.random() < 0.15:
                return c.ub + self.rng.randint(1, 300)
            choice = self.rng.choice(c.root)
            if isinstance(choice, int):
                return choice
            return self.rng.choice([choice.lb, choice.ub, self.rng.randint(choice.lb, choice.ub)])
        if t == 'ENUMERATED':
            return self.rng.choice(list(obj._root) + list(obj._ext or []))
        if t == 'BIT STRING':
            name = ref_name(obj)
            c = obj._const_sz
            if self.full and c is not None and c.ub is not None and c.ub > 65536 and name not in self.big_done:
                # Long enough to be fragmented in 16K-bit units.
                self.big_done.add(name)
                size = 40000 + self.rng.randint(0, 7)
            else:
                size = self.size(obj, 48)
            return (self.rng.getrandbits(size) if size else 0, size)
        if t == 'OCTET STRING':
            name = ref_name(obj)
            if self.full and name and name[1] == 'UERadioCapability' and name not in self.big_done:
                # An IE value past 16K octets: fragmented inside a message that is itself fragmented.
                self.big_done.add(name)
                return bytes(self.rng.getrandbits(8) for _ in range(20000))
            return bytes(self.rng.getrandbits(8) for _ in range(self.size(obj, 24)))
        if t == 'PrintableString':
            return ''.join(self.rng.choice(PRINTABLE) for _ in range(self.size(obj, 20)))
        if t == 'VisibleString':
            return ''.join(self.rng.choice(VISIBLE) for _ in range(self.size(obj, 20)))
        if t == 'NULL':
            return 0
        if t == 'CHOICE':
            names = [n for n in list(obj._root) + list(obj._ext or []) if n != 'choice-Extensions']
            name = self.rng.choice(names)
            return (name, self.value(obj._cont[name], depth + 1))
        if t == 'SEQUENCE':
            if list(obj._cont.keys()) == ['id', 'criticality', 'value']:
                # A ProtocolIE-SingleContainer (a list item, or a CHOICE's extension alternative).
                return self.field(self.rng.choice(table_entries(obj._cont['value'])), 'value', depth)
            result = {}
            optional = set(obj._root_opt or [])
            for key in obj._root:
                comp = obj._cont[key]
                if key == 'iE-Extensions':
                    entries = table_entries(comp._cont._cont['extensionValue'])
                    chosen = [e for e in entries if self.chance()]
                    if chosen:
                        result[key] = [self.field(e, 'extensionValue', depth) for e in chosen]
                    continue
                if key in optional and not self.chance():
                    continue
                result[key] = self.value(comp, depth + 1)
            return result
        if t == 'SEQUENCE OF':
            count = self.size(obj, 2 if depth < 2 else 0)
            return [self.value(obj._cont, depth + 1) for _ in range(count)]
        raise SystemExit('cannot build %s (%s)' % (t, obj._name))

    def field(self, entry, value_key, depth):
        key = 'Value' if value_key == 'value' else 'Extension'
        value_obj = entry[key]
        return {'id': entry['id'], 'criticality': entry['criticality'],
                value_key: (ref_name(value_obj)[1], self.value(value_obj, depth + 1))}

    def message(self, name, code, criticality, kind, msg):
        container = msg._cont['protocolIEs']
        entries = table_entries(container._cont._cont['value'])
        ies = [self.field(e, 'value', 0) for e in entries if e['presence'] == 'mandatory' or self.chance()]
        alternative = kind[0].lower() + kind[1:]
        return (alternative, {'procedureCode': code, 'criticality': criticality,
                              'value': (name, {'protocolIEs': ies})})


# -- pycrate value -> canonical JSON ---------------------------------------------------------

def open_object(open_obj, type_name):
    for entry in table_entries(open_obj):
        for key in ('Value', 'Extension', 'InitiatingMessage', 'SuccessfulOutcome', 'UnsuccessfulOutcome'):
            obj = entry.get(key)
            if obj is not None and ref_name(obj) and ref_name(obj)[1] == type_name:
                return obj
    return None


def to_json(obj, val):
    t = obj.TYPE
    if t in ('INTEGER', 'ENUMERATED', 'PrintableString', 'VisibleString'):
        return val
    if t == 'NULL':
        return None
    if t == 'BIT STRING':
        bits, count = val
        return format(bits, '0%db' % count) if count else ''
    if t == 'OCTET STRING':
        return val.hex()
    if t == 'CHOICE':
        name, inner = val
        return {name: to_json(obj._cont[name], inner)}
    if t == 'SEQUENCE':
        return {key: to_json(obj._cont[key], inner) for key, inner in val.items()}
    if t == 'SEQUENCE OF':
        return [to_json(obj._cont, item) for item in val]
    if t == 'OPEN_TYPE':
        type_name, inner = val
        inner_obj = open_object(obj, type_name)
        if inner_obj is None:
            return {'_open': inner.hex() if isinstance(inner, bytes) else repr(inner)}
        return to_json(inner_obj, inner)
    raise SystemExit('cannot show %s' % t)


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(',', ':'))


def build(names, seed, variants):
    table = procedures()
    for name in names:
        code, criticality, kind, msg = table[name]
        for variant in range(variants + 1):
            rng = random.Random('%s-%d-%d' % (name, seed, variant))
            value = Builder(rng, full=variant == 0).message(name, code, criticality, kind, msg)
            PDU.set_val(value)
            encoded = PDU.to_aper()
            shown = to_json(PDU, value)
            # pycrate 0.8.1 cannot read back some of its own fragmented encodings (an IE over 16K
            # octets followed by more IEs); say so rather than fail.
            try:
                PDU.from_aper(encoded)
                reads_back = canonical(to_json(PDU, PDU.get_val())) == canonical(shown)
            except Exception:
                reads_back = False
            print(canonical({'name': name, 'variant': variant, 'hex': encoded.hex(), 'json': canonical(shown),
                             'pycrateReadsBack': reads_back}))


def decode():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            PDU.from_aper(bytes.fromhex(line))
            print(canonical(to_json(PDU, PDU.get_val())))
        except Exception as error:  # pycrate raises many kinds; all mean "did not decode"
            print(canonical({'error': '%s: %s' % (type(error).__name__, error)}))


def main(arguments):
    if not arguments:
        raise SystemExit(__doc__)
    if arguments[0] == 'build':
        names, seed, variants = [], 1, 3
        rest = iter(arguments[1:])
        for argument in rest:
            if argument == '--seed':
                seed = int(next(rest))
            elif argument == '--variants':
                variants = int(next(rest))
            else:
                names.append(argument)
        build(names, seed, variants)
    elif arguments[0] == 'decode':
        decode()
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
