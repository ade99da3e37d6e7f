import MobileCrypto
import Wire

/// The configuration as the state machine uses it: typed, defaults filled in, checked.
public struct MMESettings: Sendable {
    public var name: String
    /// The served PLMNs; the first one is the PLMN of the GUMMEI and of the GUTIs handed out.
    public var plmns: [PLMN]
    /// Every served tracking area.
    public var trackingAreas: [TAI]
    public var mmeGroupID: UInt16
    public var mmeCode: UInt8
    public var relativeCapacity: UInt8
    public var integrityPreference: [IntegrityAlgorithm]
    public var cipheringPreference: [CipheringAlgorithm]
    public var s11Address: IPAddress
    public var sgwName: String
    public var sgwPort: UInt16
    public var pgwName: String
    public var originHost: String
    public var originRealm: String
    public var destinationRealm: String
    public var destinationHost: String?
    public var s6aTimeout: Duration
    public var s6aRetries: Int
    /// Periodic TAU timer in seconds.
    public var t3412: Int
    public var t3450: Duration
    public var t3460: Duration
    public var t3470: Duration
    public var t3422: Duration
    public var t3489: Duration
    public var t3413: Duration
    public var pagingAttempts: Int
    public var s11Timeout: Duration
    public var s11Retries: Int
    public var networkName: String?

    /// A NAS message is sent this many times in all before its procedure is aborted: the first
    /// transmission and four retransmissions (TS 24.301 5.4.2.7, 5.4.3.7, 5.5.1.2.7, 5.5.2.3.4).
    public static let nasTransmissions = 5

    /// The served tracking areas of one PLMN, in configuration order.
    func trackingAreas(of plmn: PLMN) -> [TAI] { trackingAreas.filter { $0.plmn == plmn } }

    func serves(_ tai: TAI) -> Bool { trackingAreas.contains(tai) }
}

extension MMEConfiguration {
    /// Checks every value and names the first wrong one.
    public func check() throws(MMEConfigurationError) {
        _ = try resolved()
    }

