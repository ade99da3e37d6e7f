import NIOCore
import Wire
@testable import NAS

extension ByteBuffer {
    init(hex: String) {
        var bytes = [UInt8]()
        var high: UInt8?
        for char in hex.utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: continue
            }
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        self.init(bytes: bytes)
    }

    var hex: String {
        readableBytesView.map { String(format: "%02x", $0) }.joined()
    }
}

extension String {
    /// "0x41" style, as tshark prints message types.
    init(messageType: UInt8) { self = "0x" + String(format: "%02x", messageType) }
}
