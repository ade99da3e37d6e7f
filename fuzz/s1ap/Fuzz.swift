import FuzzSupport
import S1AP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    S1APFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@main
struct Fuzz {
    static func main() throws { try FuzzMain.run(fuzzOneInput, seeds: { S1APSamples.all.map(\.message.encodedBytes) }) }
}
