import MobileCrypto
import Wire

/// A subscriber's identity and secrets, as `vcore decode --subscriber IMSI:K:OPc` takes them: with
/// them the audit follows the subscriber's UE through a capture and checks its NAS security.
public struct SubscriberKey: Hashable, Sendable {
    public var imsi: IMSI
    public var k: Key128
    public var opc: Key128

    public init(imsi: IMSI, k: Key128, opc: Key128) {
        self.imsi = imsi
        self.k = k
        self.opc = opc
    }

    /// Parses "IMSI:K:OPc" (K and OPc as 32 hex digits); the error names the part that is wrong.
    public init(argument: String) throws(SubscriberKeyError) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw SubscriberKeyError(argument: argument, problem: "expected IMSI:K:OPc") }
        guard let imsi = IMSI(parts[0]) else {
            throw SubscriberKeyError(argument: argument, problem: "IMSI '\(parts[0])' is not 5 to 15 digits")
        }
        guard let k = Key128(hex: parts[1]) else {
            throw SubscriberKeyError(argument: argument, problem: "K is not 32 hex digits")
        }
        guard let opc = Key128(hex: parts[2]) else {
            throw SubscriberKeyError(argument: argument, problem: "OPc is not 32 hex digits")
        }
        self.init(imsi: imsi, k: k, opc: opc)
    }

    var milenage: Milenage { Milenage(k: k, opc: opc) }
}

public struct SubscriberKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var argument: String
    public var problem: String
    public var description: String { "--subscriber \(argument): \(problem)" }
}
