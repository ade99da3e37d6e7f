@testable import SCTP
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAreValid() throws {
        try SCTPConfiguration().validate()
    }

    @Test(arguments: [("auto", SCTPConfiguration.Backend.auto), ("kernel", .kernel),
                      ("usrsctp-raw", .usrsctpRaw), ("usrsctp-udp", .usrsctpUDP)])
    func backendValuesParse(text: String, backend: SCTPConfiguration.Backend) throws {
        #expect(try SCTPConfiguration.Backend(configValue: text) == backend)
    }

    @Test func unknownBackendNamesTheFieldAndTheChoices() {
        #expect(throws: SCTPConfigurationError(field: "sctp.backend",
                                               reason: "unknown value 'usrsctp' (expected auto | kernel | usrsctp-raw | usrsctp-udp)")) {
            try SCTPConfiguration.Backend(configValue: "usrsctp")
        }
    }

    /// Each bad value is reported with the field that holds it.
    @Test(arguments: [
        ("sctp.udpEncapsulationPort", { @Sendable (c: inout SCTPConfiguration) in c.udpEncapsulationPort = 0 }),
        ("sctp.outboundStreams", { @Sendable (c: inout SCTPConfiguration) in c.outboundStreams = 0 }),
        ("sctp.maxInboundStreams", { @Sendable (c: inout SCTPConfiguration) in c.maxInboundStreams = 0 }),
        ("sctp.rtoMin", { @Sendable (c: inout SCTPConfiguration) in c.rtoMin = .seconds(90) }),
        ("sctp.rtoInitial", { @Sendable (c: inout SCTPConfiguration) in c.rtoInitial = .milliseconds(10) }),
        ("sctp.rtoMax", { @Sendable (c: inout SCTPConfiguration) in c.rtoMax = .zero }),
        ("sctp.heartbeatInterval", { @Sendable (c: inout SCTPConfiguration) in c.heartbeatInterval = .seconds(-1) }),
        ("sctp.maxRetransmissions", { @Sendable (c: inout SCTPConfiguration) in c.maxRetransmissions = 0 }),
        ("sctp.sendBufferLimit", { @Sendable (c: inout SCTPConfiguration) in c.sendBufferLimit = 100 }),
        ("sctp.sendBufferLimit", { @Sendable (c: inout SCTPConfiguration) in c.maxMessageSize = 1 << 20 }),
        ("sctp.receiveBufferLimit", { @Sendable (c: inout SCTPConfiguration) in c.receiveBufferLimit = 0 }),
        ("sctp.connectTimeout", { @Sendable (c: inout SCTPConfiguration) in c.connectTimeout = .zero }),
        ("sctp.acceptBacklog", { @Sendable (c: inout SCTPConfiguration) in c.acceptBacklog = 0 }),
    ] as [(String, @Sendable (inout SCTPConfiguration) -> Void)])
    func invalidValuesNameTheirField(field: String, change: @Sendable (inout SCTPConfiguration) -> Void) {
        var configuration = SCTPConfiguration()
        change(&configuration)
        #expect {
            try configuration.validate()
        } throws: { error in
            (error as? SCTPConfigurationError)?.field == field
        }
    }

    @Test func errorReadsAsOneLine() {
        var configuration = SCTPConfiguration()
        configuration.rtoMin = .seconds(90)
        do {
            try configuration.validate()
            Issue.record("validated")
        } catch {
            #expect(error.description == "sctp.rtoMin: must not exceed rtoMax (90.0 seconds > 60.0 seconds)")
        }
    }

    @Test func durationsBecomeMilliseconds() {
        #expect(Duration.milliseconds(1500).milliseconds == 1500)
        #expect(Duration.seconds(60).optionMilliseconds == 60_000)
        #expect(Duration.microseconds(999).milliseconds == 0)
    }
}
