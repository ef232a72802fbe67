/// The size-changing ops in the grammar, the checked JSON front end, the `Codable` form and ``OpLimits``.
///
/// Grammar: `resize=WxH|short:S|long:L|fit:WxH[,resample=F]`, `crop=WxH[,at=center|random|FX:FY][,fill=C]`,
/// `pad=WxH[,fill=C]`, `letterbox=WxH[,fill=C][,resample=F]`,
/// `random-resized-crop=WxH[,scale=A..B][,ratio=A..B][,resample=F][,draw=U]`. JSON uses the same names with the
/// value as `"size"` (the same string): `{"op": "resize", "size": "short:256", "resample": "bicubic"}`,
/// `{"op": "crop", "size": "224x224", "at": "random"}` (or `[fx, fy]`), `{"op": "random-resized-crop",
/// "size": "224x224", "scale": [0.08, 1], "ratio": [0.75, 1.3333]}`.
extension PipelineOp {
    /// The op names.
    static let sizeOpNames = ["resize", "crop", "pad", "letterbox", "random-resized-crop"]

    /// The keys each op takes in the grammar, `p` aside.
    static func sizeOpGrammarKeys(_ name: String) -> [String] {
        switch name {
        case "resize": return ["resample"]
        case "crop": return ["at", "fill"]
        case "pad": return ["fill"]
        case "letterbox": return ["fill", "resample"]
        default: return ["scale", "ratio", "resample", "draw"]
        }
    }

    /// The keys each op takes in JSON, `op` and `p` aside.
    static func sizeOpJSONKeys(_ name: String) -> [String] { ["size"] + sizeOpGrammarKeys(name) }

    /// `nearest|box|bilinear|hamming|bicubic|lanczos` (or a choice).
    static func parseResizeFilter(_ s: String, _ fail: (String) -> AugmentError) throws(AugmentError) -> Param<ResizeFilter> {
        guard let v = parseChoice(s, { ResizeFilter(rawValue: $0) }) else {
            throw fail("resample=nearest|box|bilinear|hamming|bicubic|lanczos, got '\(s)'")
        }
        return v
    }
}

extension PipelineOp.Kind {
    /// Reads `NAME=VALUE,KEY=VALUE...` of a size-changing op.
    init(sizeOp name: String, value: String?, grammar key: (String) -> String?, _ fail: (String) -> AugmentError)
        throws(AugmentError)
    {
        let form = name == "resize" ? "WxH, short:S, long:L or fit:WxH" : "WxH"
        guard let value, !value.isEmpty else { throw fail("\(name)=\(form) (integers)") }
        if name == "resize" {
            guard let t = ResizeTarget(parsing: value) else { throw fail("resize=\(form) with integers, got '\(value)'") }
            var r = ResizeSpec(target: t)
            if let s = key("resample") { r.resample = try PipelineOp.parseResizeFilter(s, fail) }
            self = .resize(r)
            return
        }
        guard let (w, h) = parseSize(value) else { throw fail("\(name)=WxH with integers, got '\(value)'") }
        let fill = try key("fill").map { (s) throws(AugmentError) in try PipelineOp.parseFill(s, fail) }
        func single(_ s: String?) throws(AugmentError) -> ResizeFilter? {
            guard let s else { return nil }
            guard case .fixed(let f) = try PipelineOp.parseResizeFilter(s, fail) else {
                throw fail("one resample filter for \(name), got '\(s)'")
            }
            return f
        }
        switch name {
        case "crop":
            var c = CropSpec(width: w, height: h)
            c.fill = fill
            if let s = key("at") {
                switch s {
                case "center": c.at = .center
                case "random": c.at = .random
                default:
                    let xy = s.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
                    guard xy.count == 2, let x = xy[0], let y = xy[1] else {
                        throw fail("at=center, at=random or at=FX:FY (fractions 0...1), got '\(s)'")
                    }
                    c.at = .fraction(x: x, y: y)
                }
            }
            self = .crop(c)
        case "pad":
            self = .pad(PadParameters(width: w, height: h, fill: fill))
        case "letterbox":
            self = .letterbox(LetterboxParameters(width: w, height: h, fill: fill ?? LetterboxParameters.defaultFill,
                                                  resample: try single(key("resample")) ?? .bilinear))
        default:
            var r = RandomResizedCropSpec(width: w, height: h)
            func range(_ k: String) throws(AugmentError) -> [Double]? {
                guard let s = key(k) else { return nil }
                switch try PipelineOp.parseAngle(s, fail, what: "\(k)=A..B") {
                case .fixed(let v): return [v, v]
                case .uniform(let lo, let hi): return [lo, hi]
                case .choice: throw fail("\(k)=A..B (a range), got '\(s)'")
                }
            }
            if let v = try range("scale") { r.scale = v }
            if let v = try range("ratio") { r.ratio = v }
            if let s = key("resample") { r.resample = try PipelineOp.parseResizeFilter(s, fail) }
            if let s = key("draw") {
                guard let d = Double(s) else { throw fail("draw=U, a number in [0, 1), got '\(s)'") }
                r.draw = d
            }
            self = .randomResizedCrop(r)
        }
    }

