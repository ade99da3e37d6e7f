// Temporary: the command table lands with the next commit.
public struct DiameterCommand: Sendable {
    public let code: UInt32
    public let name: String
    public static func named(code: UInt32) -> DiameterCommand? { nil }
}
