/// An ordered list of augmentation ops with their parameter specs (fixed, random range, or choice).
///
/// Printable as the CLI's op strings (``description`` parses back to the same pipeline), parseable from them
/// (``init(parsing:)``), `Codable` as JSON:
/// `{"ops": [{"op": "rotate", "degrees": {"uniform": [-20, 20]}, "resample": "bilinear", "p": 0.5},
/// {"op": "flip", "axis": "h"}]}`.
public struct Pipeline: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ops, applied in order.
    public var ops: [PipelineOp]

    /// A pipeline of `ops`.
    public init(ops: [PipelineOp]) { self.ops = ops }

    /// The op strings, one per op, in the grammar of ``init(parsing:)``.
    public var opStrings: [String] { ops.map(\.description) }

    /// The op strings separated by spaces.
    public var description: String { opStrings.joined(separator: " ") }
}

/// A choice of value: fixed, or one of several picked uniformly. JSON: the value, or `{"choice": [...]}`.
public enum Param<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// Always this value.
    case fixed(Value)
    /// One of these values, each with the same probability.
    case choice([Value])

    enum Keys: String, CodingKey { case choice }

    /// Decodes a plain value or `{"choice": [...]}`.
    public init(from decoder: any Decoder) throws {
        if let k = try? decoder.container(keyedBy: Keys.self), k.contains(.choice) {
            let values = try k.decode([Value].self, forKey: .choice)
            guard !values.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .choice, in: k, debugDescription: "empty choice")
            }
            self = .choice(values)
        } else {
            self = .fixed(try Value(from: decoder))
        }
    }

    /// Encodes a plain value or `{"choice": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .fixed(let v): try v.encode(to: encoder)
        case .choice(let vs):
            var k = encoder.container(keyedBy: Keys.self)
            try k.encode(vs, forKey: .choice)
        }
    }

    /// Draw `j` of op `i`: the fixed value, or a uniform pick.
    func sample(_ rng: AugmentRandom, op i: Int, draw j: Int) -> Value {
        switch self {
        case .fixed(let v): return v
        case .choice(let vs): return vs[rng.index(vs.count, op: i, draw: j)]
        }
    }
}

/// An angle spec in degrees: fixed, uniform in a range, or a choice. JSON: a number, `{"uniform": [a, b]}`
/// or `{"choice": [...]}`.
public enum AngleSpec: Sendable, Hashable, Codable {
    /// Always this angle.
    case fixed(Double)
    /// Uniform in `[lower, upper)`.
    case uniform(Double, Double)
    /// One of these angles, each with the same probability.
    case choice([Double])

    enum Keys: String, CodingKey { case uniform, choice }

    /// Decodes a number, `{"uniform": [a, b]}` or `{"choice": [...]}`.
    public init(from decoder: any Decoder) throws {
        if let k = try? decoder.container(keyedBy: Keys.self) {
            if k.contains(.uniform) {
                let r = try k.decode([Double].self, forKey: .uniform)
                guard r.count == 2, r[0] <= r[1] else {
                    throw DecodingError.dataCorruptedError(forKey: .uniform, in: k,
                                                           debugDescription: "uniform is [lower, upper]")
                }
                self = .uniform(r[0], r[1])
                return
            }
            let values = try k.decode([Double].self, forKey: .choice)
            guard !values.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .choice, in: k, debugDescription: "empty choice")
            }
            self = .choice(values)
        } else {
            self = .fixed(try Double(from: decoder))
        }
    }

    /// Encodes a number, `{"uniform": [a, b]}` or `{"choice": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .fixed(let v):
            var s = encoder.singleValueContainer()
            try s.encode(v)
        case .uniform(let lo, let hi):
            var k = encoder.container(keyedBy: Keys.self)
            try k.encode([lo, hi], forKey: .uniform)
        case .choice(let vs):
            var k = encoder.container(keyedBy: Keys.self)
            try k.encode(vs, forKey: .choice)
        }
    }

    func sample(_ rng: AugmentRandom, op i: Int, draw j: Int) -> Double {
        switch self {
        case .fixed(let v): return v
        case .uniform(let lo, let hi): return lo + (hi - lo) * rng.unit(op: i, draw: j)
        case .choice(let vs): return vs[rng.index(vs.count, op: i, draw: j)]
        }
    }
}

