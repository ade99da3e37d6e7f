import Foundation
import NIOCore
import Wire
@testable import NAS

/// Our decoding of a NAS PDU in the flat form `pycrate/nas_crosscheck.py` prints for pycrate's:
/// keys are pycrate's IE names, values canonical text (see `canonical()` in the script).
enum PycrateSummary {
    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func hex(_ buffer: ByteBuffer) -> String { hex(buffer.readableBytesView) }

    static func caseName(_ value: Any) -> String { String(String(describing: value).prefix { $0 != "(" }) }

    static func name(of pdu: NASPDU) -> String {
        switch pdu {
        case .plain(.emm(let message)): caseName(message)
        case .plain(.esm(let message)): caseName(message)
        case .protected: "protected"
        case .serviceRequest: "serviceRequest"
        }
    }

    static func fields(_ pdu: NASPDU) -> [String: String] {
        var fields = [String: String]()
        switch pdu {
        case .plain(let message):
            summarize(message, into: &fields, prefix: "")
        case .protected(let envelope):
            fields["security_header_type"] = String(envelope.headerType.rawValue)
            fields["mac"] = String(format: "%08x", envelope.mac)
            fields["sequence_number"] = String(envelope.sequenceNumber)
            if let inner = try? envelope.decodeInner() { summarize(inner, into: &fields, prefix: "inner.") }
        case .serviceRequest(let request):
            fields["security_header_type"] = String(request.headerType.rawValue)
            fields["ksi"] = String(request.keySetIdentifier)
            fields["sequence_number"] = String(request.sequenceNumber)
            fields["short_mac"] = String(format: "%04x", request.shortMAC)
        }
        return fields
    }

    // MARK: canonical values

    static func plmn(_ plmn: PLMN) -> String { plmn.mcc + plmn.mnc }

    static func identity(_ identity: EPSMobileIdentity) -> String {
        switch identity.kind {
        case .imsi: "imsi:" + (identity.imsi?.digits ?? "?")
        case .imei: "imei:" + (identity.imei?.digits ?? "?")
        case .guti:
            identity.guti.map { "guti:\(plmn($0.plmn)):\($0.mmeGroupID):\($0.mmeCode):\($0.mTMSI)" } ?? "guti:?"
        }
    }

    static func identity(_ identity: MobileIdentity) -> String {
        switch identity.kind {
        case .imsi: "imsi:" + (identity.imsi?.digits ?? "?")
        case .imei: "imei:" + (identity.imei?.digits ?? "?")
        case .imeisv: "imeisv:" + (identity.imei?.digits ?? "?")
        case .tmsi: "tmsi:" + String(identity.tmsi ?? 0)
        case .noIdentity: "none:None"
        case .tmgi: "5:" + identity.octets.hex
        }
    }

    static func tais(_ list: TrackingAreaIdentityList) -> String {
        Set(list.tais.map { "\(plmn($0.plmn)):\($0.tac)" }).sorted().joined(separator: ",")
    }

    static func capability(_ eea: AlgorithmSupport, _ eia: AlgorithmSupport, _ length: Int) -> String {
        "eea=\(eea.rawValue),eia=\(eia.rawValue),len=\(length)"
    }

    static func qos(_ qos: EPSQualityOfService) -> String { "qci=\(qos.qci),rates=" + hex(qos.octets.dropFirst()) }
    static func pdnAddress(_ address: PDNAddress) -> String { "type=\(address.pdnType.value),addr=" + hex(address.octets.dropFirst()) }

    static func pco(_ pco: ProtocolConfigurationOptions) -> String {
        "prot=\(pco.header & 0x07),ids=" + pco.containers.map { String(format: "%04x", $0.id.rawValue) }.joined(separator: ".")
    }

    static func tft(_ tft: NASTrafficFlowTemplate) -> String {
        let template = tft.template
        let count = template.operation == .deletePacketFilters ? template.deletedFilterIDs.count : template.packetFilters.count
        return "op=\(template.operation.rawValue),filters=\(count)"
    }

