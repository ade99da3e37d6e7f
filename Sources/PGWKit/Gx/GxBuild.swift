import Diameter
import GTPv2C
import NIOCore
import Wire

/// The Gx messages the PGW (PCEF) sends the PCRF (TS 29.212 5.6).
enum GxBuild {
    enum RequestType: Int32 {
        case initial = 1, update = 2, termination = 3
    }

    /// CCR-I/U/T for a session; `report` adds a Charging-Rule-Report for rules that failed.
    static func creditControlRequest(_ type: RequestType, session: PGWSession, settings: GxSettings, identifier: UInt32,
                                     failedRules: [String] = []) -> DiameterMessage {
        let header = DiameterHeader(flags: [.request, .proxiable], commandCode: 272, applicationID: DiameterApplication.gx.rawValue,
                                    hopByHop: identifier, endToEnd: identifier)
        var request = DiameterMessage(header: header)
        request.append(AVP(.sessionId, session.gxSessionID ?? ""))
        request.append(AVP(.authApplicationId, unsigned32: DiameterApplication.gx.rawValue))
        request.append(AVP(.originHost, settings.originHost))
        request.append(AVP(.originRealm, settings.originRealm))
        request.append(AVP(.destinationRealm, settings.destinationRealm))
        if let host = settings.destinationHost { request.append(AVP(.destinationHost, host)) }
        request.append(AVP(.ccRequestType, enumerated: type.rawValue))
        request.append(AVP(.ccRequestNumber, unsigned32: session.gxRequestNumber))
        switch type {
        case .initial:
            if let imsi = session.imsi {
                request.append(AVP(.subscriptionId, [AVP(.subscriptionIdType, enumerated: 1), AVP(.subscriptionIdData, imsi.digits)]))
            }
            request.append(AVP(.framedIPAddress, octets: session.ueAddress.octets))
            request.append(AVP(.ipCANType, enumerated: 5))
            if let ratType = ratType(session.ratType) { request.append(AVP(.ratType, enumerated: ratType)) }
            request.append(AVP(.calledStationId, session.apn))
            if let ambr = session.apnAMBR {
                request.append(AVP(.qosInformation, [
                    AVP(.apnAggregateMaxBitrateUL, unsigned32: ambr.uplink.multipliedReportingOverflow(by: 1000).overflow ? .max : ambr.uplink * 1000),
                    AVP(.apnAggregateMaxBitrateDL, unsigned32: ambr.downlink.multipliedReportingOverflow(by: 1000).overflow ? .max : ambr.downlink * 1000),
                ]))
            }
            if let qos = session.bearers[session.defaultEBI]?.qos {
                request.append(AVP(.defaultEPSBearerQoS, [AVP(.qosClassIdentifier, enumerated: Int32(qos.qci)), arp(qos.arp)]))
            }
        case .update:
            for name in failedRules {
                // PCC-Rule-Status INACTIVE, Rule-Failure-Code RESOURCE_ALLOCATION_FAILURE (TS 29.212 5.3.38).
                request.append(AVP(.chargingRuleReport, [AVP(.chargingRuleName, octets: ByteBuffer(string: name)),
                                                         AVP(.pccRuleStatus, enumerated: 1), AVP(.ruleFailureCode, enumerated: 10)]))
            }
        case .termination:
            request.append(AVP(.terminationCause, enumerated: 1))
        }
        return request
    }

    /// The RAT-Type (TS 29.212 5.3.31) of a GTPv2 RAT Type (TS 29.274 8.17): EUTRAN when the
    /// Create Session Request had none; nil (no RAT-Type AVP, it is optional) for a RAT Diameter
    /// has no value for, such as the satellite E-UTRAN variants.
    static func ratType(_ rat: RATType?) -> Int32? {
        switch rat ?? .eutran {
        case .wlan: 0
        case .virtual: 1
        case .utran: 1000
        case .geran: 1001
        case .gan: 1002
        case .hspaEvolution: 1003
        case .eutran: 1004
        case .eutranNBIoT: 1005
        case .nr: 1006
        case .lteM: 1007
        default: nil
        }
    }