    /// Reads the fields of a size-changing op object (unknown keys already refused).
    init(sizeOp name: String, json o: [String: JSONValue]) throws(OpFieldError) {
        guard case .string(let size)? = o["size"] else {
            throw OpFieldError(field: "size", expected: "present, a string \(name == "resize" ? "\"WxH\", \"short:S\", \"long:L\" or \"fit:WxH\"" : "\"WxH\"")")
        }
        var grammar: [String: String] = [:]
        var fraction: Point?
        for (k, v) in o where k != "op" && k != "p" && k != "size" {
            switch (k, v) {
            case ("resample", .string(let s)): grammar[k] = s
            case ("resample", .object(let c)):
                guard c.count == 1, case .array(let vs)? = c["choice"],
                    case let names = vs.compactMap({ if case .string(let s) = $0 { s } else { nil } }), names.count == vs.count,
                    !names.isEmpty
                else { throw OpFieldError(field: k, expected: "a filter name or {\"choice\": [names]}") }
                grammar[k] = names.joined(separator: "|")
            case ("fill", _):
                grammar[k] = "\(try PipelineOp.fill(v))"
            case ("at", .string(let s)) where s == "center" || s == "random": grammar[k] = s
            case ("at", .array(let xy)):
                guard xy.count == 2, case .number(let x) = xy[0], case .number(let y) = xy[1] else {
                    throw OpFieldError(field: k, expected: "\"center\", \"random\" or [fx, fy], got \(v.kindDescription)")
                }
                fraction = Point(x: x, y: y)
            case ("scale", .array(let r)), ("ratio", .array(let r)):
                guard r.count == 2, case .number(let lo) = r[0], case .number(let hi) = r[1] else {
                    throw OpFieldError(field: k, expected: "[lower, upper], got \(v.kindDescription)")
                }
                grammar[k] = "\(lo)..\(hi)"
            case ("draw", .number(let d)): grammar[k] = "\(d)"
            default:
                throw OpFieldError(field: k, expected: "of the op's form (see the grammar), got \(v.kindDescription)")
            }
        }
        do {
            self = try Self(sizeOp: name, value: size, grammar: { grammar[$0] }, { .badOp(op: name, expected: $0) })
        } catch {
            guard case .badOp(_, let expected) = error else { throw OpFieldError(field: "size", expected: "\(error)") }
            throw OpFieldError(field: "size", expected: expected)
        }
        if let fraction, case .crop(var c) = self {
            c.at = .fraction(x: fraction.x, y: fraction.y)
            self = .crop(c)
        }
    }

