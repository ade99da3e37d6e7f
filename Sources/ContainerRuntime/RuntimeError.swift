/// Container runtime failures. Those from crun carry its own message (from its stderr or its
/// `--log` file), unedited, since that is what explains them.
public enum RuntimeError: Error, CustomStringConvertible, Equatable {
    case invalidSpec(String)
    case notFound(id: String)
    case alreadyRunning(id: String)
    case notRunning(id: String)
    case imageUnavailable(image: String, reason: String)
    /// The container never started: the supervisor or crun refused (bad config, missing binary, ...).
    case startFailed(id: String, message: String)
    case crun(command: String, id: String, message: String)
    case timedOut(id: String, operation: String)
    case unsupported(String)
    case io(String)

    public var description: String {
        switch self {
        case .invalidSpec(let why): "invalid container spec: \(why)"
        case .notFound(let id): "container \(id) not found"
        case .alreadyRunning(let id): "container \(id) is already running"
        case .notRunning(let id): "container \(id) is not running"
        case .imageUnavailable(let image, let reason): "image \(image) unavailable: \(reason)"
        case .startFailed(let id, let message): "container \(id) failed to start: \(message)"
        case .crun(let command, let id, let message): "crun \(command) \(id): \(message)"
        case .timedOut(let id, let operation): "container \(id): \(operation) timed out"
        case .unsupported(let why): why
        case .io(let why): why
        }
    }
}
