import Testing
@testable import S1AP

@Test func S1APModuleBuilds() {}
