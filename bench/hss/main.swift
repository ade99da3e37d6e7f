import Foundation
import Logging

/// The hss process measured from outside, over its real interfaces:
/// - the provisioning bulk import through the HTTP API (CSV), in subscribers per second;
/// - AIR/AIA per second over Diameter/TCP, with several connections and requests in flight,
///   and the answer latency.
///
/// Run: swift build -c release --product hss --product hss-bench && .build/release/hss-bench
/// Options: --hss PATH (default: the hss beside this program), --connect HOST:DIAMETER:PROVISIONING
/// (an hss already running; the subscribers go in a random IMSI range of their own and stay),
/// --subscribers N (per import round, default 100000), --rounds N (default 3), --seconds N per
/// AIR load (default 5), --durability full|normal (default full), --loads 1x1,4x16 (connections x in flight).

struct Options {
    var hss = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("hss").path
    var connect: String?
    var subscribers = 100_000
    var rounds = 3
    var seconds = 5
    var durability = "full"
    var loads: [(connections: Int, inFlight: Int)] = [(1, 1), (1, 16), (4, 16), (4, 64)]

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchError("\(name) needs a value") }
            switch name {
            case "--hss": hss = value
            case "--connect": connect = value
            case "--subscribers": subscribers = try Self.number(name, value)
            case "--rounds": rounds = try Self.number(name, value)
            case "--seconds": seconds = try Self.number(name, value)
            case "--durability": durability = value
            case "--loads":
                loads = try value.split(separator: ",").map { load in
                    let parts = load.split(separator: "x").compactMap { Int($0) }
                    guard parts.count == 2, parts.allSatisfy({ $0 > 0 }) else { throw BenchError("--loads: \"\(load)\" is not CONNECTIONSxINFLIGHT") }
                    return (parts[0], parts[1])
                }
            default: throw BenchError("unknown option \(name)")
            }
        }
    }

    static func number(_ name: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw BenchError("\(name): \"\(value)\" is not a positive number") }
        return number
    }
}

func run() async throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let hss: HSSUnderTest
    if let connect = options.connect {
        let parts = connect.split(separator: ":")
        guard parts.count == 3, let diameter = Int(parts[1]), let provisioning = Int(parts[2]) else {
            throw BenchError("--connect: \"\(connect)\" is not HOST:DIAMETER:PROVISIONING")
        }
        hss = HSSUnderTest(host: String(parts[0]), diameterPort: diameter, provisioningPort: provisioning, observabilityPort: 0)
    } else {
        hss = try await HSSUnderTest.start(binary: options.hss, durability: options.durability)
        print("started \(options.hss) (store durability \(options.durability))")
    }

    print("bulk import, CSV through POST /v1/subscribers:import, \(options.subscribers) subscribers a round:")
    // A running hss may hold a previous run's subscribers: this run's go in a range of its own.
    let first = options.connect == nil ? 1 : Int.random(in: 1...9_000) * 1_000_000
    var imported = 0
    for round in 1...options.rounds {
        let rate = try await ImportRate.measure(hss, first: first + imported, count: options.subscribers)
        imported += options.subscribers
        print(String(format: "  round %d: %9.0f subscribers/s", round, rate))
    }

    print("AIR/AIA over TCP, one E-UTRAN vector each, random subscribers among \(imported):")
    for load in options.loads {
        let result = try await AIRRate(hss: hss, subscribers: first...(first + imported - 1), connections: load.connections,
                                       inFlight: load.inFlight)
            .measure(warmUp: .seconds(1), duration: .seconds(options.seconds))
        print(String(format: "  %d connection(s) x %3d in flight: %8.0f AIA/s   p50 %6.2f ms   p99 %6.2f ms   failures %d",
                     load.connections, load.inFlight, result.answersPerSecond, result.p50.seconds * 1000, result.p99.seconds * 1000,
                     result.failures))
    }
    await hss.stop()
}

// The Diameter nodes' connection notices would interleave with the figures.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}
do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("hss-bench: \(error)\n".utf8))
    exit(1)
}
