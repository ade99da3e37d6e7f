import Testing
@testable import ContainerRuntime

@Test func ContainerRuntimeModuleBuilds() {}
