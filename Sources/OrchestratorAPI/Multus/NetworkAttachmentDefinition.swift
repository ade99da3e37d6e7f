/// k8s.cni.cncf.io/v1 NetworkAttachmentDefinition, as Multus defines it: an extra network a pod
/// joins through the `k8s.v1.cni.cncf.io/networks` annotation. `spec.config` is a CNI network
/// configuration (JSON text), passed to the CNI plugins as is.
public struct NetworkAttachmentDefinition: APIObject {
    public static let resource = ResourceType(group: "k8s.cni.cncf.io", version: "v1", kind: "NetworkAttachmentDefinition",
                                              plural: "network-attachment-definitions", namespaced: true)
    public struct Spec: Codable, Hashable, Sendable {
        public var config: String?

        public init(config: String?) { self.config = config }
    }

    public var apiVersion: String? = "k8s.cni.cncf.io/v1"
    public var kind: String? = "NetworkAttachmentDefinition"
    public var metadata: ObjectMeta
    public var spec: Spec

    public init(metadata: ObjectMeta, config: String) {
        self.metadata = metadata
        spec = Spec(config: config)
    }
}
