// swift-tools-version: 6.0
import PackageDescription

// VCore: a virtualized LTE EPC + IMS core. Each protocol codec and each network
// function is its own small module; see ../shared/DESIGN.md for the layout.
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
    ],
    targets: [
        .target(name: "Wire", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "GTPv2C", dependencies: ["Wire"]),
        .target(name: "GTPU", dependencies: ["Wire"]),
        .target(name: "Diameter", dependencies: ["Wire"]),
        .systemLibrary(name: "CLibpcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "PCAP", dependencies: ["Wire", "CLibpcap"]),
        .target(name: "Conformance", dependencies: ["Wire", "PCAP", "GTPv2C", "GTPU", "Diameter"]),
        .executableTarget(name: "vcore", dependencies: [
            "Conformance",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "codec-bench", dependencies: ["GTPv2C", "Diameter", "Wire"], path: "bench/codec"),

        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        .testTarget(name: "GTPv2CTests", dependencies: ["GTPv2C"]),
        .testTarget(name: "GTPUTests", dependencies: ["GTPU"]),
        .testTarget(name: "DiameterTests", dependencies: ["Diameter"]),
        .testTarget(name: "PCAPTests", dependencies: ["PCAP"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "GTPv2C", "GTPU", "Diameter", "PCAP"]),
    ],
    swiftLanguageModes: [.v6]
)
