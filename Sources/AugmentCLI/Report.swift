import Codecs
import Glibc

/// One row of the `--report` JSON Lines file.
struct ReportRow: Sendable {
    enum Status: String, Sendable { case ok, failed, skipped }
    var input: [UInt8]
    var output: [UInt8]
    var copy: Int
    var status: Status
    var error: String?
    /// Recoverable damage the decoder found in the input: the count and the first message.
    var warnings: (count: Int, first: String)?
    var params: String?
    var affine: [Double]?
    var milliseconds: Double?

    /// A row for an output (`copy` of `input`).
    init(input: [UInt8], output: [UInt8], copy: Int, status: Status, error: String? = nil,
         warnings: (count: Int, first: String)? = nil, params: String? = nil, affine: [Double]? = nil,
         milliseconds: Double? = nil) {
        self.input = input
        self.output = output
        self.copy = copy
        self.status = status
        self.error = error
        self.warnings = warnings
        self.params = params
        self.affine = affine
        self.milliseconds = milliseconds
    }

    /// The row of a folder the walk could not list: no output, no copy.
    static func unreadableFolder(_ path: [UInt8], errno: Int32) -> ReportRow {
        var row = ReportRow(input: path, output: [], copy: -1, status: .failed,
                            error: "cannot read the folder: \(FileSystem.errorText(errno)) (its files were not processed)")
        row.isFolder = true
        return row
    }

    /// Whether the row stands for a folder the walk could not list (`output` and `copy` are then null).
    var isFolder = false

    /// The row as one line of JSON (keys in the documented order).
    var jsonLine: String {
        var s = "{\"input\":" + JSON.string(FileSystem.display(input))
        s += ",\"output\":" + (isFolder ? "null" : JSON.string(FileSystem.display(output)))
        s += ",\"copy\":" + (isFolder ? "null" : "\(copy)") + ",\"status\":\"\(status.rawValue)\""
        s += ",\"error\":" + (error.map(JSON.string) ?? "null")
        if let warnings {
            s += ",\"warnings\":{\"count\":\(warnings.count),\"first\":" + JSON.string(warnings.first) + "}"
        } else {
            s += ",\"warnings\":null"
        }
        s += ",\"params\":" + (params ?? "null")
        if let a = affine, a.count == 6 {
            s += ",\"affine\":[[\(JSON.number(a[0])),\(JSON.number(a[1])),\(JSON.number(a[2]))],"
            s += "[\(JSON.number(a[3])),\(JSON.number(a[4])),\(JSON.number(a[5]))]]"
        } else {
            s += ",\"affine\":null"
        }
        s += ",\"ms\":" + (milliseconds.map { JSON.number(($0 * 1000).rounded() / 1000) } ?? "null")
        return s + "}\n"
    }
}

/// Minimal JSON text helpers (the report is written row by row, streamed).
enum JSON {
    static func string(_ s: String) -> String {
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

    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// A line-oriented output stream: the report or the failed list, a file written in place (so a killed run leaves
/// the lines it finished) or standard output (`-`). Each line goes out whole in its own `write` calls as soon as
/// it is due; the first write error is kept in ``failure`` (and nothing more is written), for the run to stop on.
final class OutputStream {
    private let fd: Int32
    /// What the stream is, for messages: the path, or "standard output".
    let name: String
    /// The first write error ("No space left on device"), nil while every line went out.
    private(set) var failure: String?

    init(path: String) throws(UsageError) {
        if path == "-" {
            fd = 1
            name = "standard output"
            return
        }
        let opened = FileSystem.withCString(Array(path.utf8)) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard opened >= 0 else { throw UsageError("cannot write \(path): \(FileSystem.errorText(errno))") }
        fd = opened
        name = path
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes `bytes` now (retrying short writes and EINTR); on an error records it and drops the rest.
    func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failure = n < 0 ? FileSystem.errorText(errno) : "the write made no progress"
                return
            }
            at += n
        }
    }

    /// Closes a file (standard output stays open); a close error (NFS reports some only here) is a failure too.
    func close() {
        guard fd != 1 else { return }
        if Glibc.close(fd) != 0 && failure == nil { failure = FileSystem.errorText(errno) }
    }
}
