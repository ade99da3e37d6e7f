import Testing
@testable import MMEKit

@Test func moduleBuilds() {}
