#!/usr/bin/env python3
"""Prints the RRC containers (TS 36.331, UPER) that Sources/S1AP/Samples embed, encoded by pycrate.

S1AP carries some RRC messages as octet strings (UERadioCapability, the RRC-Container inside the
handover transparent containers); tshark decodes them, so the samples need valid ones. Run this
and paste the output into Sources/S1AP/Samples/S1APSamples.swift if they ever need to change.
"""
import sys

sys.dont_write_bytecode = True

from pycrate_asn1dir import RRCLTE  # noqa: E402,F401
from pycrate_asn1rt.glob import GLOBAL  # noqa: E402

M = GLOBAL.MOD['EUTRA-RRC-Definitions']
N = GLOBAL.MOD['EUTRA-InterNodeDefinitions']


def uper(obj, value):
    obj.set_val(value)
    return obj.to_uper()


# A category 4 Release 8 UE, FDD bands 3, 7 and 20.
capability = uper(M['UE-EUTRA-Capability'], {
    'accessStratumRelease': 'rel8',
    'ue-Category': 4,
    'pdcp-Parameters': {'supportedROHC-Profiles': {
        'profile0x0001-r15': False, 'profile0x0002-r15': False, 'profile0x0003-r15': False,
        'profile0x0004-r15': False,
        'profile0x0006-r15': False, 'profile0x0101-r15': False, 'profile0x0102-r15': False, 'profile0x0103-r15': False,
        'profile0x0104-r15': False}},
    'phyLayerParameters': {'ue-TxAntennaSelectionSupported': False, 'ue-SpecificRefSigsSupported': False},
    'rf-Parameters': {'supportedBandListEUTRA': [
        {'bandEUTRA': 3, 'halfDuplex': False}, {'bandEUTRA': 7, 'halfDuplex': False},
        {'bandEUTRA': 20, 'halfDuplex': False}]},
    'measParameters': {'bandListEUTRA': [
        {'interFreqBandList': [{'interFreqNeedForGaps': True}] * 3},
        {'interFreqBandList': [{'interFreqNeedForGaps': True}] * 3},
        {'interFreqBandList': [{'interFreqNeedForGaps': True}] * 3}]},
    'interRAT-Parameters': {},
})
containers = [{'rat-Type': 'eutra', 'ueCapabilityRAT-Container': capability}]

ue_capability_information = uper(M['UECapabilityInformation'], {
    'rrc-TransactionIdentifier': 0,
    'criticalExtensions': ('c1', ('ueCapabilityInformation-r8', {'ue-CapabilityRAT-ContainerList': containers}))})
ue_radio_capability = uper(N['UERadioAccessCapabilityInformation'], {
    'criticalExtensions': ('c1', ('ueRadioAccessCapabilityInformation-r8',
                                  {'ue-RadioAccessCapabilityInfo': ue_capability_information}))})
handover_preparation = uper(N['HandoverPreparationInformation'], {
    'criticalExtensions': ('c1', ('handoverPreparationInformation-r8', {'ue-RadioAccessCapabilityInfo': containers}))})
reconfiguration = uper(M['DL-DCCH-Message'], {
    'message': ('c1', ('rrcConnectionReconfiguration', {
        'rrc-TransactionIdentifier': 1,
        'criticalExtensions': ('c1', ('rrcConnectionReconfiguration-r8', {}))}))})
handover_command = uper(N['HandoverCommand'], {
    'criticalExtensions': ('c1', ('handoverCommand-r8', {'handoverCommandMessage': reconfiguration}))})

print('UERadioAccessCapabilityInformation', ue_radio_capability.hex())
print('HandoverPreparationInformation', handover_preparation.hex())
print('HandoverCommand', handover_command.hex())
