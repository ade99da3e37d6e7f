import Foundation

/// The GTPv2-C Recovery (restart counter, TS 23.007 18): a different value after every restart
/// tells the peers that this node lost its sessions (the MME's SGWs; the SGW's MMEs and PGWs).
public enum RecoveryCounter {
    /// Reads the counter kept in `path`, adds one and writes it back before it is used. Without a
    /// file, or when it cannot be written, the value comes from the start time (a restart a
    /// second or more later still announces a different value).
    public static func next(path: String?) -> UInt8 {
        let fallback = UInt8(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
        guard let path else { return fallback }
        let previous = (try? String(contentsOfFile: path, encoding: .utf8))
            .flatMap { UInt8($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let value = previous.map { $0 &+ 1 } ?? fallback
        do {
            try "\(value)\n".write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return fallback
        }
        return value
    }
}
