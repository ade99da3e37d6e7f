import Testing
@testable import OCIImage

@Test func OCIImageModuleBuilds() {}
