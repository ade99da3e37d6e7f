import FuzzSupport
import NAS

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NASFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@main
struct Fuzz {
    static func main() throws {
        try FuzzMain.run(fuzzOneInput, seeds: {
            (NASSamples.all.map { $0.encoded() } + NASSamples.protectedPDUs.map { $0.encoded() }).map { Array($0.readableBytesView) }
        })
    }
}
