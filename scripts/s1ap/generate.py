#!/usr/bin/env python3
"""Writes Sources/S1AP/Generated/*.swift from pycrate's compiled S1AP module (TS 36.413).

pycrate (PyPI `pycrate`) ships the whole S1AP ASN.1 specification compiled into Python objects:
every type with its PER-visible constraints, and the information object sets that say which IE
(id, criticality, presence, value type) each message and each iE-Extensions container may carry.
This script walks those objects from the messages of the procedures VCore models and writes one
Swift type per ASN.1 type they reach, a view per message and the tables the decoder checks
messages against. Run it again after changing the procedure list or upgrading pycrate:

    python3 scripts/s1ap/generate.py            # rewrites Sources/S1AP/Generated/

Nothing here is hand-tuned per type except the naming overrides at the top.
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts

import pycrate_asn1dir.S1AP  # noqa: F401  (loads the modules into GLOBAL)
from pycrate_asn1rt.glob import GLOBAL

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'Sources', 'S1AP', 'Generated')

# Elementary procedures modelled (TS 36.413 8.x): the procedure codes of issue #3.
PROCEDURES = [
    17,  # S1 Setup
    14,  # Reset
    15,  # Error Indication
    12,  # Initial UE Message
    11,  # Downlink NAS Transport
    13,  # Uplink NAS Transport
    16,  # NAS Non Delivery Indication
    9,   # Initial Context Setup
    18,  # UE Context Release Request
    23,  # UE Context Release
    21,  # UE Context Modification
    22,  # UE Capability Info Indication
    5,   # E-RAB Setup
    6,   # E-RAB Modify
    7,   # E-RAB Release
    8,   # E-RAB Release Indication
    10,  # Paging
    3,   # Path Switch Request
    0,   # Handover Preparation
    1,   # Handover Resource Allocation
    2,   # Handover Notification
    4,   # Handover Cancel
    24,  # eNB Status Transfer
    25,  # MME Status Transfer
    29,  # eNB Configuration Update
    30,  # MME Configuration Update
]

# Message groups: one Swift file each.
MESSAGE_GROUPS = [
    ('Management', [17, 14, 15, 29, 30]),
    ('NASTransport', [12, 11, 13, 16, 22, 10]),
    ('UEContext', [9, 18, 23, 21]),
    ('ERAB', [5, 6, 7, 8]),
    ('Mobility', [3, 0, 1, 2, 4, 24, 25]),
]

# ASN.1 types written by hand in Sources/S1AP (their Swift name, codec).
HANDWRITTEN = {
    ('S1AP-IEs', 'PLMNidentity'): 'PLMNIdentity',
    ('S1AP-IEs', 'TBCD-STRING'): 'PLMNIdentity',
    ('S1AP-CommonDataTypes', 'ProtocolIE-ID'): 'ProtocolIEID',
    ('S1AP-CommonDataTypes', 'ProcedureCode'): 'ProcedureCode',
}

# Acronyms that ASN.1 component names write with a lowered first letter ('pLMNidentity').
ACRONYMS = ['PLMN', 'IEs', 'IE', 'UE', 'ENB', 'MME', 'GTP', 'NAS', 'TAC', 'CSG', 'RRC', 'QCI', 'GBR', 'GNB',
            'NR', 'SON', 'TAI', 'CGI', 'RAT', 'MDT', 'LAI', 'LAC', 'RAC', 'CI', 'SRVCC', 'EPS', 'CN', 'HO',
            'DL', 'UL', 'SRB', 'PDCP', 'IMSI', 'TMSI', 'MBSFN', 'DCN', 'NB', 'WLAN', 'GUMMEI', 'SAC', 'RNC',
            'TEID', 'SN', 'PDU', 'EDRX', 'DRX', 'COUNT', 'SSB', 'EUTRAN']
# Acronyms run into a lowercase word in names that start upper case ('MMEname', 'COUNTvalue').
UPPER_SPLIT = ['ENB', 'MME', 'NR', 'COUNT', 'PLMN', 'UE', 'GNB', 'EDRX', 'SN']

# Types always generated, reachable or not: the decoder and the error builders use them.
ALWAYS = [('S1AP-CommonDataTypes', 'Criticality'), ('S1AP-CommonDataTypes', 'Presence'),
          ('S1AP-CommonDataTypes', 'TriggeringMessage'), ('S1AP-IEs', 'TypeOfError'),
          ('S1AP-IEs', 'CriticalityDiagnostics'), ('S1AP-IEs', 'Cause'),
          # What the handover transparent containers hold between eNBs (the MME passes them on).
          ('S1AP-IEs', 'SourceeNB-ToTargeteNB-TransparentContainer'),
          ('S1AP-IEs', 'TargeteNB-ToSourceeNB-TransparentContainer')]

# Swift names that must not be reused for S1AP types (Wire's and the standard library's).
TAKEN_NAMES = {'TAI', 'IMSI', 'PLMN', 'ECGI', 'IMEI', 'MSISDN', 'FTEID', 'IPAddress', 'String', 'Data',
               'Type', 'Protocol', 'Error', 'Result', 'Range', 'Set', 'Array', 'Dictionary', 'Bool', 'Int',
               'Character', 'Optional', 'Never', 'Any', 'Self', 'BitString', 'Cause'}
# ...except where the S1AP meaning is the obvious one inside this module.
TYPE_RENAMES = {'Cause': 'Cause'}

# Message IE property names where the generated one reads badly.
PROPERTY_RENAMES = {
    ('InitialContextSetupRequest', 'E-RABToBeSetupListCtxtSUReq'): 'erabsToBeSetup',
    ('InitialContextSetupResponse', 'E-RABSetupListCtxtSURes'): 'erabsSetup',
    ('InitialContextSetupResponse', 'E-RABFailedToSetupListCtxtSURes'): 'erabsFailedToSetup',
    ('E-RABSetupRequest', 'E-RABToBeSetupListBearerSUReq'): 'erabsToBeSetup',
    ('E-RABSetupResponse', 'E-RABSetupListBearerSURes'): 'erabsSetup',
    ('E-RABSetupResponse', 'E-RABFailedToSetupListBearerSURes'): 'erabsFailedToSetup',
    ('E-RABModifyRequest', 'E-RABToBeModifiedListBearerModReq'): 'erabsToBeModified',
    ('E-RABModifyResponse', 'E-RABModifyListBearerModRes'): 'erabsModified',
    ('E-RABModifyResponse', 'E-RABFailedToModifyList'): 'erabsFailedToModify',
    ('E-RABReleaseCommand', 'E-RABToBeReleasedList'): 'erabsToBeReleased',
    ('E-RABReleaseResponse', 'E-RABReleaseListBearerRelComp'): 'erabsReleased',
    ('E-RABReleaseResponse', 'E-RABFailedToReleaseList'): 'erabsFailedToRelease',
    ('E-RABReleaseIndication', 'E-RABReleasedList'): 'erabsReleased',
}

SWIFT_KEYWORDS = {
    'associatedtype', 'class', 'deinit', 'enum', 'extension', 'fileprivate', 'func', 'import', 'init',
    'inout', 'internal', 'let', 'open', 'operator', 'private', 'protocol', 'public', 'rethrows', 'static',
    'struct', 'subscript', 'typealias', 'var', 'break', 'case', 'continue', 'default', 'defer', 'do',
    'else', 'fallthrough', 'for', 'guard', 'if', 'in', 'repeat', 'return', 'switch', 'where', 'while',
    'as', 'Any', 'catch', 'false', 'is', 'nil', 'super', 'self', 'Self', 'throw', 'throws', 'true', 'try',
    'await', 'async', 'some', 'any', 'consume', 'borrowing', 'consuming', 'copy', 'discard', 'each',
}


# ---------------------------------------------------------------------------------------------
# Naming

def _split_parts(name):
    """ASN.1 identifier -> UpperCamel parts: 'e-RAB-ID' -> ['ERAB', 'ID'], 'pLMNidentity' -> ['PLMN', 'Identity']."""
    name = re.sub(r'(^|-)[eE]-RAB([a-z]?)', lambda m: m.group(1) + 'ERAB' + m.group(2).upper(), name)
    name = re.sub(r'(^|-)[eE]-UTRAN([a-z]?)', lambda m: m.group(1) + 'EUTRAN' + m.group(2).upper(), name)
    parts = []
    for part in name.split('-'):
        if not part:
            continue
        raised = part[0].upper() + part[1:]
        if re.match(r'^[a-z][A-Z]', part):
            # An acronym with its first letter lowered ('pLMNidentity', 'iECriticality').
            candidates = ACRONYMS
        else:
            # An acronym run into a lowercase word ('MMEname').
            candidates = [a for a in UPPER_SPLIT if len(raised) > len(a) and raised[len(a)].islower()]
        acronym = next((a for a in sorted(candidates, key=len, reverse=True) if raised.startswith(a)), None)
        if acronym is not None:
            parts.append(acronym)
            rest = raised[len(acronym):]
            if rest:
                parts.append(rest[0].upper() + rest[1:])
            continue
        match = re.match(r'^([a-z])([A-Z0-9]+)([a-z].*)?$', part)
        if match:
            # 'tABased': the last capital starts the next word, as in ordinary camel case.
            acronym, rest = match.group(1).upper() + match.group(2), match.group(3)
            if rest and len(acronym) > 2:
                acronym, rest = acronym[:-1], acronym[-1] + rest
            parts.append(acronym)
            if rest:
                parts.append(rest[0].upper() + rest[1:])
        else:
            parts.append(raised)
    return parts


def type_name(asn_name):
    name = ''.join(_split_parts(asn_name))
    if name in TYPE_RENAMES:
        return TYPE_RENAMES[name]
    if name in TAKEN_NAMES:
        return 'S1AP' + name
    return name


def _lower_first_part(part):
    if part.isupper() or re.match(r'^[A-Z0-9]+s?$', part):
        return part.lower()
    match = re.match(r'^([A-Z]+)([A-Z][a-z].*)$', part)
    if match:
        return match.group(1).lower() + match.group(2)
    match = re.match(r'^([A-Z]+)([0-9].*)$', part)
    if match:
        return match.group(1).lower() + match.group(2)
    return part[0].lower() + part[1:]


def lower_camel(asn_name):
    parts = _split_parts(asn_name)
    name = _lower_first_part(parts[0]) + ''.join(parts[1:])
    if name[0].isdigit():
        name = 'n' + name
    return escape(name)


def enum_case(asn_name):
    parts = [p for p in asn_name.split('-') if p]
    name = parts[0][0].lower() + parts[0][1:] + ''.join(p[0].upper() + p[1:] for p in parts[1:])
    name = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if name[0].isdigit():
        name = 'v' + name
    return escape(name)


def escape(name):
    return '`%s`' % name if name in SWIFT_KEYWORDS else name


def bare(name):
    return name.strip('`')


def swift_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------------------------
# pycrate helpers

def ref_of(obj):
    tr = getattr(obj, '_typeref', None)
    if tr is None or not hasattr(tr, 'called'):
        return None
    called = tr.called
    if isinstance(called, tuple) and len(called) == 2 and isinstance(called[1], str):
        return called
    return None


def definition(ref):
    return GLOBAL.MOD[ref[0]][ref[1]]


def constraint_repr(obj):
    parts = []
    for attr in ('_const_val', '_const_sz'):
        c = getattr(obj, attr, None)
        parts.append(None if c is None else (repr(c.root), c.ext is not None))
    return tuple(parts)


def table_entries(open_obj):
    tab = getattr(open_obj, '_const_tab', None)
    if tab is None:
        return []
    return list(tab._val.root) + list(tab._val.ext or [])


def size_of(obj):
    c = getattr(obj, '_const_sz', None)
    if c is None or not c.root:
        return None
    return (c.lb, c.ub, c.ext is not None)


def size_expr(size):
    if size is None:
        return 'APERSize.unconstrained'
    lb, ub, ext = size
    ub_text = 'nil' if ub is None else str(ub)
    return 'APERSize(%d, %s%s)' % (lb, ub_text, ', extensible: true' if ext else '')


def int_swift_type(lb, ub):
    if lb >= 0:
        for bits, name in ((8, 'UInt8'), (16, 'UInt16'), (32, 'UInt32'), (64, 'UInt64')):
            if ub < (1 << bits):
                return name
    else:
        for bits, name in ((8, 'Int8'), (16, 'Int16'), (32, 'Int32'), (64, 'Int64')):
            if -(1 << (bits - 1)) <= lb and ub < (1 << (bits - 1)):
                return name
    raise SystemExit('integer range %r..%r does not fit 64 bits' % (lb, ub))


class Use:
    """How a value of one ASN.1 type is held and coded at a place it is used."""

    def __init__(self, swift, decode, encode, asn1, codec=None):
        self.swift = swift          # Swift type
        self.decode = decode        # expression over `r`, without `try`
        self.encode = encode        # function (value expr, writer name) -> statement
        self.asn1 = asn1            # function (value expr) -> ASN1Value expression
        self.codec = codec          # codec type name, when the type is named


# ---------------------------------------------------------------------------------------------
# The model: which Swift type each ASN.1 type becomes

class Generator:
    def __init__(self):
        self.named = {}       # ref -> Swift name
        self.order = []       # (kind, key, obj, swift name) in discovery order
        self.anonymous = {}   # id(obj) -> Swift name
        self.ie_ids = {}      # ProtocolIE-ID value -> constant name ('id-...')
        self.procedure_names = {}
        self.ext_properties = {}  # struct Swift name -> [(id, crit, presence, Use, asn name)]
        self.groups_of_type = {}
        constants = GLOBAL.MOD['S1AP-Constants']
        for key in constants.keys():
            if key.startswith('_'):
                continue
            obj = constants[key]
            ref = ref_of(obj)
            if ref == ('S1AP-CommonDataTypes', 'ProtocolIE-ID'):
                self.ie_ids.setdefault(obj._val, key)
            elif ref == ('S1AP-CommonDataTypes', 'ProcedureCode'):
                self.procedure_names.setdefault(obj._val, key)

    # -- uses -----------------------------------------------------------------------------

    def use(self, obj, hint):
        """The Use of `obj` (a component, item, alternative or IE value); hint names anonymous types."""
        ref = ref_of(obj)
        if ref is not None and ref[0] != 'S1AP-Containers':
            target = definition(ref)
            if constraint_repr(target) == constraint_repr(obj) and target.TYPE == obj.TYPE:
                return self.named_use(ref)
        return self.inline_use(obj, hint)

    def named_use(self, ref):
        if ref in HANDWRITTEN:
            name = HANDWRITTEN[ref]
            return Use(name, '%s.decode(&r)' % name,
                       lambda v, w: '%s.encode(%s, into: &%s)' % (name, v, w),
                       lambda v: '%s.asn1Value(%s)' % (name, v), codec=name)
        if ref not in self.named:
            self.register_named(ref)
        name = self.named[ref]
        kind = self.kind_of(definition(ref))
        if kind == 'single':
            use = self.single_container_use(definition(ref), name)
            codec = name + 'Codec'
            return Use(use.swift, '%s.decode(&r)' % codec,
                       lambda v, w: '%s.encode(%s, into: &%s)' % (codec, v, w),
                       lambda v: '%s.asn1Value(%s)' % (codec, v), codec=codec)
        codec = name if kind in ('sequence', 'choice', 'enumerated') else name + 'Codec'
        swift = name
        return Use(swift, '%s.decode(&r)' % codec,
                   lambda v, w: '%s.encode(%s, into: &%s)' % (codec, v, w),
                   lambda v: '%s.asn1Value(%s)' % (codec, v), codec=codec)

    def single_container_use(self, obj, hint):
        """One IE in a ProtocolIE-SingleContainer outside a list (a CHOICE's extension alternative)."""
        entries = table_entries(obj._cont['value'])
        if not entries:
            # choice-Extensions: its IE set is empty in every release so far; kept as bytes.
            return Use('ProtocolIEField', 'ProtocolIEField.decode(&r)',
                       lambda v, w: '%s.encode(into: &%s)' % (v, w), lambda v: '%s.asn1Value' % v,
                       codec='ProtocolIEField')
        if len(entries) != 1:
            raise SystemExit('%s: single container with %d possible IEs' % (hint, len(entries)))
        entry = entries[0]
        item = self.use(entry['Value'], hint + 'Value')
        ident, crit = entry['id'], entry['criticality']
        what = swift_string(hint)
        return Use(item.swift,
                   'r.readSingleContainer(ProtocolIEID(rawValue: %d), %s) { r throws(CodecError) in try %s }'
                   % (ident, what, item.decode),
                   lambda v, w: '%s.writeSingleContainer(%s, ProtocolIEID(rawValue: %d), .%s) { item, w in %s }'
                   % (w, v, ident, crit, item.encode('item', 'w')),
                   lambda v: 'ProtocolIEField.asn1Value(ProtocolIEID(rawValue: %d), .%s, %s)' % (ident, crit, item.asn1(v)))

    def kind_of(self, obj):
        if ref_of(obj) == ('S1AP-Containers', 'ProtocolIE-SingleContainer'):
            return 'single'
        t = obj.TYPE
        if t == 'SEQUENCE':
            return 'sequence'
        if t == 'CHOICE':
            return 'choice'
        if t == 'ENUMERATED':
            return 'enumerated'
        if t == 'SEQUENCE OF':
            return 'list'
        return 'primitive'

    def register_named(self, ref):
        obj = definition(ref)
        name = type_name(ref[1])
        if name in self.named.values():
            raise SystemExit('two ASN.1 types map to the Swift name %s' % name)
        self.named[ref] = name
        self.order.append((self.kind_of(obj), ref, obj, name))
        self.walk(obj, name)

    def register_anonymous(self, obj, hint):
        key = id(obj)
        if key in self.anonymous:
            return self.anonymous[key]
        name = hint
        taken = set(self.named.values()) | set(self.anonymous.values())
        while name in taken:
            name += '_'
        self.anonymous[key] = name
        self.order.append((self.kind_of(obj), None, obj, name))
        self.walk(obj, name)
        return name

    def walk(self, obj, name):
        """Registers what a constructed type refers to, so every type is known before emitting."""
        t = obj.TYPE
        if self.kind_of(obj) == 'single':
            self.single_container_use(obj, name)
            return
        if t in ('SEQUENCE', 'CHOICE'):
            for key, comp in obj._cont.items():
                if key == 'iE-Extensions':
                    self.extension_ies(comp, name)
                else:
                    self.use(comp, name + type_name(key))
        elif t == 'SEQUENCE OF':
            self.list_item(obj, name)

    def inline_use(self, obj, hint):
        t = obj.TYPE
        if ref_of(obj) == ('S1AP-Containers', 'ProtocolIE-SingleContainer'):
            return self.single_container_use(obj, hint)
        what = swift_string(obj._name if obj._name != '_item_' else hint)
        if t in ('SEQUENCE', 'CHOICE', 'ENUMERATED'):
            name = self.register_anonymous(obj, hint)
            return Use(name, '%s.decode(&r)' % name,
                       lambda v, w: '%s.encode(%s, into: &%s)' % (name, v, w),
                       lambda v: '%s.asn1Value(%s)' % (name, v), codec=name)
        if t == 'SEQUENCE OF':
            name = self.register_anonymous(obj, hint) + 'Codec'
            item = self.list_item(obj, hint)
            return Use('[%s]' % item.swift, '%s.decode(&r)' % name,
                       lambda v, w: '%s.encode(%s, into: &%s)' % (name, v, w),
                       lambda v: '%s.asn1Value(%s)' % (name, v), codec=name)
        return self.primitive_use(obj, what)

    def primitive_use(self, obj, what):
        t = obj.TYPE
        if t == 'INTEGER':
            c = obj._const_val
            if c is None or not c.root or c.lb is None or c.ub is None:
                raise SystemExit('unconstrained INTEGER %s is not supported by this generator' % obj._name)
            lb, ub, ext = c.lb, c.ub, c.ext is not None
            # An extensible INTEGER may carry any value outside its root (as an unconstrained
            # number), so it is held in a full Int rather than the root's smallest type.
            swift = 'Int' if ext and -(1 << 62) < lb and ub < (1 << 62) else int_swift_type(lb, ub)
            extension = ', extensible: true' if ext else ''
            asn1 = (lambda v: '.unsigned(UInt64(%s))' % v) if lb >= 0 and swift != 'Int' else (lambda v: '.integer(Int64(%s))' % v)
            return Use(swift, 'r.readInteger(%s.self, %d, %d%s, %s)' % (swift, lb, ub, extension, what),
                       lambda v, w: '%s.writeInteger(%s, %d, %d%s)' % (w, v, lb, ub, extension), asn1)
        if t == 'OCTET STRING':
            size = size_of(obj)
            if size and size[0] == size[1] and not size[2] and size[0] in (1, 2, 3, 4):
                n = size[0]
                swift = {1: 'UInt8', 2: 'UInt16', 3: 'UInt32', 4: 'UInt32'}[n]
                return Use(swift, '%s(truncatingIfNeeded: r.readFixedOctets(%d, %s))' % (swift, n, what),
                           lambda v, w: '%s.writeFixedOctets(UInt64(%s), count: %d)' % (w, v, n),
                           lambda v: '.octetString(APERValues.octets(UInt64(%s), count: %d))' % (v, n))
            return Use('[UInt8]', 'r.readOctetString(%s, %s)' % (size_expr(size), what),
                       lambda v, w: '%s.writeOctetString(%s, %s)' % (w, v, size_expr(size)),
                       lambda v: '.octetString(%s)' % v)
        if t == 'BIT STRING':
            size = size_of(obj)
            if size and size[0] == size[1] and not size[2] and size[0] <= 64:
                n = size[0]
                swift = 'UInt32' if n <= 32 else 'UInt64'
                return Use(swift, '%s(truncatingIfNeeded: r.readFixedBits(%d, %s))' % (swift, n, what),
                           lambda v, w: '%s.writeFixedBits(UInt64(%s), count: %d)' % (w, v, n),
                           lambda v: '.bitString(BitString(value: UInt64(%s), count: %d))' % (v, n))
            if size and size[0] == size[1] and not size[2] and size[0] % 8 == 0:
                n = size[0]
                return Use('[UInt8]', 'r.readBitString(APERSize.fixed(%d), %s).bytes' % (n, what),
                           lambda v, w: '%s.writeBitString(BitString(%s), APERSize.fixed(%d))' % (w, v, n),
                           lambda v: '.bitString(BitString(%s))' % v)
            return Use('BitString', 'r.readBitString(%s, %s)' % (size_expr(size), what),
                       lambda v, w: '%s.writeBitString(%s, %s)' % (w, v, size_expr(size)),
                       lambda v: '.bitString(%s)' % v)
        if t in ('PrintableString', 'VisibleString', 'IA5String', 'NumericString'):
            if getattr(obj, '_const_alpha', None) is not None:
                raise SystemExit('permitted alphabet on %s: extend the generator' % obj._name)
            alphabet = {'PrintableString': '.printable', 'VisibleString': '.visible', 'IA5String': '.ia5',
                        'NumericString': '.numeric'}[t]
            size = size_of(obj)
            return Use('String', 'r.readCharacterString(%s, alphabet: %s, %s)' % (size_expr(size), alphabet, what),
                       lambda v, w: '%s.writeCharacterString(%s, %s, alphabet: %s)' % (w, v, size_expr(size), alphabet),
                       lambda v: '.string(%s)' % v)
        if t == 'NULL':
            return Use('Void', '()', lambda v, w: '', lambda v: '.null')
        raise SystemExit('ASN.1 type %s (%s) is not supported by this generator' % (t, obj._name))

    # -- lists and containers ----------------------------------------------------------------

    def list_item(self, obj, name):
        """The item of a SEQUENCE OF: a plain item, or the value inside a ProtocolIE-SingleContainer."""
        item = obj._cont
        if ref_of(item) == ('S1AP-Containers', 'ProtocolIE-SingleContainer'):
            entries = table_entries(item._cont['value'])
            if len(entries) != 1:
                raise SystemExit('%s: single containers with %d possible IEs' % (name, len(entries)))
            return self.use(entries[0]['Value'], name + 'Item')
        return self.use(item, name + 'Item')

    def single_container(self, obj):
        item = obj._cont
        if ref_of(item) != ('S1AP-Containers', 'ProtocolIE-SingleContainer'):
            return None
        entry = table_entries(item._cont['value'])[0]
        return entry['id'], entry['criticality']

    def extension_ies(self, comp, owner):
        entries = table_entries(comp._cont._cont['extensionValue'])
        result = []
        for entry in entries:
            value = entry['Extension']
            ref = ref_of(value)
            hint = owner + 'Extension' + str(entry['id'])
            result.append((entry['id'], entry['criticality'], entry['presence'], self.use(value, hint), ref))
        self.ext_properties[owner] = result
        return result

    def message_ies(self, message_obj):
        container = message_obj._cont['protocolIEs']
        entries = table_entries(container._cont._cont['value'])
        result = []
        for entry in entries:
            value = entry['Value']
            ref = ref_of(value)
            if ref is None:
                raise SystemExit('anonymous IE value in %s' % message_obj._name)
            result.append((entry['id'], entry['criticality'], entry['presence'], self.use(value, type_name(ref[1])), ref))
        return result


def nesting_depth(messages):
    """How deep values nest below a message, through components, list items, alternatives and
    IE values; exits if the type graph has a cycle, since the decoders count on it having none
    (recursion in them is bounded by the schema, not by a counter)."""
    memo, path = {}, set()

    def key(obj):
        ref = ref_of(obj)
        return ref if ref is not None and ref[0] != 'S1AP-Containers' else id(obj)

    def children(obj):
        t = obj.TYPE
        if t in ('SEQUENCE', 'CHOICE'):
            return list(obj._cont.values())
        if t == 'SEQUENCE OF':
            return [obj._cont]
        if t == 'OPEN_TYPE':
            return [entry[k] for entry in table_entries(obj) for k in ('Value', 'Extension') if k in entry]
        return []

    def depth(obj):
        k = key(obj)
        if k in memo:
            return memo[k]
        if k in path:
            raise SystemExit('the S1AP type graph has a cycle through %s' % (k,))
        path.add(k)
        result = 1 + max([depth(child) for child in children(obj)] or [0])
        path.discard(k)
        memo[k] = result
        return result

    return max(depth(obj) for _, _, _, obj in messages)


def main():
    gen = Generator()
    descriptions = GLOBAL.MOD['S1AP-PDU-Descriptions']['S1AP-ELEMENTARY-PROCEDURES']
    procedures = {}
    for proc in list(descriptions._val.root) + list(descriptions._val.ext or []):
        procedures[proc['procedureCode']] = proc
    messages = []   # (code, kind, asn name, obj)
    for code in PROCEDURES:
        proc = procedures[code]
        for kind in ('InitiatingMessage', 'SuccessfulOutcome', 'UnsuccessfulOutcome'):
            msg = proc.get(kind)
            if msg is not None:
                ref = ref_of(msg)
                messages.append((code, kind, ref[1], definition(ref)))
    for ref in ALWAYS:
        gen.named_use(ref)
    message_ies = {}
    for code, kind, name, obj in messages:
        message_ies[name] = gen.message_ies(obj)
    print('no cycles; values nest at most %d ASN.1 levels deep' % nesting_depth(messages))

    from emit import Emitter  # noqa: E402  (kept in its own file to keep both readable)
    Emitter(gen, procedures, messages, message_ies, MESSAGE_GROUPS, PROPERTY_RENAMES, OUT).emit_all()


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(__file__))
    main()
