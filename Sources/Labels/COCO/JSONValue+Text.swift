public import Augment

extension JSONValue {
    /// The keys COCO writers put first, in this order; other keys follow in byte order of their names.
    static let cocoKeyOrder = ["id", "image_id", "category_id", "file_name", "width", "height", "segmentation",
                               "area", "bbox", "iscrowd", "keypoints", "num_keypoints", "size", "counts"]

    /// Compact JSON text of the value, the same bytes for the same value: members in ``cocoKeyOrder`` then by
    /// name, no spaces, numbers that are whole (below 2^53) without a fraction, other numbers in Swift's shortest
    /// form that reads back exactly (`12.5`, `1e-05`), strings escaped as JSON requires.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let v): out += Self.number(v)
        case .string(let s): Self.string(s, into: &out)
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in Self.orderedKeys(members).enumerated() {
                if i > 0 { out += "," }
                Self.string(key, into: &out)
                out += ":"
                members[key]!.write(into: &out)
            }
            out += "}"
        }
    }

    /// The keys of an object in writing order.
    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let known = cocoKeyOrder.filter { members[$0] != nil }
        let rest = members.keys.filter { !cocoKeyOrder.contains($0) }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return known + rest
    }

    /// A number as JSON: whole numbers below 2^53 without a fraction, others in the shortest exact form.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 { return String(Int64(v)) }
        return v.description
    }

    static func string(_ s: String, into out: inout String) { out += JSONValue.quoted(s) }

    /// The members of an object, nil for anything else.
    public var objectValue: [String: JSONValue]? { if case .object(let m) = self { m } else { nil } }
    /// The elements of an array, nil for anything else.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The number, nil for anything else.
    public var numberValue: Double? { if case .number(let v) = self { v } else { nil } }
    /// The string, nil for anything else.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The number when it is a whole number that fits an `Int` exactly (below 2^53), nil otherwise.
    public var intValue: Int? {
        guard case .number(let v) = self, v == v.rounded(), abs(v) < 9_007_199_254_740_992 else { return nil }
        return Int(v)
    }
}
