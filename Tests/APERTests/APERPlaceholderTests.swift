import Testing
@testable import APER

@Test func APERModuleBuilds() {}
