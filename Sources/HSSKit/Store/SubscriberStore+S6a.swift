import Foundation
import GRDB
import MobileCrypto

/// What the store did for an Authentication-Information request.
public struct VectorAllocation: Sendable {
    /// The subscriber as read in the transaction (its `sqn` is SQN_HE before this allocation).
    public var subscriber: Subscriber
    /// The SQNs to build vectors with, committed as the new SQN_HE before this returns. Empty when
    /// the request was not admitted.
    public var sqns: [SQN]
    public var resynchronisation: Resynchronisation?

    public enum Resynchronisation: Hashable, Sendable {
        /// SQN_HE was already acceptable to the USIM: kept (TS 33.102 6.3.5 step 3).
        case inRange
        /// SQN_HE reset from SQN_MS (steps 4 and 5).
        case reset(from: UInt64, to: UInt64)
        /// MAC-S did not verify: SQN_HE unchanged, fresh vectors all the same (step 6).
        case macSMismatch
    }
}

/// What a Purge-UE changed.
public enum PurgeOutcome: Hashable, Sendable {
    /// The purging MME is the registered one: "UE purged in MME" set.
    case purged
    /// Another MME purged: nothing to record.
    case notRegisteredMME
}

extension SubscriberStore {
    /// Allocates `count` SQNs for vectors, re-synchronising first when the request carried an
    /// AUTS, and commits the new SQN_HE before returning: a vector built from these SQNs is never
    /// issued again, even if the process dies right after. Nil for an unknown IMSI.
    ///
    /// - Parameter admit: checks the subscriber (EPS subscription, roaming) before anything is
    ///   allocated; a refused request burns no SQN.
    public func allocateVectors(imsi: String, count: Int, scheme: SequenceNumberScheme = .init(),
                                resynchronisation: (rand: Key128, auts: AUTS)? = nil,
                                admit: @escaping @Sendable (Subscriber) -> Bool = { _ in true }) async throws(StoreError) -> VectorAllocation? {
        try await durableWrite { db throws(StoreError) in
            guard let row = try Self.database({ try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE imsi = ?", arguments: [imsi]) }) else {
                return nil
            }
            let subscriber = try Self.subscriber(row, db: db)
            guard admit(subscriber) else { return VectorAllocation(subscriber: subscriber, sqns: [], resynchronisation: nil) }
            var current = subscriber.sqn
            var outcome: VectorAllocation.Resynchronisation?
            if let (rand, auts) = resynchronisation {
                let milenage = subscriber.milenage
                let sqnMS = (auts.concealedSQN ^ milenage.f5star(rand: rand)).value
                if scheme.nextIsAccepted(after: current, byUSIMAt: sqnMS) {
                    outcome = .inRange
                } else if (try? milenage.resynchronise(rand: rand, auts: auts)) != nil {
                    let reset = scheme.resynchronised(current: current, sqnMS: sqnMS)
                    outcome = .reset(from: current, to: reset)
                    current = reset
                } else {
                    outcome = .macSMismatch
                }
            }
            let issued = scheme.issue(count, after: current)
            guard let last = issued.last else { return VectorAllocation(subscriber: subscriber, sqns: [], resynchronisation: outcome) }
            try Self.database {
                try db.cachedStatement(sql: "UPDATE subscribers SET sqn = ? WHERE imsi = ?").execute(arguments: [Int64(last), imsi])
            }
            return VectorAllocation(subscriber: subscriber, sqns: issued.compactMap { SQN($0) }, resynchronisation: outcome)
        }
    }

    /// Records `host` as the serving MME (durably) and returns the subscriber with the registration
    /// it replaces. Nil for an unknown IMSI; no change when `admit` refuses the subscriber.
    public func registerServingMME(imsi: String, host: String, realm: String,
                                   admit: @escaping @Sendable (Subscriber) -> Bool = { _ in true })
        async throws(StoreError) -> (subscriber: Subscriber, previous: Registration)? {
        try await durableWrite { db throws(StoreError) in
            guard let row = try Self.database({ try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE imsi = ?", arguments: [imsi]) }) else {
                return nil
            }
            let subscriber = try Self.subscriber(row, db: db)
            let previous = Registration(mmeHost: row["mme_host"], mmeRealm: row["mme_realm"], purged: row["ue_purged"], imei: row["imei"])
            guard admit(subscriber) else { return (subscriber, previous) }
            try Self.database {
                try db.execute(sql: "UPDATE subscribers SET mme_host = ?, mme_realm = ?, ue_purged = 0 WHERE imsi = ?",
                               arguments: [host, realm, imsi])
            }
            return (subscriber, previous)
        }
    }

    /// Purge-UE from `host`. Nil for an unknown IMSI.
    public func purge(imsi: String, fromMME host: String) async throws(StoreError) -> PurgeOutcome? {
        try await durableWrite { db throws(StoreError) in
            guard let registered = try Self.database({
                try Row.fetchOne(db, sql: "SELECT mme_host FROM subscribers WHERE imsi = ?", arguments: [imsi])
            }) else { return nil }
            guard let current: String = registered["mme_host"], current.lowercased() == host.lowercased() else { return .notRegisteredMME }
            try Self.database { try db.execute(sql: "UPDATE subscribers SET ue_purged = 1 WHERE imsi = ?", arguments: [imsi]) }
            return .purged
        }
    }

    /// Notify from `host`: the IMEI and the PDN GWs the MME chose per APN. Nil for an unknown
    /// IMSI; false when `host` is not the registered MME (nothing recorded).
    public func notify(imsi: String, fromMME host: String, imei: String?,
                       gateways: [(apn: String, host: String, realm: String?)]) async throws(StoreError) -> Bool? {
        try await durableWrite { db throws(StoreError) in
            guard let registered = try Self.database({
                try Row.fetchOne(db, sql: "SELECT mme_host FROM subscribers WHERE imsi = ?", arguments: [imsi])
            }) else { return nil }
            guard let current: String = registered["mme_host"], current.lowercased() == host.lowercased() else { return false }
            try Self.database {
                if let imei { try db.execute(sql: "UPDATE subscribers SET imei = ? WHERE imsi = ?", arguments: [imei, imsi]) }
                for gateway in gateways {
                    try db.execute(sql: """
                        INSERT INTO apn_gateways (imsi, apn, pgw_host, pgw_realm) VALUES (?, ?, ?, ?)
                        ON CONFLICT(imsi, apn) DO UPDATE SET pgw_host = excluded.pgw_host, pgw_realm = excluded.pgw_realm
                        """, arguments: [imsi, gateway.apn, gateway.host, gateway.realm])
                }
            }
            return true
        }
    }

    /// The PDN GW recorded for each APN of a subscriber (from NOR).
    public func gateways(imsi: String) async throws(StoreError) -> [String: String] {
        try await read { db throws(StoreError) in
            let rows = try Self.database { try Row.fetchAll(db, sql: "SELECT apn, pgw_host FROM apn_gateways WHERE imsi = ?", arguments: [imsi]) }
            return Dictionary(rows.map { ($0["apn"] as String, $0["pgw_host"] as String) }, uniquingKeysWith: { $1 })
        }
    }

    /// The IMSI owning an IMS identity (IMPI or IMPU), for the Cx procedures.
    public func imsi(forIMSIdentity identity: String) async throws(StoreError) -> String? {
        try await read { db throws(StoreError) in
            try Self.database {
                try String.fetchOne(db, sql: "SELECT imsi FROM subscribers WHERE impi = ?", arguments: [identity])
                    ?? String.fetchOne(db, sql: "SELECT imsi FROM public_identities WHERE impu = ?", arguments: [identity])
            }
        }
    }

    /// Commits and transactions of the group commit so far.
    public var commitBatching: (transactions: Int, items: Int) { committer.batching }
}
