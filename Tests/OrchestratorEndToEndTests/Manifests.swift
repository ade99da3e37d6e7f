/// The manifests of the end-to-end test: the test workload on the cluster network and two
/// NetworkAttachmentDefinitions (like the core's ran and sgi), a Service, and bad ones.
enum Manifests {
    static func echo(replicas: Int) -> String {
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: e2e}
        ---
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: ran, namespace: e2e}
        spec:
          config: '{"cniVersion":"0.4.0","name":"ran","type":"bridge","bridge":"vcteran0","ipam":{"type":"host-local","subnet":"10.78.0.0/24"}}'
        ---
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: sgi, namespace: e2e}
        spec:
          config: '{"cniVersion":"0.4.0","name":"sgi","type":"bridge","bridge":"vctesgi0","ipam":{"type":"host-local","subnet":"10.79.0.0/24"}}'
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: echo, namespace: e2e}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: echo}}
          template:
            metadata:
              labels: {app: echo}
              annotations: {k8s.v1.cni.cncf.io/networks: "ran,sgi"}
            spec:
              terminationGracePeriodSeconds: 3
              containers:
              - name: echo
                image: vcore/testworkload:dev
                args: ["--http-port", "8080", "--udp-echo-port", "7", "--tcp-echo-port", "7"]
                ports:
                - {name: http, containerPort: 8080}
                - {name: echo-udp, containerPort: 7, protocol: UDP}
                - {name: echo-tcp, containerPort: 7, protocol: TCP}
                readinessProbe:
                  httpGet: {path: /readyz, port: http}
                  periodSeconds: 1
                livenessProbe:
                  httpGet: {path: /healthz, port: http}
                  periodSeconds: 2
                resources:
                  requests: {cpu: 50m, memory: 16Mi}
                  limits: {memory: 64Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo, namespace: e2e}
        spec:
          selector: {app: echo}
          ports:
          - {name: echo-udp, protocol: UDP, port: 7, targetPort: echo-udp}
          - {name: echo-tcp, protocol: TCP, port: 7, targetPort: echo-tcp}
        """
    }

    /// Prints a line, then exits with status 3 a moment later, again and again.
    static let crasher = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: crasher, namespace: e2e}
        spec:
          replicas: 1
          selector: {matchLabels: {app: crasher}}
          template:
            metadata: {labels: {app: crasher}}
            spec:
              containers:
              - name: crasher
                image: vcore/testworkload:dev
                args: ["--http-port", "0", "--udp-echo-port", "0", "--tcp-echo-port", "0", "--crash-after", "0.3", "--exit-code", "3"]
        """

    /// Bad manifests and a part of the message each must give: the object and the field.
    static let bad: [(name: String, manifest: String, expected: [String])] = [
        ("unknown kind", """
            apiVersion: apps/v1
            kind: Deploymnet
            metadata: {name: typo, namespace: e2e}
            """, ["Deploymnet", "typo"]),
        ("unknown field", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: extra, namespace: e2e}
            spec:
              replicass: 2
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: x, image: vcore/testworkload:dev}]}
            """, ["extra", "spec.replicass"]),
        ("wrong type", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typed, namespace: e2e}
            spec:
              replicas: two
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: x, image: vcore/testworkload:dev}]}
            """, ["typed", "spec.replicas"]),
        ("missing image", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: imageless, namespace: e2e}
            spec:
              replicas: 1
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: x}]}
            """, ["imageless", "image"]),
    ]
}
