import Testing
@testable import SCTP

@Test func SCTPModuleBuilds() {}
