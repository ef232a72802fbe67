/// The `affine` op in the grammar, the checked JSON front end, the `Codable` form and ``OpLimits``.
extension AffineSpec {
    /// The keys of the op (grammar and JSON), `p` aside.
    static let grammarKeys = ["rotate", "scale", "translate", "translate-y", "shear", "shear-y", "resample", "fill"]

    /// Reads the keys of `affine,KEY=VALUE,...`; `key` looks one up.
    init(grammar key: (String) -> String?, _ fail: (String) -> AugmentError) throws(AugmentError) {
        self.init()
        func spec(_ k: String, _ unit: String) throws(AugmentError) -> AngleSpec? {
            guard let s = key(k) else { return nil }
            return try PipelineOp.parseAngle(s, fail, what: "\(k)=\(unit)")
        }
        if let v = try spec("rotate", "DEGREES") { rotate = v }
        if let v = try spec("scale", "FACTOR") { scale = v }
        if let v = try spec("translate", "FRACTION") { translate = v }
        translateY = try spec("translate-y", "FRACTION")
        if let v = try spec("shear", "DEGREES") { shear = v }
        if let v = try spec("shear-y", "DEGREES") { shearY = v }
        if let s = key("resample") { resample = try PipelineOp.parseResample(s, fail) }
        if let s = key("fill") { fill = try PipelineOp.parseFill(s, fail) }
    }

    /// Reads the fields of an `{"op": "affine", ...}` object (unknown keys already refused).
    init(json o: [String: JSONValue]) throws(OpFieldError) {
        self.init()
        if let v = o["rotate"] { rotate = try PipelineOp.angle(v, field: "rotate") }
        if let v = o["scale"] { scale = try PipelineOp.angle(v, field: "scale") }
        if let v = o["translate"] { translate = try PipelineOp.angle(v, field: "translate") }
        if let v = o["translate-y"] { translateY = try PipelineOp.angle(v, field: "translate-y") }
        if let v = o["shear"] { shear = try PipelineOp.angle(v, field: "shear") }
        if let v = o["shear-y"] { shearY = try PipelineOp.angle(v, field: "shear-y") }
        if let v = o["resample"] { resample = try PipelineOp.resample(v) }
        if let v = o["fill"] { fill = try PipelineOp.fill(v) }
    }

    /// Decodes the `Codable` form (the same keys).
    init(from k: KeyedDecodingContainer<OpCodingKeys>) throws {
        self.init()
        rotate = try k.decodeIfPresent(AngleSpec.self, forKey: .rotate) ?? .fixed(0)
        scale = try k.decodeIfPresent(AngleSpec.self, forKey: .scale) ?? .fixed(1)
        translate = try k.decodeIfPresent(AngleSpec.self, forKey: .translate) ?? .fixed(0)
        translateY = try k.decodeIfPresent(AngleSpec.self, forKey: .translateY)
        shear = try k.decodeIfPresent(AngleSpec.self, forKey: .shear) ?? .fixed(0)
        shearY = try k.decodeIfPresent(AngleSpec.self, forKey: .shearY) ?? .fixed(0)
        resample = try k.decodeIfPresent(Param<Resample>.self, forKey: .resample) ?? .fixed(.nearest)
        fill = try k.decodeIfPresent(Fill.self, forKey: .fill)
    }

    /// The fields of an affine op object, `"op"` included (not `"p"`).
    func encodeOp(into k: inout KeyedEncodingContainer<OpCodingKeys>) throws {
        try k.encode("affine", forKey: .op)
        try k.encode(rotate, forKey: .rotate)
        try k.encode(scale, forKey: .scale)
        try k.encode(translate, forKey: .translate)
        try k.encodeIfPresent(translateY, forKey: .translateY)
        try k.encode(shear, forKey: .shear)
        try k.encode(shearY, forKey: .shearY)
        try k.encode(resample, forKey: .resample)
        try k.encodeIfPresent(fill, forKey: .fill)
    }

    /// Checks every field against ``OpLimits``.
    func validate() throws(OpFieldError) {
        try rotate.check(field: "rotate", within: OpLimits.degrees, unit: "degrees")
        try scale.check(field: "scale", within: OpLimits.scale, unit: "(a factor)")
        try translate.check(field: "translate", within: OpLimits.translate, unit: "(a fraction of the width)")
        try translateY?.check(field: "translate-y", within: OpLimits.translate, unit: "(a fraction of the height)")
        try shear.check(field: "shear", within: OpLimits.shear, unit: "degrees")
        try shearY.check(field: "shear-y", within: OpLimits.shear, unit: "degrees")
        if case .choice(let vs) = resample { try OpLimits.checkChoices(vs.count, "resample") }
        if let fill, !OpLimits.fillComponents.contains(fill.components.count) {
            throw OpFieldError(field: "fill", expected: "1 to 4 components 0...255 (V, V:A, R:G:B or R:G:B:A), got \(fill.components.count)")
        }
    }
}

extension AngleSpec {
    /// Every value of the spec finite and within `limits`, a range ordered, a choice not too long.
    func check(field: String, within limits: ClosedRange<Double>, unit: String) throws(OpFieldError) {
        let values: [Double]
        switch self {
        case .fixed(let v): values = [v]
        case .uniform(let lo, let hi):
            values = [lo, hi]
            guard !(lo > hi) else {
                throw OpFieldError(field: field, expected: "a range A..B with A <= B, got \(formatNumber(lo))..\(formatNumber(hi))")
            }
        case .choice(let vs):
            try OpLimits.checkChoices(vs.count, field)
            values = vs
        }
        for v in values where !(v.isFinite && limits.contains(v)) {
            throw OpFieldError(
                field: field,
                expected: "within [\(formatNumber(limits.lowerBound)), \(formatNumber(limits.upperBound))] \(unit), got \(formatNumber(v))")
        }
    }
}

extension OpLimits {
    /// `affine`'s scale factor: 1/100 to 100 (never 0, so the matrix is invertible).
    public static let scale: ClosedRange<Double> = 0.01...100
    /// `affine`'s translation, as a fraction of the size, either way: ten canvases.
    public static let translate: ClosedRange<Double> = -10...10
    /// `affine`'s shear angles, either way: short of 90 degrees, where the shear is infinite.
    public static let shear: ClosedRange<Double> = -80...80

    /// A choice of 1 to ``choiceCount`` values.
    static func checkChoices(_ count: Int, _ field: String) throws(OpFieldError) {
        guard choiceCount.contains(count) else {
            throw OpFieldError(field: field, expected: "a choice of 1 to \(choiceCount.upperBound) values, got \(count)")
        }
    }
}
