import FuzzSupport
import Diameter

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DiameterFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@main
struct Fuzz {
    static func main() throws { try FuzzMain.run(fuzzOneInput) }
}
