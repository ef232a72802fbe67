/// The CLI's op grammar: `NAME[=VALUE][,KEY=VALUE]...`.
///
/// | op | value | keys |
/// |---|---|---|
/// | `rotate` | degrees counter-clockwise: `45`, a range `-20..20` (uniform), or a choice `0|90|180|270` | `resample=nearest|bilinear|bicubic` (default nearest, or a choice `nearest|bilinear`), `expand=true|false` (or `true|false`), `fill=R:G:B[:A]` (or `V[:A]`, 0...255), `crop=none|inscribed|inscribed-resized`, `center=X:Y` |
/// | `affine` | none | `rotate=DEGREES` (counter-clockwise), `scale=S`, `translate=FRACTION` (of the width; also of the height unless `translate-y=` is given), `translate-y=FRACTION`, `shear=DEGREES` (along x), `shear-y=DEGREES`, each a number, range or choice; `resample=`, `fill=` as `rotate` |
/// | `flip` | `h`, `v`, or the choice `h|v` | |
/// | `rot90`, `rot180`, `rot270`, `transpose`, `transverse` | none | |
///
/// Every op also takes `p=PROBABILITY` (0...1, default 1): the op applies with that probability.
extension Pipeline {
    /// Parses the CLI's `--op` strings, in order.
    /// - Parameter opSpecs: One op per string, e.g. `["rotate=-20..20,resample=bilinear,p=0.5", "flip=h"]`.
    /// - Throws: ``AugmentError/badOp(op:expected:)`` naming the op as written and what was expected.
    public init(parsing opSpecs: [String]) throws(AugmentError) {
        var ops: [PipelineOp] = []
        for spec in opSpecs { ops.append(try PipelineOp(parsing: spec)) }
        self.init(ops: ops)
    }
}

