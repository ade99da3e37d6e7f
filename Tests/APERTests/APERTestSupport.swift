import APER
import Testing
import Wire

/// The complete encoding `body` writes.
func encoding(_ body: (inout APERWriter) -> Void) -> [UInt8] {
    var writer = APERWriter()
    body(&writer)
    return writer.completeEncoding
}

/// Decodes `bytes` with `body`, which must read all of it but the final padding.
func decoding<T>(_ bytes: [UInt8], _ body: (inout APERReader) throws(CodecError) -> T) throws(CodecError) -> T {
    try withAPERBytes(bytes) { raw throws(CodecError) -> T in
        var reader = APERReader(raw)
        let value = try body(&reader)
        try reader.expectOpenTypeEnd(start: 0, "test value")
        return value
    }
}

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
}
