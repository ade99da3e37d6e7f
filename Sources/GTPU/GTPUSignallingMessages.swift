import NIOCore
import Wire

/// What every signalling body does: built from the decoded elements, written back as elements.
protocol GTPUSignallingBody {
    init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError)
    /// In ascending type order (TS 29.060 7.7.0), which is how conforming peers send them, so a
    /// decoded message encodes back to the same octets.
    var informationElements: [GTPUInformationElement] { get }
}

// Each body holds typed fields for the elements its message defines (TS 29.281 7) and keeps every
// other element, and repeats of defined ones, in `otherElements`: a newer peer's additions survive
// a round trip instead of being dropped.
extension GTPUMessage {
    /// Echo Request (TS 29.281 7.2.1).
    public struct EchoRequest: Hashable, Sendable, GTPUSignallingBody {
        public var privateExtension: GTPUPrivateExtension?
        public var otherElements: [GTPUInformationElement]

        public init(privateExtension: GTPUPrivateExtension? = nil, otherElements: [GTPUInformationElement] = []) {
            self.privateExtension = privateExtension
            self.otherElements = otherElements
        }

        init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError) {
            var rest = elements
            privateExtension = rest.takeFirst(\.privateExtensionValue)
            otherElements = rest
        }

        var informationElements: [GTPUInformationElement] {
            (privateExtension.elements + otherElements).sortedByType()
        }
    }

    /// Echo Response (TS 29.281 7.2.2).
    public struct EchoResponse: Hashable, Sendable, GTPUSignallingBody {
        /// The restart counter: 0 from GTP-U senders, ignored by receivers (TS 29.281 8.2).
        public var recovery: UInt8
        public var privateExtension: GTPUPrivateExtension?
        public var otherElements: [GTPUInformationElement]

        public init(recovery: UInt8 = 0, privateExtension: GTPUPrivateExtension? = nil,
                    otherElements: [GTPUInformationElement] = []) {
            self.recovery = recovery
            self.privateExtension = privateExtension
            self.otherElements = otherElements
        }

        init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError) {
            var rest = elements
            guard let recovery = rest.takeFirst(\.recoveryValue) else {
                throw CodecError(.missingMandatory("Recovery"), at: offset, in: "Echo Response")
            }
            self.recovery = recovery
            privateExtension = rest.takeFirst(\.privateExtensionValue)
            otherElements = rest
        }

        var informationElements: [GTPUInformationElement] {
            ([.recovery(recovery)] + privateExtension.elements + otherElements).sortedByType()
        }
    }

    /// Error Indication (TS 29.281 7.3.1): "I have no tunnel for this G-PDU".
    public struct ErrorIndication: Hashable, Sendable, GTPUSignallingBody {
        /// The TEID of the G-PDU that had no tunnel.
        public var teid: UInt32
        /// The address that G-PDU was sent to: the node that sends the Error Indication.
        public var peerAddress: IPAddress
        public var privateExtension: GTPUPrivateExtension?
        public var otherElements: [GTPUInformationElement]

        public init(teid: UInt32, peerAddress: IPAddress, privateExtension: GTPUPrivateExtension? = nil,
                    otherElements: [GTPUInformationElement] = []) {
            self.teid = teid
            self.peerAddress = peerAddress
            self.privateExtension = privateExtension
            self.otherElements = otherElements
        }

        init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError) {
            var rest = elements
            guard let teid = rest.takeFirst(\.teidDataIValue) else {
                throw CodecError(.missingMandatory("Tunnel Endpoint Identifier Data I"), at: offset, in: "Error Indication")
            }
            guard let peerAddress = rest.takeFirst(\.peerAddressValue) else {
                throw CodecError(.missingMandatory("GTP-U Peer Address"), at: offset, in: "Error Indication")
            }
            self.teid = teid
            self.peerAddress = peerAddress
            privateExtension = rest.takeFirst(\.privateExtensionValue)
            otherElements = rest
        }

        var informationElements: [GTPUInformationElement] {
            ([.tunnelEndpointIdentifierDataI(teid), .gtpuPeerAddress(peerAddress)]
                + privateExtension.elements + otherElements).sortedByType()
        }
    }

    /// Supported Extension Headers Notification (TS 29.281 7.2.3): the answer to a packet carrying
    /// an extension header whose comprehension is required but which the receiver does not know.
    public struct SupportedExtensionHeadersNotification: Hashable, Sendable, GTPUSignallingBody {
        public var extensionHeaderTypes: [GTPUExtensionHeaderType]
        public var otherElements: [GTPUInformationElement]

        public init(extensionHeaderTypes: [GTPUExtensionHeaderType], otherElements: [GTPUInformationElement] = []) {
            self.extensionHeaderTypes = extensionHeaderTypes
            self.otherElements = otherElements
        }

        init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError) {
            var rest = elements
            guard let types = rest.takeFirst(\.extensionHeaderTypesValue) else {
                throw CodecError(.missingMandatory("Extension Header Type List"), at: offset,
                                 in: "Supported Extension Headers Notification")
            }
            extensionHeaderTypes = types
            otherElements = rest
        }

        var informationElements: [GTPUInformationElement] {
            ([.extensionHeaderTypeList(extensionHeaderTypes)] + otherElements).sortedByType()
        }
    }

    /// End Marker (TS 29.281 7.3.2): the last packet on a path being switched, e.g. at handover.
    public struct EndMarker: Hashable, Sendable, GTPUSignallingBody {
        public var privateExtension: GTPUPrivateExtension?
        public var otherElements: [GTPUInformationElement]

        public init(privateExtension: GTPUPrivateExtension? = nil, otherElements: [GTPUInformationElement] = []) {
            self.privateExtension = privateExtension
            self.otherElements = otherElements
        }

        init(_ elements: [GTPUInformationElement], at offset: Int) throws(CodecError) {
            var rest = elements
            privateExtension = rest.takeFirst(\.privateExtensionValue)
            otherElements = rest
        }

        var informationElements: [GTPUInformationElement] {
            (privateExtension.elements + otherElements).sortedByType()
        }
    }
}

extension GTPUInformationElement {
    var recoveryValue: UInt8? {
        if case .recovery(let value) = self { return value }
        return nil
    }

    var teidDataIValue: UInt32? {
        if case .tunnelEndpointIdentifierDataI(let value) = self { return value }
        return nil
    }

    var peerAddressValue: IPAddress? {
        if case .gtpuPeerAddress(let value) = self { return value }
        return nil
    }

    var extensionHeaderTypesValue: [GTPUExtensionHeaderType]? {
        if case .extensionHeaderTypeList(let value) = self { return value }
        return nil
    }

    var privateExtensionValue: GTPUPrivateExtension? {
        if case .privateExtension(let value) = self { return value }
        return nil
    }
}

extension Optional<GTPUPrivateExtension> {
    var elements: [GTPUInformationElement] { map { [.privateExtension($0)] } ?? [] }
}

extension [GTPUInformationElement] {
    /// Removes the first element `extract` accepts and returns what it extracted.
    mutating func takeFirst<Value>(_ extract: (GTPUInformationElement) -> Value?) -> Value? {
        for index in indices {
            if let value = extract(self[index]) {
                remove(at: index)
                return value
            }
        }
        return nil
    }
}