extension PipelineOp {
    /// Parses one op string.
    /// - Throws: ``AugmentError/badOp(op:expected:)``.
    public init(parsing spec: String) throws(AugmentError) {
        func fail(_ expected: String) -> AugmentError { .badOp(op: spec, expected: expected) }
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let head = parts[0]
        let name: String, value: String?
        if let eq = head.firstIndex(of: "=") {
            name = String(head[..<eq])
            value = String(head[head.index(after: eq)...])
        } else {
            name = head
            value = nil
        }
        var keys: [(String, String)] = []
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "="), eq != part.startIndex else {
                throw fail("KEY=VALUE after the first comma, got '\(part)'")
            }
            let key = String(part[..<eq])
            if keys.contains(where: { $0.0 == key }) { throw fail("each key once, got '\(key)' twice") }
            keys.append((key, String(part[part.index(after: eq)...])))
        }
        var p = 1.0
        let allowed: [String]
        switch name {
        case "rotate": allowed = ["resample", "expand", "fill", "crop", "center", "p"]
        case "affine": allowed = AffineSpec.grammarKeys + ["p"]
        case _ where Self.sizeOpNames.contains(name): allowed = Self.sizeOpGrammarKeys(name) + ["p"]
        default: allowed = ["p"]
        }
        for (key, _) in keys where !allowed.contains(key) {
            throw fail("a key among \(allowed.joined(separator: ", ")) for \(name.isEmpty ? "this op" : name), got '\(key)'")
        }
        if let ps = keys.first(where: { $0.0 == "p" })?.1 {
            guard let v = Double(ps) else { throw fail("p=PROBABILITY in [0, 1], got '\(ps)'") }
            p = v
        }
        func key(_ k: String) -> String? { keys.first { $0.0 == k }?.1 }

        switch name {
        case "rotate":
            guard let value, !value.isEmpty else {
                throw fail("rotate=DEGREES: a number, a range A..B or a choice A|B|...")
            }
            var r = RotateSpec(degrees: try Self.parseAngle(value, fail))
            if let s = key("resample") { r.resample = try Self.parseResample(s, fail) }
            if let s = key("expand") {
                guard let v = Self.parseChoice(s, { $0 == "true" ? true : $0 == "false" ? false : nil }) else {
                    throw fail("expand=true|false, got '\(s)'")
                }
                r.expand = v
            }
            if let s = key("fill") { r.fill = try Self.parseFill(s, fail) }
            if let s = key("crop") {
                guard let c = Crop(rawValue: s) else { throw fail("crop=none|inscribed|inscribed-resized, got '\(s)'") }
                r.crop = c
            }
            if let s = key("center") {
                let xy = s.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
                // The range is checked by validate() (the op fuzzer found center=1e100:0 trapping in the size
                // computation before there was a bound).
                guard xy.count == 2, let x = xy[0], let y = xy[1] else {
                    throw fail("center=X:Y in pixels, each within +-1000000, got '\(s)'")
                }
                r.center = Point(x: x, y: y)
            }
            self.init(.rotate(r), p: p)
        case "flip":
            guard let value, let axis = Self.parseChoice(value, { FlipAxis(rawValue: $0) }) else {
                throw fail("flip=h, flip=v or flip=h|v, got '\(value.map { "flip=" + $0 } ?? "flip")'")
            }
            self.init(.flip(axis), p: p)
        case "affine":
            guard value == nil else { throw fail("affine without a value (its parameters are keys), got '\(head)'") }
            self.init(.affine(try AffineSpec(grammar: key, fail)), p: p)
        case _ where Self.sizeOpNames.contains(name):
            self.init(try Kind(sizeOp: name, value: value, grammar: key, fail), p: p)
        default:
            guard let t = Transpose.named(name) else {
                throw fail("an op name among rotate, flip, rot90, rot180, rot270, transpose, transverse, affine, resize, crop, pad, letterbox, random-resized-crop, got '\(name)'")
            }
            guard value == nil else { throw fail("\(name) without a value, got '\(head)'") }
            self.init(.fixed(t), p: p)
        }
        // The ranges: the same check as the JSON front end's.
        do { try validate() } catch { throw fail(error.description) }
    }

    /// `v` or `v1|v2|...`, each element mapped by `element`; `nil` if any element is invalid.
    static func parseChoice<V>(_ s: String, _ element: (String) -> V?) -> Param<V>? {
        let parts = s.split(separator: "|", omittingEmptySubsequences: false).map { element(String($0)) }
        if parts.contains(where: { $0 == nil }) { return nil }
        let values = parts.map { $0! }
        return values.count == 1 ? .fixed(values[0]) : .choice(values)
    }

    /// `resample=nearest|bilinear|bicubic` (or a choice).
    static func parseResample(_ s: String, _ fail: (String) -> AugmentError) throws(AugmentError) -> Param<Resample> {
        guard let v = parseChoice(s, { Resample(rawValue: $0) }) else {
            throw fail("resample=nearest|bilinear|bicubic, got '\(s)'")
        }
        return v
    }

    /// `fill=R:G:B[:A]` or `V[:A]`, integers 0...255.
    static func parseFill(_ s: String, _ fail: (String) -> AugmentError) throws(AugmentError) -> Fill {
        let comps = s.split(separator: ":", omittingEmptySubsequences: false).map { UInt8($0) }
        guard (1...4).contains(comps.count), !comps.contains(nil) else {
            throw fail("fill=R:G:B[:A] (or V[:A]) with integers 0...255, got '\(s)'")
        }
        return Fill(comps.map { $0! })
    }

    /// A number spec: `V`, a range `A..B` or a choice `A|B|...`; `what` names it in the error (`rotate=DEGREES`).
    static func parseAngle(_ s: String, _ fail: (String) -> AugmentError, what: String = "rotate=DEGREES")
        throws(AugmentError) -> AngleSpec
    {
        func number(_ t: Substring) throws(AugmentError) -> Double {
            guard let v = Double(t), v.isFinite else {
                throw fail("\(what): a number, a range A..B or a choice A|B|..., got '\(t)' in '\(s)'")
            }
            return v
        }
        if s.contains("|") {
            var vs: [Double] = []
            for t in s.split(separator: "|", omittingEmptySubsequences: false) { vs.append(try number(t)) }
            return .choice(vs)
        }
        if let r = s.firstRange(of: "..") {
            let lo = try number(s[..<r.lowerBound]), hi = try number(s[r.upperBound...])
            guard lo <= hi else { throw fail("a range A..B with A <= B, got '\(s)'") }
            return .uniform(lo, hi)
        }
        return .fixed(try number(Substring(s)))
    }
}
