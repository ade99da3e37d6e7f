import GTPU
import NIOCore

enum GTPUTestSupport {
    /// Encodes into a fresh buffer.
    static func encoded(_ message: GTPUMessage) -> ByteBuffer {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        return buffer
    }
}

extension ByteBuffer {
    /// Bytes from hex digits; spaces are ignored. Test vectors only: a bad digit traps.
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }.map { $0.hexDigitValue! }
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        self.init(bytes: stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) })
    }

    var hex: String {
        readableBytesView.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension GTPUMessage {
    /// A copy with `change` applied, for building variants inline.
    func with(_ change: (inout GTPUMessage) -> Void) -> GTPUMessage {
        var copy = self
        change(&copy)
        return copy
    }
}
