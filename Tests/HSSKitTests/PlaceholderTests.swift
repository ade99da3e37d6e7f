import Testing
@testable import HSSKit

@Test func moduleBuilds() {}
