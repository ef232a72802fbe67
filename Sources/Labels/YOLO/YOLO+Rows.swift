extension YOLO {
    /// One non-blank line of a label file, split on whitespace.
    struct Row {
        /// 1-based line number.
        var line: Int
        /// The values, as bytes.
        var tokens: [ArraySlice<UInt8>]
    }

    /// The non-blank lines of `bytes` split on ASCII whitespace (as Python's `str.split()`); lines end at `\n`
    /// (a `\r` before it is whitespace); a UTF-8 byte order mark at the start is skipped.
    static func rows(_ bytes: [UInt8]) -> [Row] {
        var rows: [Row] = []
        var line = 1
        var tokens: [ArraySlice<UInt8>] = []
        var start: Int? = nil
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i <= bytes.count {
            let byte: UInt8 = i < bytes.count ? bytes[i] : UInt8(ascii: "\n")
            if isSpace(byte) || byte == UInt8(ascii: "\n") {
                if let s = start {
                    tokens.append(bytes[s..<i])
                    start = nil
                }
                if byte == UInt8(ascii: "\n") {
                    if !tokens.isEmpty { rows.append(Row(line: line, tokens: tokens)) }
                    tokens.removeAll(keepingCapacity: true)
                    line += 1
                }
            } else if start == nil {
                start = i
            }
            i += 1
        }
        return rows
    }

    /// Space, tab, carriage return, vertical tab, form feed.
    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C
    }
}
