import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Diameter

/// Checks every definition against Wireshark's Diameter dictionary, an oracle written by other people
/// from the same specifications.
@Suite("Dictionary against Wireshark's")
struct DictionaryCrossCheckTests {
    static let directory = "/usr/share/wireshark/diameter"
    static let installed = FileManager.default.fileExists(atPath: directory + "/dictionary.xml")

    struct Key: Hashable, CustomStringConvertible {
        let code: UInt32, vendor: UInt32
        var description: String { "\(code)/\(vendor)" }
    }

    /// Where our type is not Wireshark's: Wireshark's type, and the specification clause that gives ours.
    static let typeExceptions: [Key: (wireshark: String, reason: String)] = [
        Key(code: 291, vendor: 0): ("Integer32", "RFC 6733 8.9: Authorization-Lifetime is Unsigned32"),
        Key(code: 268, vendor: 0): ("Enumerated", "RFC 6733 7.1: Result-Code is Unsigned32 (Wireshark names values)"),
        Key(code: 298, vendor: 0): ("Enumerated", "RFC 6733 7.7: Experimental-Result-Code is Unsigned32"),
        Key(code: 299, vendor: 0): ("Enumerated", "RFC 6733 6.10: Inband-Security-Id is Unsigned32"),
        Key(code: 270, vendor: 0): ("Enumerated", "RFC 6733 8.17: Session-Binding is an Unsigned32 bit mask"),
        Key(code: 8, vendor: 0): ("IPAddress", "RFC 7155 4.4.10.5.1: Framed-IP-Address is OctetString, 4 octets "
                                     + "without an address family"),
        Key(code: 9, vendor: 0): ("IPAddress", "RFC 7155 4.4.10.5.2: Framed-IP-Netmask is OctetString"),
        Key(code: 4, vendor: 10415): ("IPAddress", "TS 29.061 16.4.7: 3GPP-CG-Address is OctetString (the RADIUS "
                                          + "sub-attribute value, no address family)"),
        Key(code: 6, vendor: 10415): ("IPAddress", "TS 29.061 16.4.7: 3GPP-SGSN-Address is OctetString"),
        Key(code: 7, vendor: 10415): ("IPAddress", "TS 29.061 16.4.7: 3GPP-GGSN-Address is OctetString"),
        Key(code: 10, vendor: 10415): ("UTF8String", "TS 29.061 16.4.7: 3GPP-NSAPI is OctetString"),
        Key(code: 11, vendor: 10415): ("UTF8String", "TS 29.061 16.4.7: 3GPP-Session-Stop-Indicator is "
                                           + "OctetString (its value 0xFF is not UTF-8)"),
        Key(code: 524, vendor: 10415): ("UTF8String", "TS 29.214 5.3.7: Codec-Data is OctetString"),
        Key(code: 1665, vendor: 10415): ("Enumerated", "TS 29.272 7.3.181: SIPTO-Local-Network-Permission is "
                                             + "Unsigned32"),
        Key(code: 1682, vendor: 10415): ("Enumerated", "TS 29.272 7.3.206: Non-IP-Data-Delivery-Mechanism is "
                                             + "Unsigned32"),
        Key(code: 1690, vendor: 10415): ("Enumerated", "TS 29.272 7.3.216: PDN-Connection-Continuity is Unsigned32"),
        Key(code: 1702, vendor: 10415): ("Enumerated", "TS 29.272 7.3.240: Operation-Mode is Unsigned32"),
        Key(code: 2823, vendor: 10415): ("Enumerated", "TS 29.212 5.3.110: Presence-Reporting-Area-Status is "
                                             + "Unsigned32"),
        Key(code: 2824, vendor: 10415): ("Enumerated", "TS 29.212 5.3.111: NetLoc-Access-Support is Unsigned32"),
        Key(code: 2826, vendor: 10415): ("Enumerated", "TS 29.212 5.3.112: PCSCF-Restoration-Indication is "
                                             + "Unsigned32"),
    ]

    /// Wireshark's type names, with its derived types (AppId, VendorId, ...) mapped to the RFC 6733 ones.
    static func dataType(wireshark name: String) -> AVPDataType? {
        switch name {
        case "OctetString", "OctetStringOrUTF8", "MIPRegistrationRequest": .octetString
        case "UTF8String": .utf8String
        case "Unsigned32", "AppId", "VendorId": .unsigned32
        case "Unsigned64": .unsigned64
        case "Integer32": .integer32
        case "Integer64": .integer64
        case "Float32": .float32
        case "Float64": .float64
        case "Enumerated": .enumerated
        case "Grouped": .grouped
        case "DiameterIdentity": .diameterIdentity
        case "DiameterURI": .diameterURI
        case "IPAddress", "Address": .address
        case "Time": .time
        case "IPFilterRule": .ipFilterRule
        case "QoSFilterRule": .qosFilterRule
        default: nil
        }
    }

