import ArgumentParser
import Foundation
import OCIImage
import OrchestratorAPI
import OrchestratorCLI
import OrchestratorClient
#if canImport(Glibc)
import Glibc
#endif

/// `vcore up -f FILE`: from nothing to a deployment whose every pod is Ready.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deploy a manifest: start the server if none runs, build missing images, apply, wait until every pod is Ready.")

    @OptionGroup var node: NodeOptions

    @Option(name: .shortAndLong, help: "Manifest file (YAML, several documents).")
    var filename: String

    @Option(help: "Seconds to wait for every pod to be Ready.")
    var timeout = 300

    @Option(help: "Directory holding already-built executables for missing images (default: build them).")
    var from: String?

    @Option(name: .customLong("package-path"), help: "The VCore package to build missing images from.")
    var packagePath = "."

    func run() async throws {
        let objects: [any APIObject]
        do {
            objects = try readManifest(filename)
        } catch {
            throw report(error)
        }
        let client = APIClient(socketPath: node.socketPath)
        if await !ServerProcess.responds(client) {
            let pid = try await ServerProcess.start(node)
            print("Started vcore server (pid \(pid), log \(node.dataDirectory)/server.log)")
        }
        try buildMissingImages(objects)
        let namespace = objects.lazy.compactMap { $0 as? Namespace }.first?.name ?? "vcore"
        do {
            for object in objects { print(try await apply(object, client: client, defaultNamespace: namespace)) }
        } catch {
            throw report(error)
        }
        let namespaces = Set(objects.compactMap { type(of: $0).resource.namespaced ? ($0.metadata.namespace ?? namespace) : nil })
        let ready = try await ReadinessWait(client: client, namespaces: namespaces.sorted(), timeout: .seconds(timeout)).run()
        guard ready else { throw ExitCode(1) }
        let shown = namespaces.sorted().first ?? namespace
        print("""

            Everything is Ready. Next:
              vcore get pods -n \(shown) -o wide          what runs where, with addresses
              vcore logs -n \(shown) POD [-f]             a pod's log
              vcore capture NETWORK -o FILE.pcap        a network's traffic, for Wireshark
              vcore top -n \(shown)                       CPU and memory per pod
              vcore down                                remove everything again
            """)
    }

    /// Builds the images (ours, `vcore/...`) that pods of the manifest use and the store lacks.
    private func buildMissingImages(_ objects: [any APIObject]) throws {
        var images = Set<String>()
        for object in objects {
            if let deployment = object as? Deployment { images.formUnion(deployment.spec.template.spec.containers.map(\.image)) }
            if let pod = object as? Pod { images.formUnion(pod.spec.containers.map(\.image)) }
        }
        let store = try ImageStore(root: URL(fileURLWithPath: node.dataDirectory + "/images"))
        let present = Set(try store.list().map(\.reference.description))
        let missing = images.subtracting(present).sorted()
        let names = missing.compactMap(ImageCatalog.name(ofReference:))
        guard !names.isEmpty else { return }
        print("Building images: \(missing.joined(separator: ", "))")
        let tags = Set(missing.compactMap { try? ImageReference(parsing: $0).tag })
        for tag in tags.sorted() {
            let forTag = missing.filter { (try? ImageReference(parsing: $0).tag) == tag }.compactMap(ImageCatalog.name(ofReference:))
            for built in try ImageBuilding(store: store, tag: tag, from: from, packagePath: packagePath).build(forTag) {
                print("image \(built.image.reference) built (\(Bytes.format(built.image.size)))")
            }
        }
    }
}

/// Waits until every Deployment of the namespaces has its replicas Ready and every pod is Ready,
/// printing progress; on timeout, says which pods are not and why.
struct ReadinessWait {
    let client: APIClient
    let namespaces: [String]
    let timeout: Duration

