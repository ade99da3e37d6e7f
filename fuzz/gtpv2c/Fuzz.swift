import FuzzSupport
import GTPv2C

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GTPv2CFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@main
struct Fuzz {
    static func main() throws { try FuzzMain.run(fuzzOneInput) }
}