    @Test(.enabled(if: installed, "Wireshark's Diameter dictionary is not installed in /usr/share/wireshark/diameter"))
    func typesAgreeWithWireshark() throws {
        let wireshark = try WiresharkDiameterDictionary(directory: Self.directory)
        #expect(wireshark.entries.count > 2000, "parsed only \(wireshark.entries.count) Wireshark AVPs")
        var compared = 0
        var absent: [AVPDefinition] = []
        for definition in AVPDefinition.allStandard {
            let key = Key(code: definition.code, vendor: definition.vendor)
            guard let entry = wireshark.entries[key] else {
                absent.append(definition)
                continue
            }
            compared += 1
            if let exception = Self.typeExceptions[key] {
                #expect(entry.type == exception.wireshark,
                        "\(definition): the exception expects Wireshark's \(exception.wireshark), it now says \(entry.type)")
                #expect(definition.type != Self.dataType(wireshark: entry.type), "\(definition): stale exception")
                continue
            }
            let theirs = Self.dataType(wireshark: entry.type)
            #expect(theirs != nil, "\(definition): unknown Wireshark type \(entry.type)")
            #expect(definition.type == theirs,
                    "\(definition) is \(definition.type) here, \(entry.type) in Wireshark (\(entry.name), \(entry.file))")
        }
        for key in Self.typeExceptions.keys {
            #expect(DiameterDictionary.standard.definition(code: key.code, vendor: key.vendor) != nil,
                    "exception for \(key), which is not in the dictionary")
        }
        print("Compared \(compared) definitions with Wireshark's dictionary (\(Self.typeExceptions.count) listed "
              + "exceptions); not in Wireshark's: \(absent.map(\.description).joined(separator: ", "))")
        #expect(compared + absent.count == AVPDefinition.allStandard.count)
        #expect(absent.count < 20)
    }
}

/// The AVPs of Wireshark's dictionary files: dictionary.xml and the files it includes as entities,
/// which are XML fragments (several top-level elements), so each is wrapped before parsing.
private struct WiresharkDiameterDictionary {
    struct Entry {
        let name: String
        let type: String
        let file: String
    }

    private(set) var entries: [DictionaryCrossCheckTests.Key: Entry] = [:]

    init(directory: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xml") }.sorted()
        let collector = WiresharkXMLCollector()
        for file in files {
            collector.file = file
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let parser = XMLParser(data: Data(Self.wrapped(text).utf8))
            parser.delegate = collector
            guard parser.parse() else {
                throw WiresharkDictionaryError(file: file, reason: parser.parserError.map { "\($0)" } ?? "unknown")
            }
        }
        for avp in collector.avps {
            guard let vendor = collector.vendorCodes[avp.vendor] else { continue }
            let key = DictionaryCrossCheckTests.Key(code: avp.code, vendor: vendor)
            if entries[key] == nil { entries[key] = Entry(name: avp.name, type: avp.type, file: avp.file) }
        }
    }

    /// Drops the XML declaration, the DOCTYPE (whose entities pull in the other files, parsed on
    /// their own here) and the references to those entities, then wraps what is left in one root.
    static func wrapped(_ text: String) -> String {
        var text = text.replacing(#/<\?xml[^>]*\?>/#, with: "")
        if let start = text.range(of: "<!DOCTYPE"), let end = text.range(of: "]>", range: start.upperBound..<text.endIndex) {
            text.removeSubrange(start.lowerBound..<end.upperBound)
        }
        text = text.replacing(#/&(?!amp;|lt;|gt;|quot;|apos;|#)[A-Za-z0-9_]+;/#, with: "")
        return "<wireshark>" + text + "</wireshark>"
    }
}

private struct WiresharkDictionaryError: Error, CustomStringConvertible {
    let file: String, reason: String
    var description: String { "cannot parse \(file): \(reason)" }
}

private final class WiresharkXMLCollector: NSObject, XMLParserDelegate {
    struct RawAVP {
        let name: String, code: UInt32, vendor: String, file: String
        var type: String
    }

    var file = ""
    var vendorCodes: [String: UInt32] = ["None": 0]
    var avps: [RawAVP] = []
    private var current: RawAVP?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "vendor":
            if let id = attributes["vendor-id"], let code = attributes["code"].flatMap({ UInt32($0) }) {
                vendorCodes[id] = code
            }
        case "avp":
            guard let code = attributes["code"].flatMap({ UInt32($0) }) else { return }
            current = RawAVP(name: attributes["name"] ?? "", code: code, vendor: attributes["vendor-id"] ?? "None",
                             file: file, type: "")
        case "type":
            if current?.type.isEmpty == true { current?.type = attributes["type-name"] ?? "" }
        case "grouped":
            current?.type = "Grouped"
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName: String?) {
        if elementName == "avp", let avp = current {
            avps.append(avp)
            current = nil
        }
    }
}
