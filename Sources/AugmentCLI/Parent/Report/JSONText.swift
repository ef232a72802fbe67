import Augment

/// Minimal JSON text helpers (the report is written row by row, streamed).
enum JSON {
    static func string(_ s: String) -> String { JSONValue.quoted(s) }

    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
