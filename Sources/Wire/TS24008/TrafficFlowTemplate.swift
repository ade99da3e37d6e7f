import NIOCore

/// Traffic Flow Template (TS 24.008 10.5.6.12), carried in NAS ESM messages and in the GTPv2-C
/// Bearer TFT IE: which packets belong to a dedicated bearer.
public struct TrafficFlowTemplate: Hashable, Sendable {
    public struct Operation: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue & 0x07 }

        public static let createNew = Self(rawValue: 1)
        public static let deleteExisting = Self(rawValue: 2)
        public static let addPacketFilters = Self(rawValue: 3)
        public static let replacePacketFilters = Self(rawValue: 4)
        public static let deletePacketFilters = Self(rawValue: 5)
        public static let noOperation = Self(rawValue: 6)

        /// Operations whose list holds whole packet filters rather than bare identifiers.
        var carriesFilters: Bool { [1, 3, 4].contains(rawValue) }
    }

    public var operation: Operation
    /// Whole filters for create/add/replace.
    public var packetFilters: [PacketFilter]
    /// Identifiers alone, for "delete packet filters from existing TFT".
    public var deletedFilterIDs: [UInt8]
    /// The optional parameters list (authorization token, flow identifier, packet filter ids).
    public var parameters: [Parameter]?

    public struct Parameter: Hashable, Sendable {
        public var id: UInt8
        public var contents: ByteBuffer
        public init(id: UInt8, contents: ByteBuffer) {
            self.id = id
            self.contents = contents
        }
    }

    public init(operation: Operation, packetFilters: [PacketFilter] = [], deletedFilterIDs: [UInt8] = [],
                parameters: [Parameter]? = nil) {
        self.operation = operation
        self.packetFilters = packetFilters
        self.deletedFilterIDs = deletedFilterIDs
        self.parameters = parameters
    }

    public static func decode(_ reader: inout WireReader) throws(CodecError) -> TrafficFlowTemplate {
        let at = reader.offset
        let first = try reader.u8("TFT operation")
        var tft = TrafficFlowTemplate(operation: Operation(rawValue: first >> 5))
        let count = Int(first & 0x0F)
        if tft.operation.carriesFilters {
            for _ in 0..<count { tft.packetFilters.append(try PacketFilter.decode(&reader)) }
        } else if tft.operation == .deletePacketFilters {
            for _ in 0..<count {
                let id = try reader.u8("TFT packet filter identifier")
                guard id & 0xF0 == 0 else { throw reader.error(.invalidValue("spare bits set"), "TFT packet filter identifier") }
                tft.deletedFilterIDs.append(id)
            }
        } else if count != 0 {
            throw CodecError(.invalidValue("\(count) filters with operation \(tft.operation.rawValue)"), at: at, in: "TFT")
        }
        if first & 0x10 != 0 {
            var parameters = [Parameter]()
            while !reader.isAtEnd {
                let id = try reader.u8("TFT parameter identifier")
                let length = Int(try reader.u8("TFT parameter length"))
                parameters.append(Parameter(id: id, contents: try reader.bytes(length, "TFT parameter contents")))
            }
            tft.parameters = parameters
        }
        try reader.expectEnd("TFT")
        return tft
    }

    public func encode(into writer: inout WireWriter) {
        let count = operation == .deletePacketFilters ? deletedFilterIDs.count : packetFilters.count
        writer.writeU8(operation.rawValue << 5 | (parameters == nil ? 0 : 0x10) | UInt8(truncatingIfNeeded: count & 0x0F))
        if operation == .deletePacketFilters {
            for id in deletedFilterIDs { writer.writeU8(id & 0x0F) }
        } else {
            for filter in packetFilters { filter.encode(into: &writer) }
        }
        for parameter in parameters ?? [] {
            writer.writeU8(parameter.id)
            writer.writeU8(UInt8(truncatingIfNeeded: parameter.contents.readableBytes))
            writer.writeBuffer(parameter.contents)
        }
    }
}