    /// Decodes the `Codable` form (the JSON keys).
    init(sizeOp name: String, from k: KeyedDecodingContainer<OpCodingKeys>) throws {
        let size = try k.decode(String.self, forKey: .size)
        var grammar: [String: String] = [:]
        if let r = try k.decodeIfPresent(Param<ResizeFilter>.self, forKey: .resample) { grammar["resample"] = r.opValue }
        if let f = try k.decodeIfPresent(Fill.self, forKey: .fill) { grammar["fill"] = "\(f)" }
        var fraction: [Double]?
        if k.contains(.at) {
            if let s = try? k.decode(String.self, forKey: .at) { grammar["at"] = s } else {
                fraction = try k.decode([Double].self, forKey: .at)
            }
        }
        for key in [OpCodingKeys.scale, .ratio] {
            if let r = try k.decodeIfPresent([Double].self, forKey: key), r.count == 2 {
                grammar[key.stringValue] = "\(r[0])..\(r[1])"
            }
        }
        if let d = try k.decodeIfPresent(Double.self, forKey: .draw) { grammar["draw"] = "\(d)" }
        do {
            self = try Self(sizeOp: name, value: size, grammar: { grammar[$0] }, { .badOp(op: name, expected: $0) })
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .size, in: k, debugDescription: "\(error)")
        }
        if let f = fraction, f.count == 2, case .crop(var c) = self {
            c.at = .fraction(x: f[0], y: f[1])
            self = .crop(c)
        }
    }

    /// The fields of a size-changing op object, `"op"` included (not `"p"`).
    func encodeSizeOp(into k: inout KeyedEncodingContainer<OpCodingKeys>) throws {
        switch self {
        case .resize(let r):
            try k.encode("resize", forKey: .op)
            try k.encode(r.target.description, forKey: .size)
            try k.encode(r.resample, forKey: .resample)
        case .crop(let c):
            try k.encode("crop", forKey: .op)
            try k.encode("\(c.width)x\(c.height)", forKey: .size)
            switch c.at {
            case .center: try k.encode("center", forKey: .at)
            case .random: try k.encode("random", forKey: .at)
            case .fraction(let x, let y): try k.encode([x, y], forKey: .at)
            }
            try k.encodeIfPresent(c.fill, forKey: .fill)
        case .pad(let p):
            try k.encode("pad", forKey: .op)
            try k.encode("\(p.width)x\(p.height)", forKey: .size)
            try k.encodeIfPresent(p.fill, forKey: .fill)
        case .letterbox(let l):
            try k.encode("letterbox", forKey: .op)
            try k.encode("\(l.width)x\(l.height)", forKey: .size)
            try k.encodeIfPresent(l.fill, forKey: .fill)
            try k.encode(Param<ResizeFilter>.fixed(l.resample), forKey: .resample)
        case .randomResizedCrop(let r):
            try k.encode("random-resized-crop", forKey: .op)
            try k.encode("\(r.width)x\(r.height)", forKey: .size)
            try k.encode(r.scale, forKey: .scale)
            try k.encode(r.ratio, forKey: .ratio)
            try k.encode(r.resample, forKey: .resample)
            try k.encodeIfPresent(r.draw, forKey: .draw)
        case .rotate, .flip, .fixed, .affine:
            preconditionFailure("not a size-changing op")
        }
    }

    /// Checks a size-changing op against ``OpLimits``.
    func validateSizeOp() throws(OpFieldError) {
        func sides(_ vs: [Int]) throws(OpFieldError) {
            for v in vs where !OpLimits.side.contains(v) {
                throw OpFieldError(field: "size", expected: "sides within [\(OpLimits.side.lowerBound), \(OpLimits.side.upperBound)] pixels, got \(v)")
            }
        }
        func choices<V>(_ p: Param<V>) throws(OpFieldError) {
            if case .choice(let vs) = p { try OpLimits.checkChoices(vs.count, "resample") }
        }
        func fillOK(_ fill: Fill?) throws(OpFieldError) {
            if let fill, !OpLimits.fillComponents.contains(fill.components.count) {
                throw OpFieldError(field: "fill", expected: "1 to 4 components 0...255, got \(fill.components.count)")
            }
        }
        switch self {
        case .resize(let r):
            try sides(r.target.sides)
            try choices(r.resample)
        case .crop(let c):
            try sides([c.width, c.height])
            try fillOK(c.fill)
            if case .fraction(let x, let y) = c.at, !(x.isFinite && y.isFinite && (0...1).contains(x) && (0...1).contains(y)) {
                throw OpFieldError(field: "at", expected: "fractions within [0, 1], got \(formatNumber(x)):\(formatNumber(y))")
            }
        case .pad(let p):
            try sides([p.width, p.height])
            try fillOK(p.fill)
        case .letterbox(let l):
            try sides([l.width, l.height])
            try fillOK(l.fill)
        case .randomResizedCrop(let r):
            try sides([r.width, r.height])
            try choices(r.resample)
            for (field, v, limits) in [("scale", r.scale, OpLimits.cropScale), ("ratio", r.ratio, OpLimits.cropRatio)]
            where !(v.count == 2 && v.allSatisfy { $0.isFinite && limits.contains($0) } && v[0] <= v[1]) {
                throw OpFieldError(field: field, expected: "a range A..B with A <= B within [\(formatNumber(limits.lowerBound)), \(formatNumber(limits.upperBound))], got \(v.map(formatNumber).joined(separator: ".."))")
            }
            if let d = r.draw, !(d.isFinite && d >= 0 && d < 1) {
                throw OpFieldError(field: "draw", expected: "a number in [0, 1), got \(formatNumber(d))")
            }
        case .rotate, .flip, .fixed, .affine:
            break
        }
    }
}

extension OpLimits {
    /// A side of a size-changing op's output or target, in pixels.
    public static let side: ClosedRange<Int> = 1...65_535
    /// `random-resized-crop`'s area fraction (torchvision's `scale`): above 0, at most the whole image.
    public static let cropScale: ClosedRange<Double> = 1e-6...1
    /// `random-resized-crop`'s aspect ratio w/h.
    public static let cropRatio: ClosedRange<Double> = 0.01...100
}
