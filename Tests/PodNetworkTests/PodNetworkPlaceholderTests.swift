import Testing
@testable import PodNetwork

@Test func PodNetworkModuleBuilds() {}