    func run() async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        var lastLine = ""
        let interactive = isatty(STDOUT_FILENO) != 0
        while true {
            var deployments = [Deployment]()
            var pods = [Pod]()
            for namespace in namespaces {
                deployments += try await client.list(Deployment.self, namespace: namespace)
                pods += try await client.list(Pod.self, namespace: namespace)
            }
            let wanted = deployments.reduce(0) { $0 + ($1.spec.replicas ?? 1) }
            let readyPods = pods.filter { $0.status?.isReady == true && $0.metadata.deletionTimestamp == nil }
            let deploymentsReady = deployments.allSatisfy {
                ($0.status?.readyReplicas ?? 0) == ($0.spec.replicas ?? 1) && ($0.status?.replicas ?? 0) == ($0.spec.replicas ?? 1)
            }
            let notReady = pods.filter { $0.status?.isReady != true }
            let line = Self.progress(ready: readyPods.count, wanted: max(wanted, pods.count), notReady: notReady)
            if line != lastLine {
                if interactive {
                    FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
                } else {
                    print(line)
                }
                lastLine = line
            }
            if deploymentsReady && notReady.isEmpty && !pods.isEmpty {
                if interactive { print("") }
                return true
            }
            if ContinuousClock.now > deadline {
                if interactive { print("") }
                print("Timed out after \(timeout): not Ready:")
                for pod in notReady { print("  \(pod.metadata.namespace ?? "")/\(pod.name): \(Self.explain(pod))") }
                print("See `vcore describe pod NAME -n NAMESPACE` and `vcore logs`.")
                return false
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    static func progress(ready: Int, wanted: Int, notReady: [Pod]) -> String {
        var line = "Waiting for pods: \(ready)/\(wanted) Ready"
        if !notReady.isEmpty {
            let shown: [String] = notReady.prefix(4).map { pod in "\(pod.name): \(PodPhaseText.status(pod))" }
            line += " (" + shown.joined(separator: ", ") + (notReady.count > 4 ? ", ..." : "") + ")"
        }
        return line
    }

    static func explain(_ pod: Pod) -> String {
        for status in pod.status?.containerStatuses ?? [] {
            if let waiting = status.state?.waiting { return "\(waiting.reason ?? "Waiting"): \(waiting.message ?? "")" }
            if status.ready != true { return "container \(status.name) not ready" }
        }
        if let condition = pod.status?.condition("PodScheduled"), condition.status == "False" {
            return "\(condition.reason ?? "Unschedulable"): \(condition.message ?? "")"
        }
        return PodPhaseText.status(pod)
    }
}

/// The server as a background process of `up`, and the checks `up` and `down` make on it.
enum ServerProcess {
    static func responds(_ client: APIClient) async -> Bool {
        (try? await client.raw("GET", "/api/v1/namespaces"))?.status == 200
    }

    /// Starts `vcore server` detached (its own session, so it outlives this command), logging to
    /// DATA_DIR/server.log, and waits until it answers.
    static func start(_ node: NodeOptions) async throws -> Int32 {
        try FileManager.default.createDirectory(atPath: node.dataDirectory, withIntermediateDirectories: true)
        let log = node.dataDirectory + "/server.log"
        if !FileManager.default.fileExists(atPath: log), !FileManager.default.createFile(atPath: log, contents: nil) {
            throw ValidationError("cannot create \(log)")
        }
        // posix_spawn in a new session: it outlives this command and has no descriptor of ours.
        // (Foundation's Process would do, but its waitUntilExit does not return under Swift
        // concurrency here.)
        let pid = try Subprocess.spawnDetached(try executablePath(), ["server"] + node.arguments,
                                               stdout: .file(log, append: true), stderr: .file(log, append: true))
        let client = APIClient(socketPath: node.socketPath)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await responds(client) { return pid }
            if let status = Subprocess.reap(pid, block: false) {
                throw ValidationError("vcore server exited with status \(status); see \(log)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
        throw ValidationError("vcore server did not come up within 60 s; the end of \(log):\n\(tail)")
    }

    static func readPID(_ node: NodeOptions) -> Int32? {
        (try? String(contentsOfFile: node.dataDirectory + "/server.pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// This program, to run it again as the server.
    static func executablePath() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return path
    }
}
