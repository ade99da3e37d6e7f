import Foundation
import OCIImage
import OrchestratorAPI
import OrchestratorClient
#if canImport(Glibc)
import Glibc
#endif

/// Issue #5's orchestrator figures, on a node of its own (like the end-to-end test's, so it never
/// touches a real deployment): `vcore up` of deploy/core.yaml from nothing to all Ready; pod start
/// latency from create to Ready over 50 pods, one at a time and 50 at once; the server's memory at
/// idle; the images' sizes. Needs root, crun, the CNI plugins and nft.
///
/// Run (one product per build command; root):
///   for p in vcore vcore-testworkload orchestrator-bench; do swift build -c release -Xswiftc -static-stdlib --product $p; done
///   .build/release/orchestrator-bench

let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let vcore = binaries.appendingPathComponent("vcore").path
let data = "/tmp/vcore-bench-\(getpid())"
let node = ["--data-dir", data, "--socket", data + "/api.sock", "--cluster-cidr", "10.76.0.0/16", "--cluster-bridge", "vcbn0",
            "--netns-prefix", "vcbn-", "--nft-table", "vcbn", "--cgroup-parent", "vcbn"]
let client = APIClient(socketPath: data + "/api.sock")

func run(_ arguments: [String]) throws -> Subprocess.Result {
    let result = try Subprocess.run(vcore, arguments, timeout: 600)
    guard result.status == 0 else { fatalError("vcore \(arguments.joined(separator: " ")): \(result.errorText)\n\(result.outputText)") }
    return result
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func pod(_ name: String) -> Pod {
    var container = Container(name: "w", image: "vcore/testworkload:dev", args: ["--udp-echo-port", "0", "--tcp-echo-port", "0"])
    container.resources = nil
    var spec = PodSpec(containers: [container])
    spec.terminationGracePeriodSeconds = 1
    return Pod(metadata: ObjectMeta(name: name, namespace: "bench"), spec: spec)
}

func waitReady(_ names: Set<String>, since start: ContinuousClock.Instant) async throws -> [Double] {
    var ready = [String: Double]()
    while ready.count < names.count {
        for pod in try await client.list(Pod.self, namespace: "bench") where names.contains(pod.name) && ready[pod.name] == nil {
            if pod.status?.isReady == true { ready[pod.name] = seconds(ContinuousClock.now - start) * 1000 }
        }
        try await Task.sleep(for: .milliseconds(5))
    }
    return Array(ready.values)
}

func deleteAll() async throws {
    for pod in try await client.list(Pod.self, namespace: "bench") { _ = try await client.delete(Pod.self, namespace: "bench", name: pod.name) }
    while !(try await client.list(Pod.self, namespace: "bench")).isEmpty { try await Task.sleep(for: .milliseconds(50)) }
}

func rss(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

defer { _ = try? Subprocess.run(vcore, ["down", "--timeout", "10"] + node, timeout: 120) }
let workloadDirectory = binaries.path
let images = try run(["image", "build", "testworkload", "--from", workloadDirectory, "--data-dir", data])
print(images.outputText)

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let upStart = ContinuousClock.now
_ = try run(["up", "-f", root.appendingPathComponent("deploy/core.yaml").path, "--timeout", "300"] + node)
print(String(format: "vcore up -f deploy/core.yaml, no server running, to all Ready: %.2f s", seconds(ContinuousClock.now - upStart)))

_ = try await client.create(Namespace(name: "bench"))
var sequential = [Double]()
for index in 0..<50 {
    let start = ContinuousClock.now
    _ = try await client.create(pod("seq-\(index)"))
    sequential += try await waitReady(["seq-\(index)"], since: start)
}
try await deleteAll()
let burstStart = ContinuousClock.now
for index in 0..<50 { _ = try await client.create(pod("burst-\(index)")) }
let burst = try await waitReady(Set((0..<50).map { "burst-\($0)" }), since: burstStart)
try await deleteAll()
print(String(format: "pod create → Ready, 50 pods one at a time: p50 %.0f ms, p99 %.0f ms, max %.0f ms",
             percentile(sequential, 0.5), percentile(sequential, 0.99), sequential.max() ?? 0))
print(String(format: "pod create → Ready, 50 pods at once: p50 %.0f ms, p99 %.0f ms (all Ready after %.0f ms)",
             percentile(burst, 0.5), percentile(burst, 0.99), burst.max() ?? 0))

try await Task.sleep(for: .seconds(10))
let pid = Int32((try String(contentsOfFile: data + "/server.pid", encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
print("vcore server resident memory at idle (core.yaml deployed, 10 s after the pods were removed): \(rss(pid) / 1024) MiB")
