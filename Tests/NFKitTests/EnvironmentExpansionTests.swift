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
