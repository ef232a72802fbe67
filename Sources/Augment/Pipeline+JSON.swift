/// The checked JSON front end of a pipeline (`--pipeline FILE`): the format of ``Pipeline``'s `Codable` form,
/// read from a ``JSONValue`` field by field, so that every mistake is one sentence naming the op, the field, what
/// it must be and what it was ("op 2 (rotate): 'degrees' must be a number, {"uniform": [a, b]} or {"choice":
/// [...]}, got the string "x""). Unknown keys are refused, and every op passes ``PipelineOp/validate()``, the
/// same check as the `--op` grammar.
extension Pipeline {
    /// Reads a pipeline document: `{"ops": [{"op": "rotate", ...}, ...]}`.
    /// - Throws: ``AugmentError/badPipeline(_:)`` with the sentence.
    public init(json: JSONValue) throws(AugmentError) {
        guard case .object(let top) = json else {
            throw .badPipeline("the document must be an object {\"ops\": [...]}, got \(json.kindDescription)")
        }
        if let key = top.keys.sorted().first(where: { $0 != "ops" }) {
            throw .badPipeline("unknown key '\(key)' at the top level: the document is {\"ops\": [...]}")
        }
        guard let opsValue = top["ops"] else { throw .badPipeline("missing 'ops': the document is {\"ops\": [...]}") }
        guard case .array(let elements) = opsValue else {
            throw .badPipeline("'ops' must be an array of op objects, got \(opsValue.kindDescription)")
        }
        var ops: [PipelineOp] = []
        for (i, element) in elements.enumerated() {
            do {
                ops.append(try PipelineOp(json: element))
            } catch {
                let name: String
                if case .object(let o) = element, case .string(let n)? = o["op"] { name = " (\(n))" } else { name = "" }
                throw .badPipeline("op \(i + 1)\(name): \(error.description)")
            }
        }
        self.init(ops: ops)
    }
}

