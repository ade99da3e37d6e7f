import NodeAgent
import PodNetwork

/// The node agent's networking on the standard CNI plugins (PodNetwork), as a kubelet with Multus.
public struct CNIPodNetworking: PodNetworking {
    public let network: PodNetwork

    public init(network: PodNetwork) { self.network = network }

    public func setUp(_ request: PodNetworkSetup) async throws -> PodNetworkOutcome {
        do {
            let podRequest = try PodNetworkRequest(namespace: request.namespace, name: request.name, uid: request.uid,
                                                   cluster: network.configuration.cluster, networksAnnotation: request.networksAnnotation,
                                                   resolve: request.resolve)
            let status = try await network.setUp(pod: podRequest)
            return PodNetworkOutcome(networkNamespacePath: status.networkNamespacePath, podIP: status.podIPs.first,
                                     networkStatus: status.annotation)
        } catch {
            throw PodNetworkFailure(reason: Self.reason(error), description: error.description)
        }
    }

    public func tearDown(namespace: String, name: String, uid: String) async throws {
        try await network.tearDown(pod: PodNetworkRequest(namespace: namespace, name: name, uid: uid, attachments: []))
    }

    static func reason(_ error: PodNetworkError) -> String {
        switch error {
        case .unknownNetwork: "NetworkNotFound"
        case .invalidAnnotation: "InvalidNetworkAnnotation"
        default: "NetworkSetupFailed"
        }
    }
}
