import Testing
import APER

@Test func APERModuleBuilds() {}