extension PipelineOp {
    /// Reads one op object; the error names the field.
    init(json: JSONValue) throws(OpFieldError) {
        guard case .object(let o) = json else {
            throw OpFieldError(field: "op", expected: "an object {\"op\": NAME, ...}, got \(json.kindDescription)")
        }
        guard let nameValue = o["op"] else { throw OpFieldError(field: "op", expected: "present (the op's name)") }
        guard case .string(let name) = nameValue else {
            throw OpFieldError(field: "op", expected: "a string, got \(nameValue.kindDescription)")
        }
        let allowed: [String]
        switch name {
        case "rotate": allowed = ["op", "degrees", "resample", "expand", "fill", "center", "crop", "p"]
        case "flip": allowed = ["op", "axis", "p"]
        case "affine": allowed = ["op"] + AffineSpec.grammarKeys + ["p"]
        case _ where Self.sizeOpNames.contains(name): allowed = ["op"] + Self.sizeOpJSONKeys(name) + ["p"]
        default:
            guard Transpose.named(name) != nil else {
                throw OpFieldError(field: "op", expected: "one of rotate, flip, rot90, rot180, rot270, transpose, transverse, affine, resize, crop, pad, letterbox, random-resized-crop, got \"\(name)\"")
            }
            allowed = ["op", "p"]
        }
        if let key = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw OpFieldError.unknownKey(key, op: name, allowed: Array(allowed.dropFirst()))
        }
        var p = 1.0
        if let v = o["p"] { p = try Self.number(v, field: "p", expected: "a probability in [0, 1]") }
        switch name {
        case "rotate":
            guard let degrees = o["degrees"] else {
                throw OpFieldError(field: "degrees", expected: "present (a number, {\"uniform\": [a, b]} or {\"choice\": [...]})")
            }
            var r = RotateSpec(degrees: try Self.angle(degrees))
            if let v = o["resample"] { r.resample = try Self.resample(v) }
            if let v = o["expand"] {
                r.expand = try Self.param(v, field: "expand", expected: "true or false") {
                    if case .bool(let b) = $0 { b } else { nil }
                }
            }
            if let v = o["fill"] { r.fill = try Self.fill(v) }
            if let v = o["center"] {
                guard case .object(let c) = v, let x = c["x"], let y = c["y"], c.count == 2 else {
                    throw OpFieldError(field: "center", expected: "an object {\"x\": X, \"y\": Y} in pixels, got \(v.kindDescription)")
                }
                r.center = Point(x: try Self.number(x, field: "center", expected: "numbers x and y"),
                                 y: try Self.number(y, field: "center", expected: "numbers x and y"))
            }
            if let v = o["crop"] {
                guard case .string(let s) = v, let crop = Crop(rawValue: s) else {
                    throw OpFieldError(field: "crop", expected: "\"none\", \"inscribed\" or \"inscribed-resized\", got \(v.kindDescription)")
                }
                r.crop = crop
            }
            self.init(.rotate(r), p: p)
        case "flip":
            guard let v = o["axis"] else { throw OpFieldError(field: "axis", expected: "present (\"h\", \"v\" or {\"choice\": [\"h\", \"v\"]})") }
            self.init(.flip(try Self.param(v, field: "axis", expected: "\"h\" or \"v\"") {
                if case .string(let s) = $0 { FlipAxis(rawValue: s) } else { nil }
            }), p: p)
        case "affine":
            self.init(.affine(try AffineSpec(json: o)), p: p)
        case _ where Self.sizeOpNames.contains(name):
            self.init(try Kind(sizeOp: name, json: o), p: p)
        default:
            self.init(.fixed(Transpose.named(name)!), p: p)
        }
        try validate()
    }

    /// `"nearest"`, `"bilinear"`, `"bicubic"` or `{"choice": [...]}`.
    static func resample(_ v: JSONValue) throws(OpFieldError) -> Param<Resample> {
        try param(v, field: "resample", expected: "nearest, bilinear or bicubic") {
            if case .string(let s) = $0 { Resample(rawValue: s) } else { nil }
        }
    }

    /// An array of 1 to 4 integers 0...255.
    static func fill(_ v: JSONValue) throws(OpFieldError) -> Fill {
        guard case .array(let cs) = v, OpLimits.fillComponents.contains(cs.count) else {
            throw OpFieldError(field: "fill", expected: "an array of 1 to 4 integers 0...255, got \(v.kindDescription)")
        }
        var components: [UInt8] = []
        for c in cs {
            guard case .number(let d) = c, d == d.rounded(), (0...255).contains(d) else {
                throw OpFieldError(field: "fill", expected: "an array of 1 to 4 integers 0...255, got \(c.kindDescription) in it")
            }
            components.append(UInt8(d))
        }
        return Fill(components)
    }

    static func number(_ v: JSONValue, field: String, expected: String) throws(OpFieldError) -> Double {
        guard case .number(let d) = v else { throw OpFieldError(field: field, expected: "\(expected), got \(v.kindDescription)") }
        return d
    }

    /// A number, `{"uniform": [a, b]}` or `{"choice": [...]}`; `field` names it in the error.
    static func angle(_ v: JSONValue, field: String = "degrees") throws(OpFieldError) -> AngleSpec {
        let expected = "a number, {\"uniform\": [a, b]} or {\"choice\": [...]}"
        switch v {
        case .number(let d): return .fixed(d)
        case .object(let o) where o.count == 1:
            if case .array(let r)? = o["uniform"], r.count == 2, case .number(let lo) = r[0], case .number(let hi) = r[1] {
                return .uniform(lo, hi)
            }
            if case .array(let cs)? = o["choice"] {
                var values: [Double] = []
                for c in cs { values.append(try number(c, field: field, expected: "numbers in the choice")) }
                // One value is that value, as in the grammar (`rotate=19`), so that the op strings read back.
                return values.count == 1 ? .fixed(values[0]) : .choice(values)
            }
            throw OpFieldError(field: field, expected: "\(expected), got an object with \(o.keys.sorted().map { "'\($0)'" }.joined())")
        default:
            throw OpFieldError(field: field, expected: "\(expected), got \(v.kindDescription)")
        }
    }

    /// A value, or `{"choice": [values]}`.
    static func param<V>(_ v: JSONValue, field: String, expected: String, _ element: (JSONValue) -> V?)
        throws(OpFieldError) -> Param<V>
    {
        if case .object(let o) = v, o.count == 1, case .array(let cs)? = o["choice"] {
            var values: [V] = []
            for c in cs {
                guard let value = element(c) else {
                    throw OpFieldError(field: field, expected: "\(expected) in the choice, got \(c.kindDescription)")
                }
                values.append(value)
            }
            return values.count == 1 ? .fixed(values[0]) : .choice(values)
        }
        guard let value = element(v) else {
            throw OpFieldError(field: field, expected: "\(expected) or {\"choice\": [...]}, got \(v.kindDescription)")
        }
        return .fixed(value)
    }
}
