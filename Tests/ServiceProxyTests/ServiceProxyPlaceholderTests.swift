import Testing
@testable import ServiceProxy

@Test func ServiceProxyModuleBuilds() {}
