import Foundation
import PCAP
import Synchronization

/// A libpcap capture of one interface inside a namespace, its loop on a thread of its own, and
/// how many frames it wrote once it ended.
public final class RunningCapture: Sendable {
    public let capture: LiveCapture
    public let path: String
    private let frames = Mutex<Int?>(nil)

    /// Opens `interface` inside `namespace` (`filter`: a BPF expression) and starts the loop.
    public init(in namespace: String, interface: String, path: String, filter: String) throws {
        let capture = try NetworkLab.perform(in: namespace) { try LiveCapture(interface: interface, path: path, filter: filter) }
        self.capture = capture
        self.path = path
        Thread { [self] in
            let count = capture.run()
            frames.withLock { $0 = count }
        }.start()
    }

    /// Breaks the loop; the frames written, nil when it has not ended after the polls.
    public func stop() -> Int? {
        capture.stop()
        _ = eventually(polls: 100, every: .milliseconds(50)) { frames.withLock { $0 } != nil }
        return frames.withLock { $0 }
    }
}