    /// The typed settings, or the first field that is wrong.
    public func resolved() throws(MMEConfigurationError) -> MMESettings {
        guard !name.isEmpty, name.utf8.count <= 150 else { throw fail("name", "must be 1 to 150 characters") }
        guard !plmns.isEmpty else { throw fail("plmns", "must list at least one PLMN") }
        var served: [PLMN] = []
        var areas: [TAI] = []
        for (index, entry) in plmns.enumerated() {
            guard let plmn = PLMN(mcc: entry.mcc, mnc: entry.mnc) else {
                throw fail("plmns[\(index)]", "MCC \"\(entry.mcc)\" / MNC \"\(entry.mnc)\" is not a PLMN (3 digits / 2 or 3 digits)")
            }
            guard !served.contains(plmn) else { throw fail("plmns[\(index)]", "\(plmn) is listed twice") }
            guard !entry.tacs.isEmpty else { throw fail("plmns[\(index)].tacs", "must list at least one TAC") }
            for (position, tac) in entry.tacs.enumerated() {
                guard let code = UInt16(exactly: tac) else {
                    throw fail("plmns[\(index)].tacs[\(position)]", "\(tac) is not a TAC (0-65535)")
                }
                areas.append(TAI(plmn: plmn, tac: code))
            }
            served.append(plmn)
        }
        guard let group = UInt16(exactly: mmeGroupID) else { throw fail("mmeGroupID", "\(mmeGroupID) is outside 0...65535") }
        guard let code = UInt8(exactly: mmeCode) else { throw fail("mmeCode", "\(mmeCode) is outside 0...255") }
        let capacity = relativeCapacity ?? 127
        guard let relative = UInt8(exactly: capacity) else { throw fail("relativeCapacity", "\(capacity) is outside 0...255") }
        let integrity = try algorithms(security?.integrity ?? ["EIA2", "EIA1", "EIA3"], prefix: "EIA", field: "security.integrity")
            .map { IntegrityAlgorithm(rawValue: $0)! }
        let ciphering = try algorithms(security?.ciphering ?? ["EEA0", "EEA2", "EEA1", "EEA3"], prefix: "EEA",
                                       field: "security.ciphering").map { CipheringAlgorithm(rawValue: $0)! }
        guard !s1ap.bind.isEmpty else { throw fail("s1ap.bind", "must list at least one address") }
        for (index, address) in s1ap.bind.enumerated() where IPAddress(address) == nil {
            throw fail("s1ap.bind[\(index)]", "\"\(address)\" is not an IP address")
        }
        _ = try port(s1ap.port ?? 36412, "s1ap.port")
        guard let s11Address = IPAddress(s11.address) else { throw fail("s11.address", "\"\(s11.address)\" is not an IP address") }
        _ = try port(s11.port ?? 2123, "s11.port")
        try hostName(s6a.hss, "s6a.hss")
        try hostName(s6a.originHost, "s6a.originHost")
        try hostName(s6a.originRealm, "s6a.originRealm")
        try hostName(s6a.destinationRealm, "s6a.destinationRealm")
        if let host = s6a.destinationHost { try hostName(host, "s6a.destinationHost") }
        let s6aTimeout = try seconds(s6a.requestTimeout ?? 3, "s6a.requestTimeout")
        let s6aRetries = try count(s6a.retries ?? 2, "s6a.retries")
        guard ["tcp", "sctp"].contains(s6a.transport ?? "tcp") else {
            throw fail("s6a.transport", "\"\(s6a.transport ?? "")\" is not tcp or sctp")
        }
        _ = try port(s6a.port ?? 3868, "s6a.port")
        try hostName(sgw.name, "sgw.name")
        let sgwPort = try port(sgw.port ?? 2123, "sgw.port")
        try hostName(pgw.name, "pgw.name")
        _ = try port(pgw.port ?? 2123, "pgw.port")
        let timers = self.timers ?? Timers()
        let t3412 = timers.t3412 ?? 3240
        guard (0...(31 * 360)).contains(t3412) else { throw fail("timers.t3412", "\(t3412) is outside 0...11160 seconds") }
        if let networkName, networkName.isEmpty || networkName.utf8.count > 100 {
            throw fail("networkName", "must be 1 to 100 characters")
        }
        return MMESettings(
            name: name, plmns: served, trackingAreas: areas, mmeGroupID: group, mmeCode: code, relativeCapacity: relative,
            integrityPreference: integrity, cipheringPreference: ciphering, s11Address: s11Address,
            sgwName: sgw.name, sgwPort: sgwPort, pgwName: pgw.name,
            originHost: s6a.originHost, originRealm: s6a.originRealm, destinationRealm: s6a.destinationRealm,
            destinationHost: s6a.destinationHost, s6aTimeout: s6aTimeout, s6aRetries: s6aRetries, t3412: t3412,
            t3450: try seconds(timers.t3450 ?? 6, "timers.t3450"), t3460: try seconds(timers.t3460 ?? 6, "timers.t3460"),
            t3470: try seconds(timers.t3470 ?? 6, "timers.t3470"), t3422: try seconds(timers.t3422 ?? 6, "timers.t3422"),
            t3489: try seconds(timers.t3489 ?? 4, "timers.t3489"), t3413: try seconds(timers.t3413 ?? 2, "timers.t3413"),
            pagingAttempts: max(1, try count(timers.pagingAttempts ?? 2, "timers.pagingAttempts")),
            s11Timeout: try seconds(timers.s11ResponseTimeout ?? 3, "timers.s11ResponseTimeout"),
            s11Retries: try count(timers.s11Retries ?? 2, "timers.s11Retries"), networkName: networkName)
    }

    private func fail(_ field: String, _ problem: String) -> MMEConfigurationError {
        MMEConfigurationError(field: field, problem: problem)
    }

    /// Algorithm names ("EIA2") as their numbers, checked for spelling and repeats.
    private func algorithms(_ names: [String], prefix: String, field: String) throws(MMEConfigurationError) -> [UInt8] {
        guard !names.isEmpty else { throw fail(field, "must list at least one algorithm") }
        var numbers: [UInt8] = []
        for (index, name) in names.enumerated() {
            let upper = name.uppercased()
            guard upper.hasPrefix(prefix), let number = UInt8(upper.dropFirst(prefix.count)), number <= 3 else {
                throw fail("\(field)[\(index)]", "\"\(name)\" is not one of \(prefix)0, \(prefix)1, \(prefix)2, \(prefix)3")
            }
            guard !numbers.contains(number) else { throw fail("\(field)[\(index)]", "\(name) is listed twice") }
            numbers.append(number)
        }
        return numbers
    }

    private func port(_ value: Int, _ field: String) throws(MMEConfigurationError) -> UInt16 {
        guard value >= 1, let port = UInt16(exactly: value) else { throw fail(field, "\(value) is not a port (1-65535)") }
        return port
    }

    private func seconds(_ value: Double, _ field: String) throws(MMEConfigurationError) -> Duration {
        guard value.isFinite, value > 0, value <= 3600 else { throw fail(field, "\(value) is outside 0 (excluded) to 3600 seconds") }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    private func count(_ value: Int, _ field: String) throws(MMEConfigurationError) -> Int {
        guard (0...10).contains(value) else { throw fail(field, "\(value) is outside 0...10") }
        return value
    }

    /// A DNS name: labels of letters, digits and hyphens (the rule NFKit's `Check.hostName` applies).
    private func hostName(_ value: String, _ field: String) throws(MMEConfigurationError) {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !value.isEmpty && value.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else { throw fail(field, "\"\(value)\" is not a host name") }
    }
}
