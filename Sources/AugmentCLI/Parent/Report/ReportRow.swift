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
    /// Labels read, written and dropped, for a run with labels.
    var labels: LabelCounts?
    /// With `--jpeg-lossless`: whether the image was made in the DCT domain, or why not.
    var lossless: LosslessOutcome?
    var params: String?
    var affine: [Double]?
    var milliseconds: Double?

    /// A row for an output (`copy` of `input`).
    init(input: [UInt8], output: [UInt8], copy: Int, status: Status, error: String? = nil,
         warnings: (count: Int, first: String)? = nil, labels: LabelCounts? = nil, lossless: LosslessOutcome? = nil,
         params: String? = nil,
         affine: [Double]? = nil,
         milliseconds: Double? = nil) {
        self.input = input
        self.output = output
        self.copy = copy
        self.status = status
        self.error = error
        self.warnings = warnings
        self.labels = labels
        self.lossless = lossless
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
        if let labels {
            s += ",\"labels\":{\"in\":\(labels.read),\"out\":\(labels.written),\"dropped\":\(labels.dropped)}"
        }
        if let lossless {
            s += ",\"lossless\":" + (lossless.reason == nil ? "true" : "false")
            if let reason = lossless.reason { s += ",\"lossless_reason\":" + JSON.string(reason) }
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
