/// Timer expiries, each to the procedure that armed the timer. An expiry whose timer was
/// stopped or re-armed meanwhile finds a different generation and is ignored there.
extension MME {
    mutating func timerExpired(_ timer: MMETimerID) {
        switch timer.kind {
        case .s6aResponse:
            s6aTimerExpired(timer)
        case .s11Response:
            s11TimerExpired(timer)
        case .t3413:
            withUE(UEID(timer.owner)) { mme, ue in mme.pagingTimerExpired(timer, ue: &ue) }
        case .t3422, .t3450, .t3460, .t3470, .t3489:
            withUE(UEID(timer.owner)) { mme, ue in mme.nasTimerExpired(timer, ue: &ue) }
        }
    }
}