    static func arp(_ arp: AllocationRetentionPriority) -> AVP {
        // Pre-emption capability and vulnerability: 0 = ENABLED, 1 = DISABLED.
        AVP(.allocationRetentionPriority, [AVP(.priorityLevel, unsigned32: UInt32(arp.priorityLevel)),
                                           AVP(.preEmptionCapability, enumerated: arp.mayPreempt ? 0 : 1),
                                           AVP(.preEmptionVulnerability, enumerated: arp.preemptable ? 0 : 1)])
    }

    /// RAA with a Result-Code.
    static func reAuthAnswer(to request: DiameterMessage, resultCode: UInt32, settings: GxSettings) -> DiameterMessage {
        var answer = DiameterMessage(header: request.header.answerHeader(error: resultCode >= 3000 && resultCode < 4000))
        if let session = request.sessionID { answer.append(AVP(.sessionId, session)) }
        answer.append(AVP(.originHost, settings.originHost))
        answer.append(AVP(.originRealm, settings.originRealm))
        answer.append(AVP(.resultCode, unsigned32: resultCode))
        return answer
    }
}

/// Reading PCC rules (Charging-Rule-Definition, TS 29.212 5.3.4) into policy rules.
enum GxRules {
    static func child(_ avp: AVP, _ definition: AVPDefinition) -> AVP? { avp.value.children?.first { $0.isA(definition) } }
    static func children(_ avp: AVP, _ definition: AVPDefinition) -> [AVP] { avp.value.children?.filter { $0.isA(definition) } ?? [] }

    static func name(_ avp: AVP) -> String? {
        avp.value.octets.map { String(buffer: $0) } ?? avp.value.text
    }

    /// The rule a definition describes; nil when it lacks a name, a QoS or flows this PGW reads.
    static func rule(_ definition: AVP) -> (name: String?, rule: PolicyRule?) {
        guard let name = child(definition, .chargingRuleName).flatMap(name) else { return (nil, nil) }
        guard let qosInformation = child(definition, .qosInformation),
              let qci = child(qosInformation, .qosClassIdentifier)?.value.unsigned32, qci <= 255 else { return (name, nil) }
        let arpAVP = child(qosInformation, .allocationRetentionPriority)
        let arp = AllocationRetentionPriority(
            priorityLevel: UInt8(min(arpAVP.flatMap { child($0, .priorityLevel)?.value.unsigned32 } ?? 9, 15)),
            mayPreempt: (arpAVP.flatMap { child($0, .preEmptionCapability)?.value.unsigned32 } ?? 1) == 0,
            preemptable: (arpAVP.flatMap { child($0, .preEmptionVulnerability)?.value.unsigned32 } ?? 0) == 0)
        func kbps(_ definition: AVPDefinition) -> UInt64 { UInt64(child(qosInformation, definition)?.value.unsigned32 ?? 0) / 1000 }
        let qos = BearerQoS(qci: UInt8(qci), arp: arp,
                            maximumBitRateUplink: kbps(.maxRequestedBandwidthUL), maximumBitRateDownlink: kbps(.maxRequestedBandwidthDL),
                            guaranteedBitRateUplink: kbps(.guaranteedBitrateUL), guaranteedBitRateDownlink: kbps(.guaranteedBitrateDL))
        let precedence = UInt8(min(child(definition, .precedence)?.value.unsigned32 ?? 1, 255))
        var filters: [PacketFilter] = []
        for (index, flow) in children(definition, .flowInformation).prefix(15).enumerated() {
            guard let text = child(flow, .flowDescription)?.value.text,
                  let components = try? IPFilterRule.components(text), !components.isEmpty else { return (name, nil) }
            let direction: PacketFilter.Direction
            switch child(flow, .flowDirection)?.value.unsigned32 {
            case 1?: direction = .downlink
            case 2?: direction = .uplink
            default: direction = .bidirectional
            }
            filters.append(PacketFilter(direction: direction, id: UInt8(index + 1), precedence: precedence, components: components))
        }
        guard !filters.isEmpty else { return (name, nil) }
        return (name, PolicyRule(name: name, qos: qos, packetFilters: filters))
    }
}
