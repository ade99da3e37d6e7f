import Testing
@testable import MobileCrypto

@Test func MobileCryptoModuleBuilds() {}
