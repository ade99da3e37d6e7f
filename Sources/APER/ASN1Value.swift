/// An ASN.1 value in the abstract, whatever its type: what a decoded value looks like to a person
/// or to another codec. Tests compare these with pycrate's values through `json`.
public indirect enum ASN1Value: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: ASN1Value
        public init(_ name: String, _ value: ASN1Value) {
            self.name = name
            self.value = value
        }
    }

    case integer(Int64)
    case unsigned(UInt64)
    case boolean(Bool)
    case null
    /// An ENUMERATED value by name; an extension value this codec does not know is "extension(k)".
    case enumerated(String)
    case bitString(BitString)
    case octetString([UInt8])
    case string(String)
    /// A CHOICE: the alternative's name and value.
    case choice(String, ASN1Value)
    /// A SEQUENCE: its present components, in order.
    case sequence([Field])
    case list([ASN1Value])
    /// An open type whose contents this codec does not model.
    case open([UInt8])

    /// Canonical JSON: object keys sorted, no spaces. INTEGER and ENUMERATED as numbers and names,
    /// BIT STRING as a string of 0 and 1, OCTET STRING as lowercase hex, CHOICE as a one-key
    /// object, SEQUENCE as an object of its present components, open type as {"_open": hex}.
    public var json: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .integer(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .boolean(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .enumerated(let name): Self.quote(name, into: &out)
        case .bitString(let bits): Self.quote(bits.binary, into: &out)
        case .octetString(let bytes): Self.quote(Self.hex(bytes), into: &out)
        case .string(let text): Self.quote(text, into: &out)
        case .choice(let name, let value):
            out += "{"
            Self.quote(name, into: &out)
            out += ":"
            value.write(into: &out)
            out += "}"
        case .sequence(let fields):
            out += "{"
            for (index, field) in fields.sorted(by: { $0.name < $1.name }).enumerated() {
                if index > 0 { out += "," }
                Self.quote(field.name, into: &out)
                out += ":"
                field.value.write(into: &out)
            }
            out += "}"
        case .list(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .open(let bytes):
            out += "{\"_open\":"
            Self.quote(Self.hex(bytes), into: &out)
            out += "}"
        }
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    let hex = String(scalar.value, radix: 16)
                    if scalar.value > 0xFFFF {
                        // Outside the BMP: a surrogate pair, as Python's json.dumps writes it.
                        let value = scalar.value - 0x10000
                        for unit in [0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF)] {
                            out += "\\u" + String(unit, radix: 16)
                        }
                    } else {
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
