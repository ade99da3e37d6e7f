import Testing
@testable import NFKit

struct EnvironmentExpansionTests {
    @Test func variablesAreReplacedAndDollarsKept() throws {
        let text = "s11: {address: \"${POD_IP}\"}\nprice: $$5 and $HOME and ${not a name}\n"
        let expanded = try EnvironmentExpansion.expand(text, environment: ["POD_IP": "10.88.0.7", "HOME": "/root"])
        #expect(expanded == "s11: {address: \"10.88.0.7\"}\nprice: $5 and $HOME and ${not a name}\n")
    }

    @Test func anUnsetVariableNamesItselfAndItsLine() {
        #expect(throws: EnvironmentExpansion.Unset(name: "S1AP_IP", line: 3)) {
            _ = try EnvironmentExpansion.expand("a: 1\nb: 2\nc: ${S1AP_IP}\n", environment: [:])
        }
    }
}

struct InterfaceExpansionTests {
    @Test func anInterfaceReferenceBecomesItsAddress() throws {
        let text = "s1u: {address: \"${interface:net1}\"}\ns11: {address: \"${POD_IP}\"}\n"
        let expanded = try EnvironmentExpansion.expand(text, environment: ["POD_IP": "10.88.0.7"]) { $0 == "net1" ? "10.10.0.12" : nil }
        #expect(expanded == "s1u: {address: \"10.10.0.12\"}\ns11: {address: \"10.88.0.7\"}\n")
    }

    @Test func aMissingInterfaceNamesItselfAndItsLine() {
        let error = #expect(throws: EnvironmentExpansion.Unset.self) {
            _ = try EnvironmentExpansion.expand("a: 1\nb: ${interface:net7}\n", environment: [:]) { _ in nil }
        }
        #expect(error?.line == 2)
        #expect(error?.description == "line 2: ${interface:net7}: the pod has no interface net7 with an IPv4 address")
    }

    @Test func notAnInterfaceNameIsKeptAsWritten() throws {
        #expect(try EnvironmentExpansion.expand("x: ${interface:}\n", environment: [:]) { _ in "1.2.3.4" } == "x: ${interface:}\n")
    }

    @Test func theLoopbackInterfaceHasItsAddress() {
        // Every Linux network namespace has lo with 127.0.0.1 once it is up, as it is here.
        #expect(InterfaceAddresses.ipv4("lo") == "127.0.0.1")
        #expect(InterfaceAddresses.ipv4("no-such-if0") == nil)
    }
}