/// The mirror axis of `flip`: `h` (left-right) or `v` (top-bottom).
public enum FlipAxis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Left-right (``Transpose/flipLeftRight``).
    case h
    /// Top-bottom (``Transpose/flipTopBottom``).
    case v

    var transpose: Transpose { self == .h ? .flipLeftRight : .flipTopBottom }
}

/// The parameter specs of a `rotate` op.
public struct RotateSpec: Sendable, Hashable {
    /// Degrees, counter-clockwise (as Pillow).
    public var degrees: AngleSpec
    /// The filter (default nearest, as Pillow).
    public var resample: Param<Resample> = .fixed(.nearest)
    /// Whether the canvas grows to hold the whole rotated image.
    public var expand: Param<Bool> = .fixed(false)
    /// The fill colour; `nil` is all-zero samples.
    public var fill: Fill? = nil
    /// The centre of rotation; `nil` is the canvas centre.
    public var center: Point? = nil
    /// What to keep of the rotated canvas.
    public var crop: Crop = .none

    /// A spec with Pillow's defaults for everything but the angle.
    public init(degrees: AngleSpec) { self.degrees = degrees }
}

/// One op of a pipeline and the probability that it applies.
public struct PipelineOp: Sendable, Hashable, CustomStringConvertible {
    /// What the op does.
    public enum Kind: Sendable, Hashable {
        /// `rotate=...`: an arbitrary-angle rotation.
        case rotate(RotateSpec)
        /// `flip=h|v`.
        case flip(Param<FlipAxis>)
        /// `rot90`, `rot180`, `rot270`, `transpose`, `transverse` (and a fixed flip).
        case fixed(Transpose)
        /// `affine,rotate=...,scale=...,translate=...,shear=...`: one matrix about the centre, the canvas kept.
        case affine(AffineSpec)
        /// `resize=WxH|short:S|long:L|fit:WxH,resample=...`: Pillow's `Image.resize`.
        case resize(ResizeSpec)
        /// `crop=WxH[,at=center|random|FX:FY]`: an integer window.
        case crop(CropSpec)
        /// `pad=WxH`: at least that size, the image centred.
        case pad(PadParameters)
        /// `letterbox=WxH`: Ultralytics' `LetterBox`.
        case letterbox(LetterboxParameters)
        /// `random-resized-crop=WxH,scale=A..B,ratio=A..B`: torchvision's `RandomResizedCrop`.
        case randomResizedCrop(RandomResizedCropSpec)
    }

    /// What the op does.
    public var kind: Kind
    /// Probability in `[0, 1]` that the op applies (1: always).
    public var p: Double

    /// An op.
    public init(_ kind: Kind, p: Double = 1) {
        self.kind = kind
        self.p = p
    }

    /// The op string, e.g. `rotate=-20..20,resample=bilinear,p=0.5`.
    public var description: String {
        var s: String
        switch kind {
        case .rotate(let r):
            s = "rotate=" + r.degrees.opValue
            if r.resample != .fixed(.nearest) { s += ",resample=" + r.resample.opValue }
            if r.expand != .fixed(false) { s += ",expand=" + r.expand.opValue }
            if let fill = r.fill { s += ",fill=\(fill)" }
            if let c = r.center { s += ",center=\(formatNumber(c.x)):\(formatNumber(c.y))" }
            if r.crop != .none { s += ",crop=\(r.crop)" }
        case .flip(let axis): s = "flip=" + axis.opValue
        case .fixed(let t): s = t.description
        case .affine(let a): s = a.opString
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop: s = kind.sizeOpString!
        }
        if p != 1 { s += ",p=\(formatNumber(p))" }
        return s
    }
}

/// A number as the op grammar writes it: integers without a decimal point.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
}

extension AngleSpec {
    var opValue: String {
        switch self {
        case .fixed(let v): return formatNumber(v)
        case .uniform(let lo, let hi): return "\(formatNumber(lo))..\(formatNumber(hi))"
        case .choice(let vs): return vs.map(formatNumber).joined(separator: "|")
        }
    }
}

extension Param {
    var opValue: String {
        switch self {
        case .fixed(let v): return "\(v)"
        case .choice(let vs): return vs.map { "\($0)" }.joined(separator: "|")
        }
    }
}
