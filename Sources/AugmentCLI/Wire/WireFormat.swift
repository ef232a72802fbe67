/// A small binary encoding for the jobs and results that cross the worker pipes: fields in order, integers
/// little-endian, byte strings length-prefixed. Paths travel as raw bytes.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 } }
    mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func data(_ v: [UInt8]) {
        int(v.count)
        bytes += v
    }
    mutating func string(_ v: String) { data(Array(v.utf8)) }
    /// A presence flag, then the bytes.
    mutating func optionalData(_ v: [UInt8]?) {
        bool(v != nil)
        if let v { data(v) }
    }
}

/// Reads what ``WireWriter`` wrote; a malformed message is an error, never a crash.
struct WireReader {
    struct Malformed: Error {}
    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func int() throws(Malformed) -> Int {
        guard at + 8 <= bytes.count else { throw Malformed() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        at += 8
        return Int(Int64(bitPattern: v))
    }
    mutating func double() throws(Malformed) -> Double {
        let v = try int()
        return Double(bitPattern: UInt64(bitPattern: Int64(v)))
    }
    mutating func bool() throws(Malformed) -> Bool {
        guard at < bytes.count else { throw Malformed() }
        at += 1
        return bytes[at - 1] != 0
    }
    mutating func data() throws(Malformed) -> [UInt8] {
        let n = try int()
        guard n >= 0, at + n <= bytes.count else { throw Malformed() }
        at += n
        return Array(bytes[(at - n)..<at])
    }
    mutating func string() throws(Malformed) -> String { String(decoding: try data(), as: UTF8.self) }
    mutating func optionalData() throws(Malformed) -> [UInt8]? { try bool() ? try data() : nil }
}
