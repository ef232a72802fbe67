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
    var params: String?
    var affine: [Double]?
    var milliseconds: Double?

    /// The row as one line of JSON (keys in the documented order).
    var jsonLine: String {
        var s = "{\"input\":" + JSON.string(FileSystem.display(input))
        s += ",\"output\":" + JSON.string(FileSystem.display(output))
        s += ",\"copy\":\(copy),\"status\":\"\(status.rawValue)\""
        s += ",\"error\":" + (error.map(JSON.string) ?? "null")
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

/// An output stream: a file (written through a temporary name and renamed at the end) or standard output
/// (`-`, each row written and flushed as soon as it is due).
final class OutputStream {
    private let fd: Int32
    private let finalPath: [UInt8]?
    private let tempPath: [UInt8]?
    private var buffer: [UInt8] = []
    private let streaming: Bool

    init(path: String) throws(UsageError) {
        if path == "-" {
            fd = 1
            finalPath = nil
            tempPath = nil
            streaming = true
            return
        }
        let bytes = Array(path.utf8)
        let temp = AtomicFile.temporaryPath(for: bytes)
        let opened = FileSystem.withCString(temp) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard opened >= 0 else { throw UsageError("cannot write \(path): \(FileSystem.errorText(errno))") }
        fd = opened
        finalPath = bytes
        tempPath = temp
        streaming = false
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        buffer += bytes
        if streaming || buffer.count > 1 << 16 { flush() }
    }

    func flush() {
        var at = 0
        while at < buffer.count {
            let n = buffer[at...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            at += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place.
    func close() {
        flush()
        guard let finalPath, let tempPath else { return }
        Glibc.close(fd)
        _ = FileSystem.withCString(tempPath) { t in FileSystem.withCString(finalPath) { rename(t, $0) } }
    }
}
