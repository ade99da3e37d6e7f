import Foundation

/// The subscription profile column: UE-AMBR, APN configurations, allowed RATs and roaming, as
/// JSON in one TEXT column. NULL stands for the defaults, which most subscribers have: a bulk
/// import of default subscribers then writes no JSON at all.
enum SubscriberProfileCoding {
    static func encode(_ subscriber: Subscriber) -> String? {
        if subscriber.ambr == .defaultUEAMBR, subscriber.apns == APNConfiguration.defaultProfile,
           subscriber.allowedRATs == [.eutran], !subscriber.roamingAllowed {
            return nil
        }
        let object: [String: Any] = [
            "ambr": subscriber.ambr.record,
            "apns": APNConfiguration.normalised(subscriber.apns).map(\.record),
            "allowedRATs": subscriber.allowedRATs.sorted().map(\.rawValue),
            "roamingAllowed": subscriber.roamingAllowed,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?, into subscriber: inout Subscriber) throws(StoreError) {
        guard let text else { return }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw .database("subscriber \(subscriber.imsi): stored profile is not JSON")
        }
        // The stored profile was written from a validated subscriber: reading it back through the
        // same checks also refuses a profile edited by hand into something invalid.
        var record = object
        record["imsi"] = subscriber.imsi
        record["k"] = subscriber.k.hex
        record["opc"] = subscriber.opc.hex
        do {
            let profile = try Subscriber(record: record)
            subscriber.ambr = profile.ambr
            subscriber.apns = profile.apns
            subscriber.allowedRATs = profile.allowedRATs
            subscriber.roamingAllowed = profile.roamingAllowed
        } catch {
            throw .database("subscriber \(subscriber.imsi): stored profile: \(error)")
        }
    }
}
