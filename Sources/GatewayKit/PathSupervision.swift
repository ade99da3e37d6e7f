import GTPv2C
import Wire

/// Path supervision (TS 29.274 7.1.1, TS 23.007 20): while a gateway has sessions, an Echo
/// Request goes to each of their peers every echo interval. The answer's Recovery IE reveals a
/// restarted peer; no answer after N3 transmissions is a path failure.
public struct PathSupervision: Sendable {
    private var timer: GatewayTimerID?
    private var generation: UInt32 = 0

    public init() {}

    public var isArmed: Bool { timer != nil }

    /// Arms the echo timer unless it runs already.
    public mutating func arm(every interval: Duration) -> [GTPCEffect] {
        guard timer == nil else { return [] }
        generation &+= 1
        let next = GatewayTimerID(kind: .echo, owner: 0, generation: generation)
        timer = next
        return [.startTimer(next, after: interval)]
    }

    /// The echo timer fired: true when it is the armed one (send the Echo Requests, then `arm`
    /// again while sessions remain).
    public mutating func fired(_ expired: GatewayTimerID) -> Bool {
        guard expired == timer else { return false }
        timer = nil
        return true
    }
}
