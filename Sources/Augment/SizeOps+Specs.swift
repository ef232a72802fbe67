/// The specs of the size-changing ops (what a pipeline holds before sampling), their draws and op strings.

/// The parameter specs of a `resize` op.
public struct ResizeSpec: Sendable, Hashable {
    /// How the output size is chosen.
    public var target: ResizeTarget
    /// The filter (default bilinear).
    public var resample: Param<ResizeFilter> = .fixed(.bilinear)

    /// A resize to `target`, bilinear.
    public init(target: ResizeTarget) { self.target = target }
}

/// Where a `crop` window sits.
public enum CropPlacement: Sendable, Hashable {
    /// torchvision's `center_crop`.
    case center
    /// Uniform over the positions that keep the window on the image (two unit draws, resolved against the size).
    case random
    /// Fixed fractions of the free positions (see ``CropParameters/at``): what a random placement reports.
    case fraction(x: Double, y: Double)
}

/// The parameter specs of a `crop` op.
public struct CropSpec: Sendable, Hashable {
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int
    /// Where the window sits.
    public var at: CropPlacement = .center
    /// Colour off the image; `nil` is all-zero samples.
    public var fill: Fill? = nil

    /// A centre crop.
    public init(width: Int, height: Int) { (self.width, self.height) = (width, height) }
}

extension PipelineOp.Kind {
    /// Draws a size-changing op (op index `i`): `resize` draw 1 the filter; `crop,at=random` draws 1 and 2 the x and
    /// y fractions; `random-resized-crop` draw 1 its unit draw, 2 the filter. `nil` for the other ops.
    func sampleSizeOp(_ rng: AugmentRandom, op i: Int) -> SampledOp? {
        switch self {
        case .resize(let r):
            return .resize(ResizeParameters(target: r.target, filter: r.resample.sample(rng, op: i, draw: 1)))
        case .crop(let c):
            let at: Point?
            switch c.at {
            case .center: at = nil
            case .random: at = Point(x: rng.unit(op: i, draw: 1), y: rng.unit(op: i, draw: 2))
            case .fraction(let x, let y): at = Point(x: x, y: y)
            }
            return .crop(CropParameters(width: c.width, height: c.height, at: at, fill: c.fill))
        case .pad(let p): return .pad(p)
        case .letterbox(let l): return .letterbox(l)
        case .randomResizedCrop(let r):
            return .randomResizedCrop(RandomResizedCropParameters(
                width: r.width, height: r.height, scale: r.scale, ratio: r.ratio,
                filter: r.resample.sample(rng, op: i, draw: 2), draw: r.draw ?? rng.unit(op: i, draw: 1)))
        case .rotate, .flip, .fixed, .affine:
            return nil
        }
    }

    /// The op string of a size-changing op; `nil` for the others.
    var sizeOpString: String? {
        switch self {
        case .resize(let r):
            var s = "resize=\(r.target)"
            if r.resample != .fixed(.bilinear) { s += ",resample=" + r.resample.opValue }
            return s
        case .crop(let c):
            var s = "crop=\(c.width)x\(c.height)"
            switch c.at {
            case .center: break
            case .random: s += ",at=random"
            case .fraction(let x, let y): s += ",at=\(formatNumber(x)):\(formatNumber(y))"
            }
            if let fill = c.fill { s += ",fill=\(fill)" }
            return s
        case .pad(let p):
            return "pad=\(p.width)x\(p.height)" + (p.fill.map { ",fill=\($0)" } ?? "")
        case .letterbox(let l):
            var s = "letterbox=\(l.width)x\(l.height)"
            if l.fill != LetterboxParameters.defaultFill { s += ",fill=" + (l.fill.map { "\($0)" } ?? "0:0:0:0") }
            if l.resample != .bilinear { s += ",resample=\(l.resample)" }
            return s
        case .randomResizedCrop(let r):
            var s = "random-resized-crop=\(r.width)x\(r.height)"
            if r.scale != [0.08, 1] { s += ",scale=\(formatNumber(r.scale[0]))..\(formatNumber(r.scale[1]))" }
            if r.ratio != [3.0 / 4.0, 4.0 / 3.0] { s += ",ratio=\(formatNumber(r.ratio[0]))..\(formatNumber(r.ratio[1]))" }
            if r.resample != .fixed(.bilinear) { s += ",resample=" + r.resample.opValue }
            if let d = r.draw { s += ",draw=\(formatNumber(d))" }
            return s
        case .rotate, .flip, .fixed, .affine:
            return nil
        }
    }
}

extension SampledOp {
    /// The spec of a concrete size-changing op (every parameter fixed); `nil` for the others.
    var sizeOpKind: PipelineOp.Kind? {
        switch self {
        case .resize(let r):
            var s = ResizeSpec(target: r.target)
            s.resample = .fixed(r.filter)
            return .resize(s)
        case .crop(let c):
            var s = CropSpec(width: c.width, height: c.height)
            s.at = c.at.map { .fraction(x: $0.x, y: $0.y) } ?? .center
            s.fill = c.fill
            return .crop(s)
        case .pad(let p): return .pad(p)
        case .letterbox(let l): return .letterbox(l)
        case .randomResizedCrop(let r):
            var s = RandomResizedCropSpec(width: r.width, height: r.height)
            (s.scale, s.ratio, s.resample, s.draw) = (r.scale, r.ratio, .fixed(r.filter), r.draw)
            return .randomResizedCrop(s)
        case .transpose, .rotate, .affine:
            return nil
        }
    }

    /// The concrete op of a size-changing spec whose parameters are all fixed; `nil` otherwise.
    init?(fixedSizeOp kind: PipelineOp.Kind) {
        switch kind {
        case .resize(let r):
            guard case .fixed(let f) = r.resample else { return nil }
            self = .resize(ResizeParameters(target: r.target, filter: f))
        case .crop(let c):
            let at: Point?
            switch c.at {
            case .center: at = nil
            case .random: return nil
            case .fraction(let x, let y): at = Point(x: x, y: y)
            }
            self = .crop(CropParameters(width: c.width, height: c.height, at: at, fill: c.fill))
        case .pad(let p): self = .pad(p)
        case .letterbox(let l): self = .letterbox(l)
        case .randomResizedCrop(let r):
            guard case .fixed(let f) = r.resample, let d = r.draw else { return nil }
            self = .randomResizedCrop(RandomResizedCropParameters(width: r.width, height: r.height, scale: r.scale,
                                                                  ratio: r.ratio, filter: f, draw: d))
        case .rotate, .flip, .fixed, .affine:
            return nil
        }
    }

    /// This op for a mask: nearest resizing, the mask's fill where the window leaves the image.
    func sizeOpForMask(fill: Fill) -> SampledOp? {
        switch self {
        case .resize(var r):
            r.filter = .nearest
            return .resize(r)
        case .crop(var c):
            c.fill = fill
            return .crop(c)
        case .pad(var p):
            p.fill = fill
            return .pad(p)
        case .letterbox(var l):
            (l.fill, l.resample) = (fill, .nearest)
            return .letterbox(l)
        case .randomResizedCrop(var r):
            r.filter = .nearest
            return .randomResizedCrop(r)
        case .transpose, .rotate, .affine:
            return nil
        }
    }
}
