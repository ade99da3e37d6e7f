import Foundation

// The OCI image-spec 1.0 documents this module reads and writes: image layout, index, manifest,
// image configuration. Field names are the spec's JSON names; optional fields stay nil rather
// than empty so that what is written is what the spec shows.

public enum MediaType {
    public static let index = "application/vnd.oci.image.index.v1+json"
    public static let manifest = "application/vnd.oci.image.manifest.v1+json"
    public static let config = "application/vnd.oci.image.config.v1+json"
    public static let layerTar = "application/vnd.oci.image.layer.v1.tar"
    public static let layerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// Docker's names for the same documents, accepted when reading layouts built elsewhere.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
}

public enum Annotation {
    /// The reference (`vcore/mme:dev`) an index entry is known by.
    public static let refName = "org.opencontainers.image.ref.name"
}

/// A pointer to a blob: its media type, digest and size (image-spec `descriptor.md`).
public struct Descriptor: Codable, Hashable, Sendable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var annotations: [String: String]?
    public var platform: Platform?

    public init(mediaType: String, digest: Digest, size: Int64, annotations: [String: String]? = nil, platform: Platform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }
}

public struct Platform: Codable, Hashable, Sendable {
    public var architecture: String
    public var os: String

    public init(architecture: String, os: String = "linux") {
        self.architecture = architecture
        self.os = os
    }
}

/// `oci-layout`, the marker file at the root of an image layout.
public struct LayoutMarker: Codable, Sendable {
    public var imageLayoutVersion: String = "1.0.0"
}

/// `index.json`: the images a layout holds.
public struct ImageIndex: Codable, Sendable {
    public var schemaVersion: Int = 2
    public var mediaType: String? = MediaType.index
    public var manifests: [Descriptor]
    public var annotations: [String: String]?

    public init(manifests: [Descriptor] = []) {
        self.manifests = manifests
    }
}

public struct ImageManifest: Codable, Sendable {
    public var schemaVersion: Int = 2
    public var mediaType: String? = MediaType.manifest
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?

    public init(config: Descriptor, layers: [Descriptor], annotations: [String: String]? = nil) {
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// The image configuration (`config.md`): platform, how to run it, and its layers' diff ids.
public struct ImageConfiguration: Codable, Sendable {
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var config: RunConfiguration?
    public var rootfs: RootFS
    public var history: [History]?

    public init(created: String? = nil, architecture: String, os: String = "linux", config: RunConfiguration?, rootfs: RootFS, history: [History]? = nil) {
        self.created = created
        self.architecture = architecture
        self.os = os
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// How a container of the image runs unless the pod spec says otherwise.
    public struct RunConfiguration: Codable, Sendable, Equatable {
        public var user: String?
        public var exposedPorts: [String: EmptyObject]?
        public var env: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var workingDir: String?
        public var labels: [String: String]?
        public var stopSignal: String?

        public init(user: String? = nil, exposedPorts: [String: EmptyObject]? = nil, env: [String]? = nil, entrypoint: [String]? = nil,
                    cmd: [String]? = nil, workingDir: String? = nil, labels: [String: String]? = nil, stopSignal: String? = nil) {
            self.user = user
            self.exposedPorts = exposedPorts
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.workingDir = workingDir
            self.labels = labels
            self.stopSignal = stopSignal
        }

        enum CodingKeys: String, CodingKey {
            case user = "User", exposedPorts = "ExposedPorts", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
            case workingDir = "WorkingDir", labels = "Labels", stopSignal = "StopSignal"
        }
    }

    public struct RootFS: Codable, Sendable {
        public var type: String = "layers"
        public var diffIDs: [Digest]

        public init(diffIDs: [Digest]) {
            self.diffIDs = diffIDs
        }

        enum CodingKeys: String, CodingKey {
            case type, diffIDs = "diff_ids"
        }
    }

    public struct History: Codable, Sendable {
        public var created: String?
        public var createdBy: String?
        public var comment: String?
        public var emptyLayer: Bool?

        public init(created: String? = nil, createdBy: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
            self.created = created
            self.createdBy = createdBy
            self.comment = comment
            self.emptyLayer = emptyLayer
        }

        enum CodingKeys: String, CodingKey {
            case created, createdBy = "created_by", comment, emptyLayer = "empty_layer"
        }
    }
}

/// `{}`, the value type of `ExposedPorts` and `Volumes`.
public struct EmptyObject: Codable, Hashable, Sendable {
    public init() {}
}

extension JSONEncoder {
    /// Sorted keys and no escaped slashes: the same document always gives the same bytes, so
    /// the same image gives the same digest.
    static var canonical: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
