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
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
            "NodeAgent", "PodNetwork", "ServiceProxy", "ClusterDNS", "ContainerRuntime", "OCIImage", "OrchestratorControllers",
            "OrchestratorStore", "OrchestratorAPI", "OrchestratorServer", "Wire",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "OrchestratorCLI", dependencies: ["OrchestratorAPI", .product(name: "Yams", package: "Yams")]),
        .target(name: "NFKit", dependencies: [
            "Wire", "StrictCoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // SGW and PGW control-plane logic: GatewayKit holds what both share (GTPv2-C transactions,
        // identifiers, the TFT packet-filter matcher); the executables wire transports to the Kits.
        .target(name: "GatewayKit", dependencies: [
            "GTPv2C", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "SGWKit", dependencies: [
            "GatewayKit", "GTPv2C", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "PGWKit", dependencies: [
            "GatewayKit", "GTPv2C", "Diameter", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Network functions: a Kit with the logic (testable without sockets), an executable that
        // wires configuration and transports to it.
        .target(name: "DiameterPeer", dependencies: [
            "Diameter", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Diameter over SCTP (RFC 6733 2.1) for a DiameterNode: only the NFs that offer it link SCTP.
        .target(name: "DiameterSCTP", dependencies: [
            "Diameter", "DiameterPeer", "SCTP", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "HSSKit", dependencies: [
            "Diameter", "DiameterPeer", "MobileCrypto", "Wire", "StrictCoding",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .executableTarget(name: "hss", dependencies: [
            "HSSKit", "DiameterPeer", "DiameterSCTP", "SCTP", "NFKit",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MMEKit", dependencies: [
            "S1AP", "NAS", "MobileCrypto", "GTPv2C", "Diameter", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], swiftSettings: hotPath),
        .executableTarget(name: "mme", dependencies: [
            "MMEKit", "SCTP", "DiameterPeer", "DiameterSCTP", "Diameter", "NFKit", "S1AP", "GTPv2C", "Wire", "StrictCoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .executableTarget(name: "sgw", dependencies: [
            "SGWKit", "GatewayKit", "UserPlane", "NFKit", "GTPv2C", "Wire", "StrictCoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .executableTarget(name: "pgw", dependencies: [
            "PGWKit", "GatewayKit", "UserPlane", "NFKit", "GTPv2C", "Diameter", "DiameterPeer", "Wire", "StrictCoding",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Bridges framed TCP to SCTP associations, for tools that cannot open SCTP (docs/architecture.md).
        .executableTarget(name: "sctp-relay", dependencies: [
            "SCTP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestOracles", dependencies: []),
        // What the process and namespace tests share: a namespace/veth/bridge lab, a UDP peer
        // socket, child processes stopped by PID. Test-only; the NFs never link it.
        .target(name: "NetworkTestSupport", dependencies: ["TestOracles", "UserPlane", "GTPv2C", "Wire", "PCAP", .product(name: "NIOCore", package: "swift-nio")],
                path: "Tests/NetworkTestSupport"),
        .target(name: "CBatchIO"),
        // The SGW's and PGW's forwarding loops: batched UDP, TUN, TEID tables, TFT filters.
        .target(name: "UserPlane", dependencies: ["CBatchIO", "GTPU", "Wire", .product(name: "NIOCore", package: "swift-nio"),
                                                  .product(name: "Metrics", package: "swift-metrics")],
                swiftSettings: hotPath),
        .target(name: "CodecSamples", dependencies: ["Wire", "GTPv2C", "GTPU", "Diameter"]),
        .target(name: "Conformance", dependencies: ["Wire", "PCAP", "GTPv2C", "GTPU", "Diameter", "S1AP", "NAS", "MobileCrypto"]),
        .executableTarget(name: "vcore", dependencies: [
            "Conformance", "OrchestratorAPI", "OrchestratorClient", "OrchestratorCLI", "OrchestratorNode", "ContainerRuntime",
            "OCIImage", "PodNetwork", "PCAP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "FuzzSupport", path: "fuzz/support"),
        .executableTarget(name: "fuzz-gtpv2c", dependencies: ["GTPv2C", "FuzzSupport"], path: "fuzz/gtpv2c"),
        .executableTarget(name: "fuzz-gtpu", dependencies: ["GTPU", "FuzzSupport"], path: "fuzz/gtpu"),
        .executableTarget(name: "fuzz-diameter", dependencies: ["Diameter", "FuzzSupport"], path: "fuzz/diameter"),
        .executableTarget(name: "fuzz-s1ap", dependencies: ["S1AP", "FuzzSupport"], path: "fuzz/s1ap"),
        .executableTarget(name: "fuzz-nas", dependencies: ["NAS", "FuzzSupport"], path: "fuzz/nas"),
        .executableTarget(name: "sctp-bench", dependencies: [
            "SCTP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "bench/sctp"),
        .executableTarget(name: "orchestrator-bench", dependencies: ["OrchestratorAPI", "OrchestratorClient", "OCIImage"],
                          path: "bench/orchestrator"),
        .executableTarget(name: "mme-bench", dependencies: [
            "MMEKit", "S1AP", "NAS", "MobileCrypto", "GTPv2C", "Diameter", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
        ], path: "bench/mme", swiftSettings: hotPath),
        .executableTarget(name: "userplane-bench", dependencies: [
            "UserPlane", "GTPU", "Wire", "OCIImage", .product(name: "NIOCore", package: "swift-nio"),
        ], path: "bench/userplane", swiftSettings: hotPath),
        .executableTarget(name: "hss-bench", dependencies: [
            "DiameterPeer", "Diameter", "MobileCrypto", "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "bench/hss"),
        .executableTarget(name: "codec-bench", dependencies: ["GTPv2C", "Diameter", "Wire", "CodecSamples", "MobileCrypto", "S1AP", "NAS"], path: "bench/codec", swiftSettings: hotPath),

        // The mme and hss executables in network namespaces with a Python (pycrate) eNB through sctp-relay.
        .testTarget(name: "MMEProcessTests", dependencies: [
            "TestOracles", "NetworkTestSupport", "GTPv2C", "Wire", "Diameter", "DiameterPeer", "NFKit", "sctp-relay", "mme",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], exclude: ["enb"]),
        // Runs the real sgw process on loopback with an MME, a PGW and an eNB played by the test.
        .testTarget(name: "SGWProcessTests", dependencies: [
            "TestOracles", "NetworkTestSupport", "GTPv2C", "GTPU", "PCAP", "Wire", "SGWKit", "UserPlane", "NFKit", "sgw",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Runs the real pgw process in a network namespace of the test's own, with an SGW and a PCRF played by the test.
        .testTarget(name: "PGWProcessTests", dependencies: [
            "TestOracles", "NetworkTestSupport", "GTPv2C", "GTPU", "PCAP", "Wire", "UserPlane", "PGWKit", "NFKit", "pgw",
            "Diameter", "DiameterPeer",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Runs the real sgw and pgw processes together in namespaces of the test's own: an MME and an
        // eNB played by the test, a data network whose kernel answers.
        .testTarget(name: "GatewayProcessTests", dependencies: [
            "TestOracles", "NetworkTestSupport", "GTPv2C", "GTPU", "PCAP", "Wire", "sgw", "pgw",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        .testTarget(name: "GTPv2CTests", dependencies: ["GTPv2C", "CodecSamples"]),
        .testTarget(name: "GTPUTests", dependencies: ["GTPU"]),
        .testTarget(name: "DiameterTests", dependencies: ["Diameter", "CodecSamples", "TestOracles"]),
        .testTarget(name: "MobileCryptoTests", dependencies: ["MobileCrypto", "TestOracles"]),
        .testTarget(name: "APERTests", dependencies: ["APER", "CodecSamples"]),
        .testTarget(name: "S1APTests", dependencies: ["S1AP", "CodecSamples", "TestOracles"]),
        .testTarget(name: "NASTests", dependencies: ["NAS", "MobileCrypto", "CodecSamples", "TestOracles"], exclude: ["pycrate"]),
        .testTarget(name: "SCTPTests", dependencies: [
            "SCTP", "TestOracles", "NetworkTestSupport", "CLibsctp",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
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
        .testTarget(name: "NFKitTests", dependencies: ["NFKit", "StrictCoding"]),
        .testTarget(name: "GatewayKitTests", dependencies: ["GatewayKit", "GTPv2C", "Wire"]),
        // SGWKitTests also runs the in-process chain MME double → SGW → PGW, so it links PGWKit.
        .testTarget(name: "SGWKitTests", dependencies: ["SGWKit", "PGWKit", "GatewayKit", "GTPv2C", "Wire", "PCAP", "TestOracles",
                                                        "UserPlane", "NetworkTestSupport"]),
        .testTarget(name: "PGWKitTests", dependencies: ["PGWKit", "GatewayKit", "GTPv2C", "Diameter", "Wire", "PCAP", "TestOracles",
                                                        "UserPlane", "NetworkTestSupport"]),
        // Whole-node runs of the `vcore` binary (root): issue #5's end-to-end scenario.
        .testTarget(name: "OrchestratorEndToEndTests", dependencies: ["TestOracles", "OCIImage"]),
        .testTarget(name: "DiameterPeerTests", dependencies: ["DiameterPeer", "DiameterSCTP", "SCTP", "Diameter", "Wire", "TestOracles",
                                                              .product(name: "NIOPosix", package: "swift-nio"),
                                                              .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HSSKitTests", dependencies: ["HSSKit", "Diameter", "DiameterPeer", "MobileCrypto", "TestOracles",
                                                        .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "MMEKitTests", dependencies: ["MMEKit", "S1AP", "NAS", "MobileCrypto", "GTPv2C", "Diameter", "PCAP",
                                                        "Wire", "TestOracles"]),
        .testTarget(name: "UserPlaneTests", dependencies: ["UserPlane", "GTPU", "Wire", "PCAP", "OCIImage", "TestOracles", "NetworkTestSupport",
                                                          .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "PCAPTests", dependencies: ["PCAP", "TestOracles"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "GTPv2C", "GTPU", "Diameter", "PCAP", "CodecSamples", "TestOracles", "S1AP", "NAS", "MobileCrypto", "Wire"]),
    ],
    swiftLanguageModes: [.v6]
)
