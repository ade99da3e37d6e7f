import Foundation

/// The `main` every fuzz target shares. Built with `-sanitize=fuzzer -DFUZZING` it hands control to
/// libFuzzer (SwiftPM gives each executable target its own `main`, so libFuzzer's is not used);
/// built normally it replays the files named on the command line through the same entry point,
/// e.g. a crash file libFuzzer saved (docs/fuzzing.md).
public enum FuzzMain {
    public typealias Entry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// `seeds`: valid messages written into an empty corpus directory before fuzzing starts, so
    /// that the fuzzer begins from real encodings (a structured codec such as APER is reached far
    /// faster from them than from random bytes).
    public static func run(_ entry: Entry, seeds: () -> [[UInt8]] = { [] }) throws {
        #if FUZZING
        try seedEmptyCorpora(seeds)
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

    /// Writes the seeds into each corpus directory on the command line that is empty.
    private static func seedEmptyCorpora(_ seeds: () -> [[UInt8]]) throws {
        let files = FileManager.default
        for argument in CommandLine.arguments.dropFirst() where !argument.hasPrefix("-") {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue,
                  try files.contentsOfDirectory(atPath: argument).isEmpty else { continue }
            for (index, seed) in seeds().enumerated() {
                try Data(seed).write(to: URL(fileURLWithPath: argument).appendingPathComponent("seed-\(index)"))
            }
        }
    }
}

#if FUZZING
/// libFuzzer's driver, linked in by -sanitize=fuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: FuzzMain.Entry) -> CInt
#endif
