import Testing
@testable import ClusterDNS

@Test func ClusterDNSModuleBuilds() {}
