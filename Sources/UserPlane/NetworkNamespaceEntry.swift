import CBatchIO

/// Makes sockets and TUN devices inside another network namespace (a pod's, a test's) from a
/// process that lives in its own: the work runs on a short-lived thread that joined the
/// namespace, and what it made stays there.
public enum NetworkNamespaceEntry {
    private final class Call {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `work` inside the namespace at `path` (e.g. /var/run/netns/NAME) and returns its result.
    public static func perform<T>(in path: String, _ work: () throws -> T) throws -> T {
        try withoutActuallyEscaping(work) { work in
            var result: Result<T, Error>?
            let call = Call { result = Result { try work() } }
            let status = cbio_run_in_network_namespace(path, { context in
                Unmanaged<Call>.fromOpaque(context!).takeUnretainedValue().work()
            }, Unmanaged.passUnretained(call).toOpaque())
            guard status == 0 else { throw UserPlaneError("enter network namespace \(path)", errno: -status) }
            return try result!.get()
        }
    }
}
