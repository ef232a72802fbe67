/// The allowed range of every op parameter: the one check behind both front ends (the `--op` grammar and the
/// pipeline JSON, ``PipelineOp/validate()``), so that no pipeline either accepts can trap a worker.
public enum OpLimits {
    /// Rotation angles, either way: ten turns.
    public static let degrees: ClosedRange<Double> = -3600...3600
    /// Each coordinate of a rotation centre, in pixels from the top-left corner.
    public static let center: ClosedRange<Double> = -1_000_000...1_000_000
    /// `p`.
    public static let probability: ClosedRange<Double> = 0...1
    /// Components of a fill colour (`V`, `V:A`, `R:G:B`, `R:G:B:A`), each 0...255.
    public static let fillComponents = 1...4
    /// Values of one choice (`a|b|c`, `{"choice": [...]}`).
    public static let choiceCount = 1...1024
}

/// A parameter outside its allowed range: the field, and what it must be (with what it was).
public struct OpFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter, as both front ends name it (`degrees`, `center`, `p`...).
    public var field: String
    /// What it must be, and what it was: "within [-3600, 3600] degrees, got 1e+100".
    public var expected: String

    /// Whether `field` is a key the op does not take (then ``expected`` lists those it takes).
    public var isUnknownKey = false

    /// An error for `field`.
    public init(field: String, expected: String) {
        self.field = field
        self.expected = expected
    }

    /// A key the op does not take; `allowed` lists those it takes.
    public static func unknownKey(_ key: String, op: String, allowed: [String]) -> OpFieldError {
        var error = OpFieldError(field: key, expected: "\(op) takes " + allowed.map { "'\($0)'" }.joined(separator: ", "))
        error.isUnknownKey = true
        return error
    }

    public var description: String { isUnknownKey ? "unknown key '\(field)' (\(expected))" : "'\(field)' must be \(expected)" }
}

extension PipelineOp {
    /// Checks every parameter against ``OpLimits``.
    /// - Throws: ``OpFieldError`` naming the first parameter out of range.
    public func validate() throws(OpFieldError) {
        func range(_ r: ClosedRange<Double>) -> String { "[\(formatNumber(r.lowerBound)), \(formatNumber(r.upperBound))]" }
        guard p.isFinite, OpLimits.probability.contains(p) else {
            throw OpFieldError(field: "p", expected: "a probability in [0, 1], got \(formatNumber(p))")
        }
        func choices(_ count: Int, _ field: String) throws(OpFieldError) {
            guard OpLimits.choiceCount.contains(count) else {
                throw OpFieldError(field: field, expected: "a choice of 1 to \(OpLimits.choiceCount.upperBound) values, got \(count)")
            }
        }
        switch kind {
        case .rotate(let r):
            let angles: [Double]
            switch r.degrees {
            case .fixed(let v): angles = [v]
            case .uniform(let lo, let hi):
                angles = [lo, hi]
                guard !(lo > hi) else {
                    throw OpFieldError(field: "degrees", expected: "a range A..B with A <= B, got \(formatNumber(lo))..\(formatNumber(hi))")
                }
            case .choice(let vs):
                try choices(vs.count, "degrees")
                angles = vs
            }
            for v in angles where !(v.isFinite && OpLimits.degrees.contains(v)) {
                throw OpFieldError(field: "degrees", expected: "within \(range(OpLimits.degrees)) degrees, got \(formatNumber(v))")
            }
            if case .choice(let vs) = r.resample { try choices(vs.count, "resample") }
            if case .choice(let vs) = r.expand { try choices(vs.count, "expand") }
            if let fill = r.fill, !OpLimits.fillComponents.contains(fill.components.count) {
                throw OpFieldError(field: "fill", expected: "1 to 4 components 0...255 (V, V:A, R:G:B or R:G:B:A), got \(fill.components.count)")
            }
            if let c = r.center {
                for v in [c.x, c.y] where !(v.isFinite && OpLimits.center.contains(v)) {
                    throw OpFieldError(field: "center", expected: "X:Y in pixels, each within \(range(OpLimits.center)), got \(formatNumber(v))")
                }
            }
        case .flip(let axis):
            if case .choice(let vs) = axis { try choices(vs.count, "axis") }
        case .fixed:
            break
        case .affine(let a):
            try a.validate()
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            try kind.validateSizeOp()
        }
    }
}