    static func optionalList(_ ies: NASOptionalIEs) -> String {
        ies.map { ie in String(format: "%02x=", ie.iei) + hex(ie.value) }.joined(separator: ",")
    }

    // MARK: messages

    /// Flattens `message` the way the script flattens pycrate's decoding of it.
    static func summarize(_ message: NASMessage, into fields: inout [String: String], prefix: String) {
        var add = Adder(prefix: prefix)
        switch message {
        case .emm(let emm):
            add["type"] = String(emm.messageType.rawValue)
            emmFields(emm, &add)
        case .esm(let esm):
            esmFields(esm, &add)
        }
        for (key, value) in add.fields { fields[key] = value }
        for (key, inner) in add.containers {
            if let inner { summarize(.esm(inner), into: &fields, prefix: prefix + key + ".") }
        }
    }

    struct Adder {
        let prefix: String
        var fields = [String: String]()
        var containers = [(String, ESMMessage?)]()

        subscript(key: String) -> String? {
            get { fields[prefix + key] }
            set { fields[prefix + key] = newValue }
        }

        mutating func optional(_ ies: NASOptionalIEs) { self["optional"] = PycrateSummary.optionalList(ies) }
        mutating func container(_ container: ESMMessageContainer?) {
            if let container { containers.append(("ESMContainer", container.message)) }
        }
        mutating func byte(_ key: String, _ value: UInt8?) { if let value { self[key] = String(value) } }
    }

