/// A JSON document as a tree, decodable by any `Decoder` (Foundation's `JSONDecoder` reads a file into it), so
/// that a front end can check a document field by field and say exactly what is wrong where, instead of
/// relaying a `DecodingError`.
public enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order the decoder lists them (not necessarily the document's order).
    case object([String: JSONValue])

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let b = try? single.decode(Bool.self) {
                self = .bool(b)
            } else if let d = try? single.decode(Double.self) {
                self = .number(d)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// What the value is, for messages: "a string", "a number (12.5)", "an object"...
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let d): return "the number \(formatNumber(d))"
        case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "..." : s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// `s` as a JSON string literal, quotes included: `"`, `\` and control characters escaped, the rest as is.
    /// The one escaping of every JSON text augment writes (the report, COCO files).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
