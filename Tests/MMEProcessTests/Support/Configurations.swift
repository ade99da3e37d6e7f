/// The subscriber and the YAML files of the processes under test, on the lab's addresses:
/// eNB 10.10.0.2 — 10.10.0.1 MME 10.20.0.1 — 10.20.0.2 HSS and SGW, 10.20.0.3 a second SGW (core namespace).
enum LabPlan {
    static let enbAddress = "10.10.0.2"
    static let mmeS1Address = "10.10.0.1"
    static let mmeCoreAddress = "10.20.0.1"
    static let coreAddress = "10.20.0.2"
    static let secondSGWAddress = "10.20.0.3"

    // TS 35.208 test set 1's K and OPc, so that the vectors can be checked by hand too.
    static let imsi = "001010000000001"
    static let secondIMSI = "001010000000002"
    static let k = "465b5ce8b199b49faa5f0a2ee238a6bc"
    static let opc = "cd63cb71954a9f4e48a5994e37a02baf"

    /// - Parameter s6aTransport: `tcp` or `sctp`, the one transport S6a is served on.
    static func hss(store: String, s6aTransport: String = "tcp") -> String {
        """
        diameter: {originHost: hss.vcore.test, originRealm: vcore.test, bind: \(coreAddress), port: 3868, transports: [\(s6aTransport)]}
        sctp: {backend: auto}
        network: {homePLMNs: [{mcc: "001", mnc: "01"}]}
        store: {path: \(store)}
        provisioning: {bind: 127.0.0.1, port: 8082}
        observability: {bind: 127.0.0.1, port: 9091}
        """
    }

    /// - Parameter s6aTiming: `requestTimeout` and `retries` of S6a, when a test wants them short.
    static func mme(recoveryFile: String, s6aTiming: (timeout: Double, retries: Int)? = nil, s6aTransport: String = "tcp") -> String {
        let timing = s6aTiming.map { ", requestTimeout: \($0.timeout), retries: \($0.retries)" } ?? ""
        return """
        name: vcore-test-mme
        plmns: [{mcc: "001", mnc: "01", tacs: [1, 2]}]
        mmeGroupID: 32769
        mmeCode: 1
        security: {integrity: [EIA2], ciphering: [EEA2, EEA0]}
        s1ap: {bind: [\(mmeS1Address)]}
        s11: {address: \(mmeCoreAddress)}
        s6a: {hss: hss.vcore.test, originHost: mme.vcore.test, originRealm: vcore.test, destinationRealm: vcore.test\(timing), transport: \(s6aTransport)}
        sgw: {name: sgw.vcore.test}
        pgw: {name: pgw.vcore.test}
        sctp: {backend: auto}
        observability: {bind: 127.0.0.1, port: 9090}
        discovery: {refreshSeconds: 1}
        recoveryCounterFile: \(recoveryFile)
        logLevel: debug
        """
    }
}