    static func emmFields(_ message: EMMMessage, _ add: inout Adder) {
        switch message {
        case .attachRequest(let m):
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            add.byte("EPSAttachType", m.attachType.rawValue)
            add["EPSID"] = identity(m.epsMobileIdentity)
            add["UENetCap"] = capability(m.ueNetworkCapability.eea, m.ueNetworkCapability.eia, m.ueNetworkCapability.bytes.readableBytes)
            add.container(m.esmMessageContainer)
            add["DRXParam"] = m.drxParameter.map { String(format: "%04x", $0.rawValue) }
            add["MSNetCap"] = m.msNetworkCapability.map { hex($0.bytes) }
            add.byte("TMSIStatus", m.tmsiStatus?.rawValue)
            add.byte("VoiceDomPref", m.voiceDomainPreference?.rawValue)
            add.optional(m.optionalIEs)
        case .attachAccept(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("EPSAttachResult", m.attachResult.rawValue)
            add.byte("T3412", m.t3412.rawValue)
            add["TAIList"] = tais(m.taiList)
            add.container(m.esmMessageContainer)
            add["GUTI"] = m.guti.map(identity)
            add.byte("T3402", m.t3402?.rawValue)
            add["EPSNetFeat"] = m.epsNetworkFeatureSupport.map { feature in
                feature.bytes.readableBytes == 1 ? String(feature.bytes.getInteger(at: feature.bytes.readerIndex, as: UInt8.self) ?? 0)
                                                 : hex(feature.bytes)
            }
            add.optional(m.optionalIEs)
        case .attachComplete(let m):
            add.container(m.esmMessageContainer)
            add.optional(m.optionalIEs)
        case .attachReject(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add.container(m.esmMessageContainer)
            add.optional(m.optionalIEs)
        case .ueOriginatingDetachRequest(let m):
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            add.byte("EPSDetachType", m.detachType.rawValue)
            add["EPSID"] = identity(m.epsMobileIdentity)
            add.optional(m.optionalIEs)
        case .ueTerminatedDetachRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("EPSDetachType", m.detachType.rawValue)
            add.byte("EMMCause", m.emmCause?.rawValue)
            add.optional(m.optionalIEs)
        case .detachAccept(let m):
            add.optional(m.optionalIEs)
        case .trackingAreaUpdateRequest(let m):
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            add.byte("EPSUpdateType", m.updateType.rawValue)
            add["OldGUTI"] = identity(m.oldGUTI)
            add["EPSBearerCtxtStat"] = m.epsBearerContextStatus.map { String(format: "%04x", $0.rawValue) }
            add.optional(m.optionalIEs)
        case .trackingAreaUpdateAccept(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("EPSUpdateResult", m.updateResult.rawValue)
            add.byte("T3412", m.t3412?.rawValue)
            add["GUTI"] = m.guti.map(identity)
            add["TAIList"] = m.taiList.map(tais)
            add["EPSBearerCtxtStat"] = m.epsBearerContextStatus.map { String(format: "%04x", $0.rawValue) }
            add.optional(m.optionalIEs)
        case .trackingAreaUpdateComplete(let m):
            add.optional(m.optionalIEs)
        case .trackingAreaUpdateReject(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add.optional(m.optionalIEs)
        case .extendedServiceRequest(let m):
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            add.byte("ServiceType", m.serviceType.rawValue)
            add["MTMSI"] = identity(m.mTMSI)
            add["EPSBearerCtxtStat"] = m.epsBearerContextStatus.map { String(format: "%04x", $0.rawValue) }
            add.optional(m.optionalIEs)
        case .serviceReject(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add.byte("T3442", m.t3442?.rawValue)
            add.optional(m.optionalIEs)
        case .gutiReallocationCommand(let m):
            add["GUTI"] = identity(m.guti)
            add["TAIList"] = m.taiList.map(tais)
            add.optional(m.optionalIEs)
        case .gutiReallocationComplete(let m):
            add.optional(m.optionalIEs)
        case .authenticationRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            add["RAND"] = m.rand.hex
            add["AUTN"] = m.autn.hex
            add.optional(m.optionalIEs)
        case .authenticationResponse(let m):
            add["RES"] = m.res.hex
            add.optional(m.optionalIEs)
        case .authenticationReject(let m):
            add.optional(m.optionalIEs)
        case .authenticationFailure(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add["AUTS"] = m.auts?.hex
            add.optional(m.optionalIEs)
        case .identityRequest(let m):
            add.byte("spare", m.spareHalfOctet)
            add.byte("IDType", m.identityType.rawValue)
            add.optional(m.optionalIEs)
        case .identityResponse(let m):
            add["ID"] = identity(m.mobileIdentity)
            add.optional(m.optionalIEs)
        case .securityModeCommand(let m):
            add["NASSecAlgo"] = "eea=\(m.selectedAlgorithms.ciphering.rawValue),eia=\(m.selectedAlgorithms.integrity.rawValue)"
            add.byte("spare", m.spareHalfOctet)
            add.byte("NAS_KSI", m.nasKeySetIdentifier.rawValue)
            let capability = m.replayedUESecurityCapability
            add["UESecCap"] = PycrateSummary.capability(capability.eea, capability.eia, capability.octets.count)
            add.byte("IMEISVReq", m.imeisvRequest?.rawValue)
            add.optional(m.optionalIEs)
        case .securityModeComplete(let m):
            add["IMEISV"] = m.imeisv.map(identity)
            add.optional(m.optionalIEs)
        case .securityModeReject(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add.optional(m.optionalIEs)
        case .emmStatus(let m):
            add.byte("EMMCause", m.emmCause.rawValue)
            add.optional(m.optionalIEs)
        case .emmInformation(let m):
            add["NetFullName"] = m.fullNetworkName?.text
            add["NetShortName"] = m.shortNetworkName?.text
            add.byte("LocalTimeZone", m.localTimeZone?.rawValue)
            add["UnivTimeAndTimeZone"] = m.universalTimeAndLocalTimeZone?.octets.hex
            add.byte("DLSavingTime", m.networkDaylightSavingTime?.rawValue)
            add.optional(m.optionalIEs)
        case .downlinkNASTransport(let m):
            add["NASContainer"] = hex(m.nasMessageContainer)
            add.optional(m.optionalIEs)
        case .uplinkNASTransport(let m):
            add["NASContainer"] = hex(m.nasMessageContainer)
            add.optional(m.optionalIEs)
        }
    }
}
