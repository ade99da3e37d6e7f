import Testing
@testable import NAS

@Test func NASModuleBuilds() {}
