/// Why a capture file could not be opened, read or written. Names the file and carries libpcap's
/// (or the C library's) own message.
public struct PcapError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The file does not exist, cannot be read, or is neither pcap nor pcapng.
        case cannotOpen
        /// A record after frame `afterFrame` is damaged or cut short.
        case cannotRead(afterFrame: Int)
        /// The file cannot be created or written.
        case cannotWrite
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String {
        switch kind {
        case .cannotOpen: "\(path): cannot open capture: \(message)"
        case .cannotRead(let frame): "\(path): cannot read the record after frame \(frame): \(message)"
        case .cannotWrite: "\(path): cannot write capture: \(message)"
        }
    }
}
