import Foundation

/// The `main` every fuzz target shares. Built with `-sanitize=fuzzer -DFUZZING` it hands control to
/// libFuzzer (SwiftPM gives each executable target its own `main`, so libFuzzer's is not used);
/// built normally it replays the files named on the command line through the same entry point,
/// e.g. a crash file libFuzzer saved (docs/fuzzing.md).
public enum FuzzMain {
    public typealias Entry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ entry: Entry) throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzer(&argc, &argv, entry))
        #else
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            _ = data.withUnsafeBytes { entry($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
            print("\(path): ok")
        }
        #endif
    }
}

#if FUZZING
/// libFuzzer's driver, linked in by -sanitize=fuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: FuzzMain.Entry) -> CInt
#endif
