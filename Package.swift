// swift-tools-version: 6.0
import PackageDescription

// VCore: a virtualized LTE EPC + IMS core. Each protocol codec and each network
// function is its own small module; see ../shared/DESIGN.md for the layout.
/// Codec modules sit on every packet's path. Their ByteBuffer accesses are inlined NIO code on
/// a final class, which costs a dynamic exclusivity check per access; release builds skip it.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "VCore",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vcore", targets: ["vcore"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "GTPv2C", targets: ["GTPv2C"]),
        .library(name: "GTPU", targets: ["GTPU"]),
        .library(name: "Diameter", targets: ["Diameter"]),
        .library(name: "PCAP", targets: ["PCAP"]),
        .library(name: "Conformance", targets: ["Conformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "Wire", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: hotPath),
        .target(name: "GTPv2C", dependencies: ["Wire"], swiftSettings: hotPath),
        .target(name: "GTPU", dependencies: ["Wire"], swiftSettings: hotPath),
        .target(name: "Diameter", dependencies: ["Wire"], swiftSettings: hotPath),
        .systemLibrary(name: "CLibpcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "PCAP", dependencies: ["Wire", "CLibpcap"]),
        .systemLibrary(name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "MobileCrypto", dependencies: ["CLibcrypto", "Wire"]),
        .target(name: "APER", dependencies: ["Wire"], swiftSettings: hotPath),
        .target(name: "S1AP", dependencies: ["APER", "Wire"], swiftSettings: hotPath),
        .target(name: "NAS", dependencies: ["Wire", "MobileCrypto"], swiftSettings: hotPath),
        // usrsctp.pc asks for -DINET -DINET6, which SwiftPM refuses from pkg-config; the shim defines them.
        .systemLibrary(name: "CUsrsctp", providers: [.apt(["libusrsctp-dev"])]),
        .systemLibrary(name: "CLibsctp", pkgConfig: "libsctp", providers: [.apt(["libsctp-dev"])]),
        .target(name: "SCTP", dependencies: [
            "CUsrsctp", "CLibsctp", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "OCIImage", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(name: "ContainerRuntime", dependencies: ["OCIImage", .product(name: "Logging", package: "swift-log")]),
        .target(name: "PodNetwork", dependencies: ["Wire", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ServiceProxy", dependencies: ["Wire", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ClusterDNS", dependencies: [
            "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "vcore-testworkload", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "StrictCoding", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "OrchestratorAPI", dependencies: ["StrictCoding"]),
        .target(name: "OrchestratorStore", dependencies: ["OrchestratorAPI", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "OrchestratorServer", dependencies: [
            "OrchestratorAPI", "OrchestratorStore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "OrchestratorClient", dependencies: [
            "OrchestratorAPI",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "OrchestratorControllers", dependencies: [
            "OrchestratorAPI", "OrchestratorStore", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "NodeAgent", dependencies: [
            "OrchestratorAPI", "OrchestratorStore", "OrchestratorServer",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "OrchestratorNode", dependencies: [
            "NodeAgent", "PodNetwork", "ServiceProxy", "ClusterDNS", "ContainerRuntime", "OrchestratorControllers",
            "OrchestratorStore", "OrchestratorAPI", "OrchestratorServer", "Wire",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "OrchestratorCLI", dependencies: ["OrchestratorAPI", .product(name: "Yams", package: "Yams")]),
        .target(name: "TestOracles", dependencies: []),
        .target(name: "CodecSamples", dependencies: ["Wire", "GTPv2C", "GTPU", "Diameter"]),
        .target(name: "Conformance", dependencies: ["Wire", "PCAP", "GTPv2C", "GTPU", "Diameter"]),
        .executableTarget(name: "vcore", dependencies: [
            "Conformance", "OrchestratorAPI", "OrchestratorClient", "OrchestratorCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "FuzzSupport", path: "fuzz/support"),
        .executableTarget(name: "fuzz-gtpv2c", dependencies: ["GTPv2C", "FuzzSupport"], path: "fuzz/gtpv2c"),
        .executableTarget(name: "fuzz-gtpu", dependencies: ["GTPU", "FuzzSupport"], path: "fuzz/gtpu"),
        .executableTarget(name: "fuzz-diameter", dependencies: ["Diameter", "FuzzSupport"], path: "fuzz/diameter"),
        .executableTarget(name: "codec-bench", dependencies: ["GTPv2C", "Diameter", "Wire", "CodecSamples", "MobileCrypto"], path: "bench/codec", swiftSettings: hotPath),

        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        .testTarget(name: "GTPv2CTests", dependencies: ["GTPv2C", "CodecSamples"]),
        .testTarget(name: "GTPUTests", dependencies: ["GTPU"]),
        .testTarget(name: "DiameterTests", dependencies: ["Diameter", "CodecSamples", "TestOracles"]),
        .testTarget(name: "MobileCryptoTests", dependencies: ["MobileCrypto", "TestOracles"]),
        .testTarget(name: "APERTests", dependencies: ["APER", "CodecSamples"]),
        .testTarget(name: "S1APTests", dependencies: ["S1AP", "CodecSamples", "TestOracles"]),
        .testTarget(name: "NASTests", dependencies: ["NAS", "MobileCrypto", "CodecSamples", "TestOracles"]),
        .testTarget(name: "SCTPTests", dependencies: ["SCTP", "TestOracles"]),
        .testTarget(name: "OCIImageTests", dependencies: ["OCIImage", "TestOracles"]),
        .testTarget(name: "ContainerRuntimeTests", dependencies: ["ContainerRuntime", "OCIImage", "TestOracles"]),
        .testTarget(name: "PodNetworkTests", dependencies: ["PodNetwork", "TestOracles"]),
        .testTarget(name: "ServiceProxyTests", dependencies: ["ServiceProxy", "TestOracles"]),
        .testTarget(name: "ClusterDNSTests", dependencies: ["ClusterDNS", "TestOracles"]),
        .testTarget(name: "OrchestratorAPITests", dependencies: ["OrchestratorAPI"]),
        .testTarget(name: "OrchestratorStoreTests", dependencies: ["OrchestratorStore", "OrchestratorAPI"]),
        .testTarget(name: "OrchestratorServerTests", dependencies: ["OrchestratorServer", "OrchestratorClient", "OrchestratorStore", "OrchestratorAPI"]),
        .testTarget(name: "OrchestratorControllersTests", dependencies: ["OrchestratorControllers", "OrchestratorStore", "OrchestratorAPI"]),
        .testTarget(name: "NodeAgentTests", dependencies: ["NodeAgent", "OrchestratorControllers", "OrchestratorStore", "OrchestratorAPI"]),
        .testTarget(name: "OrchestratorCLITests", dependencies: ["OrchestratorCLI", "OrchestratorAPI"]),
        .testTarget(name: "PCAPTests", dependencies: ["PCAP", "TestOracles"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "GTPv2C", "GTPU", "Diameter", "PCAP", "CodecSamples", "TestOracles"]),
    ],
    swiftLanguageModes: [.v6]
)
