import Foundation
import OrchestratorAPI
import OrchestratorStore

/// What a request gets back: one JSON body, or a stream of chunks (watch, followed logs).
enum APIResponse: Sendable {
    case body(status: Int, contentType: String, Data)
    case stream(status: Int, contentType: String, AsyncStream<Data>)

    static func json(_ status: Int, _ value: some Encodable) -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .body(status: status, contentType: "application/json", (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    /// A Kubernetes `Status` object describing a failure.
    static func failure(_ code: Int, reason: String, _ message: String) -> APIResponse {
        json(code, StatusObject(status: "Failure", message: message, reason: reason, code: code))
    }

    static func failure(_ error: StoreError) -> APIResponse {
        failure(error.httpStatus, reason: error.reason.rawValue, error.message)
    }

    static func failure(_ error: ManifestError) -> APIResponse {
        failure(422, reason: "Invalid", error.description)
    }
}

struct StatusObject: Codable {
    var apiVersion = "v1"
    var kind = "Status"
    var status: String
    var message: String
    var reason: String
    var code: Int
}

/// `PodList`, `DeploymentList`, ...: the shape of a list response.
struct ObjectList<T: APIObject>: Encodable {
    struct ListMeta: Encodable {
        var resourceVersion: String
    }

    var apiVersion = T.resource.apiVersion
    var kind = T.resource.kind + "List"
    var metadata: ListMeta
    var items: [T]
}

/// The autoscaling/v1 Scale subresource of Deployments and ReplicaSets (`vcore scale`).
struct Scale: Codable {
    struct Spec: Codable {
        var replicas: Int?
    }

    struct Status: Codable {
        var replicas: Int
        var selector: String?
    }

    var apiVersion: String? = "autoscaling/v1"
    var kind: String? = "Scale"
    var metadata: ObjectMeta
    var spec: Spec
    var status: Status?
}
