import Foundation
import Testing
import TestOracles
@testable import OCIImage

/// Builds vcore-testworkload's image and checks it the way a registry or another runtime would:
/// every descriptor's digest recomputed with sha256sum, media types, sizes, and the unpacked
/// root filesystem running the binary under chroot.
@Suite struct ImageBuildTests {
    @Test func layoutIsStructurallyValidAndTheUnpackedBinaryRuns() throws {
        guard let workload = Fixtures.testWorkload else {
            if TestEnvironment.isCI { Issue.record("\(Fixtures.skipReasonWithoutWorkload)") }
            print("skipped: \(Fixtures.skipReasonWithoutWorkload)")
            return
        }
        let root = try Fixtures.temporaryDirectory("layout")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try ImageStore(root: root.appendingPathComponent("images"))
        var options = ImageBuilder.Options()
        options.compression = .gzip
        let builder = ImageBuilder(store: store, options: options)
        let started = Date()
        let built = try builder.build(name: "vcore/testworkload:dev", executable: workload,
                                      extraFiles: [.text("/etc/vcore/testworkload.yaml", "greeting: hello\n")],
                                      run: .init(cmd: ["serve"], exposedPorts: ["8080/tcp", "7007/udp"]))
        print("built \(built.image.reference) \(built.image.digest.short) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s, \(built.image.size) bytes, \(built.libraries.count) libraries")

        // oci-layout and index.json → manifest → config and layers, each checked by sha256sum.
        let layoutRoot = store.root
        let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: layoutRoot.appendingPathComponent("oci-layout"))) as? [String: Any]
        #expect(marker?["imageLayoutVersion"] as? String == "1.0.0")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: layoutRoot.appendingPathComponent("index.json"))) as? [String: Any]
        #expect(index?["schemaVersion"] as? Int == 2)
        #expect(index?["mediaType"] as? String == "application/vnd.oci.image.index.v1+json")
        let entries = try #require(index?["manifests"] as? [[String: Any]])
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect((entry["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == "vcore/testworkload:dev")
        #expect((entry["platform"] as? [String: String]) == ["architecture": "amd64", "os": "linux"])
        func checkedBlob(_ descriptor: [String: Any]) throws -> Data {
            let digest = try #require(descriptor["digest"] as? String)
            #expect(digest.hasPrefix("sha256:"))
            let blob = layoutRoot.appendingPathComponent("blobs/sha256/\(digest.dropFirst(7))")
            #expect(try Fixtures.sha256sum(blob) == String(digest.dropFirst(7)), "digest of \(digest)")
            let data = try Data(contentsOf: blob)
            #expect(data.count == descriptor["size"] as? Int, "size of \(digest)")
            return data
        }
        #expect(entry["mediaType"] as? String == "application/vnd.oci.image.manifest.v1+json")
        let manifest = try #require(try JSONSerialization.jsonObject(with: checkedBlob(entry)) as? [String: Any])
        #expect(manifest["schemaVersion"] as? Int == 2)
        #expect(manifest["mediaType"] as? String == "application/vnd.oci.image.manifest.v1+json")
        let configDescriptor = try #require(manifest["config"] as? [String: Any])
        #expect(configDescriptor["mediaType"] as? String == "application/vnd.oci.image.config.v1+json")
        let config = try #require(try JSONSerialization.jsonObject(with: checkedBlob(configDescriptor)) as? [String: Any])
        #expect(config["architecture"] as? String == "amd64")
        #expect(config["os"] as? String == "linux")
        let runConfig = try #require(config["config"] as? [String: Any])
        #expect(runConfig["Entrypoint"] as? [String] == ["/app/vcore-testworkload"])
        #expect(runConfig["Cmd"] as? [String] == ["serve"])
        #expect((runConfig["Env"] as? [String])?.contains { $0.hasPrefix("PATH=") } == true)
        #expect((runConfig["ExposedPorts"] as? [String: Any])?.keys.sorted() == ["7007/udp", "8080/tcp"])
        let rootfs = try #require(config["rootfs"] as? [String: Any])
        #expect(rootfs["type"] as? String == "layers")
        let diffIDs = try #require(rootfs["diff_ids"] as? [String])
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        #expect(layers.count == 2 && diffIDs.count == 2)
        for (layer, diffID) in zip(layers, diffIDs) {
            #expect(layer["mediaType"] as? String == "application/vnd.oci.image.layer.v1.tar+gzip")
            let blob = try checkedBlob(layer)
            #expect(blob.prefix(2) == Data([0x1f, 0x8b]))
            // diff_id: the digest of the uncompressed tar, checked with gzip and sha256sum.
            let gz = root.appendingPathComponent("layer.tar.gz")
            try blob.write(to: gz)
            #expect(try TestEnvironment.run("/usr/bin/gzip", ["-d", "-f", gz.path]).status == 0)
            #expect(try Fixtures.sha256sum(root.appendingPathComponent("layer.tar")) == String(diffID.dropFirst(7)))
        }
        try store.verify(built.image.reference)
        #expect(built.files.contains("/lib64/ld-linux-x86-64.so.2"))
        #expect(built.files.contains("/app/vcore-testworkload"))
        #expect(built.files.contains("/etc/vcore/testworkload.yaml"))
        #expect(!built.files.contains { $0.hasPrefix("/bin") || $0.hasPrefix("/usr/bin") }, "no base distribution")

        // Listing.
        let listed = try store.list()
        #expect(listed.map(\.reference.description) == ["vcore/testworkload:dev"])
        #expect(listed.first?.size == built.image.size)

        // Unpacked, the binary runs under chroot with only what the image holds.
        let unpacked = try store.rootfs(for: built.image.reference)
        #expect(try store.rootfs(for: built.image.reference) == unpacked, "unpacked once, then reused")
        #expect(FileManager.default.fileExists(atPath: unpacked.appendingPathComponent("etc/vcore/testworkload.yaml").path))
        if geteuid() == 0 {
            // Swift reads CommandLine.arguments from /proc/self/cmdline on Linux, so the chroot
            // gets a /proc (in a private mount and PID namespace that vanish with it).
            let result = try Subprocess.run("/usr/bin/unshare", ["--mount", "--pid", "--fork", "--mount-proc=\(unpacked.path)/proc",
                                                                 "/usr/sbin/chroot", unpacked.path, "/app/vcore-testworkload", "--version"], timeout: 20)
            #expect(result.status == 0, "\(result.errorText)")
            #expect(result.outputText == "vcore-testworkload 1.0.0\n")
        } else {
            if TestEnvironment.isCI { Issue.record("chroot needs root; CI runs as root") }
            print("skipped the chroot run: needs root")
        }

        // Untag + garbage collection empties the store.
        try store.remove(built.image.reference)
        #expect(try store.list().isEmpty)
        #expect(try store.garbageCollect() > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: layoutRoot.appendingPathComponent("blobs/sha256").path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: unpacked.path))
    }

    /// The same executable and files give byte-identical layers and the same manifest digest,
    /// in another store and at another time.
    @Test func sameInputsGiveTheSameDigest() throws {
        guard let workload = Fixtures.testWorkload else {
            if TestEnvironment.isCI { Issue.record("\(Fixtures.skipReasonWithoutWorkload)") }
            print("skipped: \(Fixtures.skipReasonWithoutWorkload)")
            return
        }
        let root = try Fixtures.temporaryDirectory("determinism")
        defer { try? FileManager.default.removeItem(at: root) }
        var options = ImageBuilder.Options()
        options.compression = .none
        var digests: [Digest] = []
        for attempt in 0..<2 {
            let store = try ImageStore(root: root.appendingPathComponent("store\(attempt)"))
            let built = try ImageBuilder(store: store, options: options)
                .build(name: "vcore/testworkload:dev", executable: workload, extraFiles: [.text("/etc/motd", "hi\n")])
            digests.append(built.image.digest)
            #expect(built.image.manifest.layers.allSatisfy { $0.mediaType == MediaType.layerTar })
        }
        #expect(digests[0] == digests[1])
        // A different input gives a different image.
        let store = try ImageStore(root: root.appendingPathComponent("store-other"))
        let other = try ImageBuilder(store: store, options: options)
            .build(name: "vcore/testworkload:dev", executable: workload, extraFiles: [.text("/etc/motd", "bye\n")])
        #expect(other.image.digest != digests[0])
        #expect(other.image.manifest.layers[0].digest == (try ImageStore(root: root.appendingPathComponent("store0")).image("vcore/testworkload:dev")).manifest.layers[0].digest,
                "the library layer doesn't depend on the app's files")
    }

    /// The resolver finds what the loader would: ldd is the independent oracle.
    @Test func libraryResolutionMatchesLdd() throws {
        guard let workload = Fixtures.testWorkload else {
            if TestEnvironment.isCI { Issue.record("\(Fixtures.skipReasonWithoutWorkload)") }
            print("skipped: \(Fixtures.skipReasonWithoutWorkload)")
            return
        }
        let resolution = try SharedLibraryResolver().resolve(executable: workload, imagePath: "/app/vcore-testworkload")
        let (status, output) = try TestEnvironment.run("/usr/bin/ldd", [workload.path])
        #expect(status == 0)
        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and the loader's own line.
        var expected: Set<String> = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count >= 3, fields[1] == "=>" { expected.insert(fields[2]) }
        }
        #expect(Set(resolution.libraries.map(\.imagePath)) == expected)
        #expect(resolution.interpreter?.imagePath == "/lib64/ld-linux-x86-64.so.2")
        #expect(resolution.architecture == "amd64")
    }

    @Test func staticExecutableNeedsNothing() throws {
        // ldconfig is a static binary on Debian: no interpreter, no libraries.
        let ldconfig = URL(fileURLWithPath: "/sbin/ldconfig")
        guard let info = try? ELFDynamicInfo.read(from: ldconfig), info.interpreter == nil else {
            print("skipped: /sbin/ldconfig is not a static ELF binary here")
            return
        }
        let resolution = try SharedLibraryResolver().resolve(executable: ldconfig, imagePath: "/app/ldconfig")
        #expect(resolution.interpreter == nil)
        #expect(resolution.libraries.isEmpty)
    }

    @Test func notAnExecutableIsATypedError() throws {
        let file = URL(fileURLWithPath: TestEnvironment.temporaryFile("script.sh"))
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("#!/bin/sh\n".utf8).write(to: file)
        #expect(throws: ImageError.self) { try SharedLibraryResolver().resolve(executable: file, imagePath: "/app/x") }
    }
}
