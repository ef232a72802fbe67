public import Augment

/// A JSON reader over bytes that hands out values one at a time, so that a large document (a COCO file of a
/// gigabyte) is walked once without its whole tree in memory: the caller reads the top-level object member by
/// member and each element of a large array as its own ``JSONValue``.
///
/// Strict RFC 8259: no comments, no trailing commas; strings must be UTF-8 (`\u` escapes, surrogate pairs
/// included); numbers are read as `Double` (exact for integers up to 2^53). Nesting deeper than ``maxDepth``
/// is refused, so a hostile file cannot exhaust the stack.
public struct JSONReader {
    /// How deep arrays and objects may nest.
    public static let maxDepth = 512

    private let bytes: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset = 0

    /// A reader of `bytes` from its start.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The error at the current offset, with its line and column.
    func error(_ message: String) -> LabelError {
        var line = 1, column = 1
        for b in bytes[..<min(offset, bytes.count)] {
            if b == UInt8(ascii: "\n") { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        return LabelError(.badJSON, "line \(line), column \(column): \(message)")
    }

    mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
    }

    /// Consumes `byte` (after white space) or throws.
    public mutating func expect(_ byte: UInt8) throws(LabelError) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        offset += 1
    }

    /// Consumes `byte` (after white space) when it is next; returns whether it was.
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Whether only white space is left.
    public mutating func atEnd() -> Bool {
        skipSpace()
        return offset == bytes.count
    }

    /// Walks the members of an object: `body` gets each key and must read its value (``value()`` or its own
    /// walk).
    public mutating func members(_ body: (inout JSONReader, String) throws(LabelError) -> Void) throws(LabelError) {
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            skipSpace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Walks the elements of an array: `body` must read each element.
    public mutating func elements(_ body: (inout JSONReader) throws(LabelError) -> Void) throws(LabelError) {
        try expect(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) { return }
        repeat { try body(&self) } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    /// Reads the next value whole.
    public mutating func value() throws(LabelError) -> JSONValue { try value(depth: 0) }

    private mutating func value(depth: Int) throws(LabelError) -> JSONValue {
        guard depth < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
        skipSpace()
        guard offset < bytes.count else { throw error("unexpected end of the document") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try self.members { (r: inout JSONReader, key: String) throws(LabelError) in
                members[key] = try r.value(depth: depth + 1)
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try elements { (r: inout JSONReader) throws(LabelError) in items.append(try r.value(depth: depth + 1)) }
            return .array(items)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(LabelError) {
        let w = Array(word.utf8)
        guard bytes.count - offset >= w.count, bytes[offset..<(offset + w.count)].elementsEqual(w) else {
            throw error("unexpected text")
        }
        offset += w.count
    }

    private mutating func number() throws(LabelError) -> Double {
        let start = offset
        func digits() -> Int {
            let s = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - s
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let intStart = offset
        let n = digits()
        guard n > 0, !(n > 1 && bytes[intStart] == 0x30) else { offset = start; throw error("not a JSON value") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("a number needs digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        guard let v = Double(String(decoding: bytes[start..<offset], as: UTF8.self)), v.isFinite else {
            throw error("the number is out of range")
        }
        return v
    }

    private mutating func hex4() throws(LabelError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error("a \\u escape needs 4 hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[offset] | 0x20
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw error("a \\u escape needs 4 hex digits")
            }
            v = v << 4 | UInt32(d)
            offset += 1
        }
        return v
    }

    /// Reads a string (the offset at its opening quote).
    public mutating func string() throws(LabelError) -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw error("a string is not closed") }
            let b = bytes[offset]
            offset += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { throw error("a string is not closed") }
                let e = bytes[offset]
                offset += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xd800..<0xdc00).contains(scalar), bytes.count - offset >= 6, bytes[offset] == 0x5c,
                        bytes[offset + 1] == UInt8(ascii: "u")
                    {
                        offset += 2
                        let low = try hex4()
                        guard (0xdc00..<0xe000).contains(low) else { throw error("a lone UTF-16 surrogate") }
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("a lone UTF-16 surrogate") }
                    out += Array(String(Character(u)).utf8)
                default: throw error("a bad escape in a string")
                }
            case 0..<0x20: throw error("a control character in a string")
            default: out.append(b)
            }
        }
    }
}
