import ArgumentParser
import Foundation
import OCIImage
import OrchestratorCLI

/// `vcore image build|list`: the node's images, made from this package's executables.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Build and list the node's images.", subcommands: [ImageBuild.self, ImageList.self])
}

/// Which executable an image packs: `vcore/<name>` holds the product `<name>`, except the test
/// workload, whose product carries the `vcore-` prefix.
enum ImageCatalog {
    /// Every image VCore knows, in build order.
    static let known = ["testworkload", "hss", "mme", "sgw", "pgw", "pcrf", "pcscf", "scscf", "ransim"]

    static func product(forImage name: String) -> String { name == "testworkload" ? "vcore-testworkload" : name }

    /// "vcore/mme:dev" → "mme"; nil for an image that is not one of ours.
    static func name(ofReference reference: String) -> String? {
        guard let parsed = try? ImageReference(parsing: reference), parsed.name.hasPrefix("vcore/") else { return nil }
        return String(parsed.name.dropFirst("vcore/".count))
    }
}

struct ImageBuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build images from this package's executables (release, -static-stdlib) into the node's store.",
        discussion: "Without --from, runs `swift build -c release -Xswiftc -static-stdlib --product NAME` in --package-path first.")

    @Argument(help: "Images to build (\(ImageCatalog.known.joined(separator: ", "))); default: every one whose executable exists.")
    var names: [String] = []

    @Option(help: "Directory holding already-built executables (e.g. .build/release); skips swift build.")
    var from: String?

    @Option(name: .customLong("package-path"), help: "The VCore package to build from.")
    var packagePath = "."

    @Option(help: "Tag of the images.")
    var tag = "dev"

    @Option(name: .customLong("data-dir"), help: "The node's state directory; images go to DATA_DIR/images.")
    var dataDirectory = "/var/lib/vcore"

    func run() async throws {
        let store = try ImageStore(root: URL(fileURLWithPath: dataDirectory + "/images"))
        var table = [["IMAGE", "DIGEST", "SIZE", "LIBRARIES"]]
        for built in try ImageBuilding(store: store, tag: tag, from: from, packagePath: packagePath).build(names) {
            table.append([built.image.reference.description, built.image.digest.short, Bytes.format(built.image.size),
                          "\(built.libraries.count)"])
        }
        print(Tables.align(table))
    }
}

struct ImageList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the node's images.")

    @Option(name: .customLong("data-dir"), help: "The node's state directory.")
    var dataDirectory = "/var/lib/vcore"

    func run() async throws {
        let store = try ImageStore(root: URL(fileURLWithPath: dataDirectory + "/images"))
        var table = [["REPOSITORY", "TAG", "DIGEST", "SIZE", "CREATED"]]
        for image in try store.list() {
            table.append([image.reference.name, image.reference.tag, image.digest.short, Bytes.format(image.size), image.created ?? ""])
        }
        print(Tables.align(table))
    }
}

/// Builds images: finds (or builds) each executable, then packs it with `ImageBuilder`.
struct ImageBuilding {
    let store: ImageStore
    let tag: String
    let from: String?
    let packagePath: String

    func build(_ requested: [String]) throws -> [BuiltImage] {
        let names = requested.isEmpty ? ImageCatalog.known : requested
        for name in names where !ImageCatalog.known.contains(name) {
            throw ValidationError("unknown image \"\(name)\"; known: \(ImageCatalog.known.joined(separator: ", "))")
        }
        // Without names: every image whose executable this package has (the later NFs' are not written yet).
        let products = names.map(ImageCatalog.product(forImage:)).filter {
            !requested.isEmpty || FileManager.default.fileExists(atPath: "\(packagePath)/Sources/\($0)")
        }
        let directory = try from ?? compile(products)
        var built = [BuiltImage]()
        for name in names {
            let executable = URL(fileURLWithPath: directory).appendingPathComponent(ImageCatalog.product(forImage: name))
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                if requested.isEmpty { continue }
                throw ValidationError("no executable \(executable.path) for image \(name)")
            }
            built.append(try ImageBuilder(store: store).build(name: "vcore/\(name):\(tag)", executable: executable))
        }
        return built
    }

    /// `swift build` of the products in release with the Swift runtime linked in; returns the
    /// directory holding the executables.
    private func compile(_ products: [String]) throws -> String {
        let arguments = ["build", "-c", "release", "-Xswiftc", "-static-stdlib", "--package-path", packagePath]
        // One product per build: given several --product options, swift build builds only the last.
        for product in products { try swift(arguments + ["--product", product]) }
        return try swift(arguments + ["--show-bin-path"], capture: true).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private func swift(_ arguments: [String], capture: Bool = false) throws -> String {
        guard let swift = Subprocess.which("swift") else { throw ValidationError("swift is not in PATH: build the images elsewhere and use --from") }
        if capture {
            let result = try Subprocess.run(swift, arguments)
            guard result.status == 0 else { throw ValidationError("swift \(arguments.joined(separator: " ")): \(result.errorText)") }
            return result.outputText
        }
        // A build takes minutes: its progress goes straight to the terminal.
        let pid = try Subprocess.spawnDetached(swift, arguments, stdout: .inherit, stderr: .inherit)
        let status = Subprocess.reap(pid, block: true) ?? 255
        guard status == 0 else { throw ValidationError("swift \(arguments.joined(separator: " ")) failed with status \(status)") }
        return ""
    }
}

enum Bytes {
    /// "6.0MB" as docker and crictl print sizes.
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes)B" : String(format: "%.1f%@", value, units[unit])
    }
}
