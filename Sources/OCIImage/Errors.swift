/// What can go wrong with images. Each case carries what a user needs to act on it.
public enum ImageError: Error, CustomStringConvertible, Equatable {
    case invalidReference(String)
    case invalidDigest(String)
    case notFound(String)
    case invalidLayout(String)
    case digestMismatch(expected: String, actual: String)
    case sizeMismatch(digest: String, expected: Int64, actual: Int64)
    case invalidTar(String)
    case unsafePath(String)
    case notELF(String)
    case missingLibrary(name: String, neededBy: String, searched: [String])
    case toolFailed(tool: String, status: Int32, message: String)
    case io(String)

    public var description: String {
        switch self {
        case .invalidReference(let text): "invalid image reference '\(text)'"
        case .invalidDigest(let text): "invalid digest '\(text)' (expected sha256:<64 hex digits>)"
        case .notFound(let what): "image not found: \(what)"
        case .invalidLayout(let why): "invalid OCI image layout: \(why)"
        case .digestMismatch(let expected, let actual): "blob digest mismatch: expected \(expected), got \(actual)"
        case .sizeMismatch(let digest, let expected, let actual): "blob \(digest) has \(actual) bytes, the descriptor says \(expected)"
        case .invalidTar(let why): "invalid tar layer: \(why)"
        case .unsafePath(let path): "layer entry escapes the root filesystem: \(path)"
        case .notELF(let path): "not an ELF executable this host can load: \(path)"
        case .missingLibrary(let name, let neededBy, let searched):
            "shared library \(name) (needed by \(neededBy)) not found in \(searched.joined(separator: ":"))"
        case .toolFailed(let tool, let status, let message): "\(tool) failed with status \(status): \(message)"
        case .io(let why): why
        }
    }
}
