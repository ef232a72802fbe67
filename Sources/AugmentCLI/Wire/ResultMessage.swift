/// What a worker sends back: one row per output.
struct ResultMessage: Sendable {
    struct Row: Sendable {
        var copy: Int
        var error: String?
        /// The sampled parameters, as JSON.
        var params: String
        /// Input-to-output pixel coordinates, rows [a b c; d e f].
        var affine: [Double]
        var milliseconds: Double
        /// Warnings the decoder emitted for the input (recoverable damage), 0 when none.
        var warnings: Int = 0
        /// The first warning's text, "" when none.
        var firstWarning: String = ""
        /// Labels read, written and dropped (clipped away or filtered) for this output; nil without labels.
        var labels: LabelCounts? = nil
        /// `--labels coco`: the output's image row and annotation rows (new id, compact JSON text); nil otherwise.
        var coco: COCORows? = nil
        /// With `--jpeg-lossless`: whether the image was made in the DCT domain, or why not; nil without it (and
        /// for an output that failed).
        var lossless: LosslessOutcome? = nil
    }

    /// An output's rows of the COCO file, each with its id.
    struct COCORows: Sendable {
        var image: (id: Int, text: [UInt8])
        var annotations: [(id: Int, text: [UInt8])]
    }
    var rows: [Row]

    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.int(rows.count)
        for row in rows {
            w.int(row.copy)
            w.bool(row.error != nil)
            w.string(row.error ?? "")
            w.string(row.params)
            w.int(row.affine.count)
            for v in row.affine { w.double(v) }
            w.double(row.milliseconds)
            w.int(row.warnings)
            w.string(row.firstWarning)
            w.bool(row.labels != nil)
            if let l = row.labels {
                w.int(l.read)
                w.int(l.written)
                w.int(l.dropped)
            }
            w.bool(row.coco != nil)
            if let c = row.coco {
                w.int(c.image.id)
                w.data(c.image.text)
                w.int(c.annotations.count)
                for a in c.annotations {
                    w.int(a.id)
                    w.data(a.text)
                }
            }
            w.bool(row.lossless != nil)
            if let outcome = row.lossless {
                w.bool(outcome.reason == nil)
                w.string(outcome.reason ?? "")
            }
        }
        return w.bytes
    }

    init(rows: [Row]) { self.rows = rows }

    init(decoding bytes: [UInt8]) throws(WireReader.Malformed) {
        var r = WireReader(bytes)
        let n = try r.int()
        guard n >= 0 && n < 1 << 20 else { throw WireReader.Malformed() }
        rows = []
        for _ in 0..<n {
            let copy = try r.int()
            let failed = try r.bool()
            let error = try r.string()
            let params = try r.string()
            let count = try r.int()
            guard count >= 0 && count <= 6 else { throw WireReader.Malformed() }
            var affine: [Double] = []
            for _ in 0..<count { affine.append(try r.double()) }
            var row = Row(copy: copy, error: failed ? error : nil, params: params, affine: affine,
                          milliseconds: try r.double(), warnings: try r.int(), firstWarning: try r.string())
            if try r.bool() { row.labels = LabelCounts(read: try r.int(), written: try r.int(), dropped: try r.int()) }
            if try r.bool() {
                let image = (id: try r.int(), text: try r.data())
                let m = try r.int()
                guard m >= 0 && m < 1 << 28 else { throw WireReader.Malformed() }
                var annotations: [(id: Int, text: [UInt8])] = []
                for _ in 0..<m { annotations.append((try r.int(), try r.data())) }
                row.coco = COCORows(image: image, annotations: annotations)
            }
            if try r.bool() {
                let taken = try r.bool()
                let reason = try r.string()
                row.lossless = taken ? .taken : .declined(reason)
            }
            rows.append(row)
        }
    }
}

/// Whether `--jpeg-lossless` made an output's image in the DCT domain.
enum LosslessOutcome: Sendable, Hashable {
    /// Transformed losslessly (coefficients moved, not re-encoded).
    case taken
    /// Decoded and encoded as without the flag, for this reason (an op that is not exact, a PNG input, a transform
    /// that is not perfect on this image's MCUs, damage TurboJPEG stopped at).
    case declined(String)

    /// Why not, nil when taken.
    var reason: String? {
        if case .declined(let r) = self { return r }
        return nil
    }
}

/// How many labels an output's label file got: read from the input's, written, and dropped (left the canvas, or
/// under `--min-visibility` / `--min-area`).
struct LabelCounts: Sendable, Hashable {
    var read: Int
    var written: Int
    var dropped: Int
}
