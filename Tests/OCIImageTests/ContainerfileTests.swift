import Foundation
import Testing
import TestOracles

/// deploy/images: one Containerfile per image, generated from one template, so that the images
/// built with docker/podman and with `vcore image build` stay the same recipe.
@Suite struct ContainerfileTests {
    static let products = ["mme", "sgw", "pgw", "hss", "pcrf", "pcscf", "scscf", "ransim", "vcore-testworkload"]
    let directory = TestEnvironment.packageRoot.appendingPathComponent("deploy/images")

    @Test(arguments: products)
    func generatedFromTheTemplate(product: String) throws {
        let template = try String(contentsOf: directory.appendingPathComponent("Containerfile.in"), encoding: .utf8)
        let file = try String(contentsOf: directory.appendingPathComponent("\(product).Containerfile"), encoding: .utf8)
        #expect(file == template.replacingOccurrences(of: "@PRODUCT@", with: product), "stale: run deploy/images/generate.sh")
        #expect(file.contains("FROM scratch"))
        #expect(file.contains("-static-stdlib --product \"${PRODUCT}\""))
        #expect(file.contains("ENTRYPOINT [\"/app/\(product)\"]"))
    }

    @Test func everyImageHasItsFile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".Containerfile") }
        #expect(Set(files) == Set(Self.products.map { "\($0).Containerfile" }))
    }
}
