import Testing
@testable import DiameterPeer

@Test func moduleBuilds() {}
