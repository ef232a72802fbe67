#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parameter specs of an `affine` op: rotation, scale, translation and shear about the image centre, the
/// canvas kept, in one sampling pass (see ``AffineParameters`` for the matrix).
///
/// Every field is a number spec (fixed, `A..B` uniform, or a choice). Defaults: the identity (scale 1, the rest
/// 0), nearest (as Pillow's `Image.transform` and torchvision's `RandomAffine`), all-zero fill.
public struct AffineSpec: Sendable, Hashable {
    /// Rotation in degrees, counter-clockwise (as ``RotateSpec/degrees`` and Pillow's `rotate`).
    public var rotate: AngleSpec = .fixed(0)
    /// Uniform scale factor (> 0).
    public var scale: AngleSpec = .fixed(1)
    /// Horizontal translation as a fraction of the width (torchvision's `translate`, times the width).
    public var translate: AngleSpec = .fixed(0)
    /// Vertical translation as a fraction of the height; `nil` draws it from ``translate``'s spec (its own draw),
    /// as torchvision's `RandomAffine(translate=(a, b))` moves along both axes.
    public var translateY: AngleSpec? = nil
    /// Shear parallel to the x axis, in degrees (torchvision's `shear[0]`).
    public var shear: AngleSpec = .fixed(0)
    /// Shear parallel to the y axis, in degrees (torchvision's `shear[1]`; 0 unless given, as torchvision's
    /// one-range `shear`).
    public var shearY: AngleSpec = .fixed(0)
    /// The filter (default nearest, as Pillow).
    public var resample: Param<Resample> = .fixed(.nearest)
    /// The fill colour; `nil` is all-zero samples.
    public var fill: Fill? = nil

    /// The identity spec; set the fields that move.
    public init() {}
}

/// A concrete affine op: the sampled parameters and the matrix they make.
///
/// The matrix is torchvision's `_get_inverse_affine_matrix(center, angle, translate, scale, shear)`
/// (torchvision/transforms/functional.py), the output -> input map that torchvision's `F.affine` hands to Pillow's
/// `Image.transform(size, Image.AFFINE, matrix, resample, fillcolor=fill)` for a PIL image, with its centre
/// `(W * 0.5, H * 0.5)` (pixel-corner coordinates, as Pillow's `rotate`), computed in the same doubles in the
/// same order. One difference of sign: torchvision's `affine` angle is clockwise; ``degrees`` here is
/// counter-clockwise like our `rotate` and Pillow's, and enters the formula negated (as torchvision's own
/// `rotate` does: `_get_inverse_affine_matrix(center, -angle, ...)`). Translations are fractions of the size
/// (not rounded to whole pixels as torchvision's `RandomAffine.get_params` does).
public struct AffineParameters: Sendable, Hashable {
    /// Degrees, counter-clockwise.
    public var degrees: Double
    /// Scale factor.
    public var scale: Double
    /// Translation along x, a fraction of the width.
    public var translateX: Double
    /// Translation along y, a fraction of the height.
    public var translateY: Double
    /// Shear parallel to x, degrees.
    public var shearX: Double
    /// Shear parallel to y, degrees.
    public var shearY: Double
    /// The filter.
    public var resample: Resample
    /// The fill; `nil` is all-zero samples.
    public var fill: Fill?

    /// Concrete parameters; the defaults are the identity with nearest.
    public init(degrees: Double = 0, scale: Double = 1, translateX: Double = 0, translateY: Double = 0,
                shearX: Double = 0, shearY: Double = 0, resample: Resample = .nearest, fill: Fill? = nil) {
        self.degrees = degrees
        self.scale = scale
        self.translateX = translateX
        self.translateY = translateY
        self.shearX = shearX
        self.shearY = shearY
        self.resample = resample
        self.fill = fill
    }

    /// The output -> input matrix for a `width x height` image (pixel-corner coordinates), as torchvision's
    /// `_get_inverse_affine_matrix` computes it (the same doubles and order; see the type's comment).
    public func inverse(width: Int, height: Int) -> Affine {
        let cx = Double(width) * 0.5, cy = Double(height) * 0.5
        let tx = translateX * Double(width), ty = translateY * Double(height)
        let rot = -degrees * (Double.pi / 180.0)
        let sx = shearX * (Double.pi / 180.0), sy = shearY * (Double.pi / 180.0)
        let a = cos(rot - sy) / cos(sy)
        let b = -cos(rot - sy) * tan(sx) / cos(sy) - sin(rot)
        let c = sin(rot - sy) / cos(sy)
        let d = -sin(rot - sy) * tan(sx) / cos(sy) + cos(rot)
        var m = [d, -b, 0.0, -c, a, 0.0].map { $0 / scale }
        m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty)
        m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty)
        m[2] += cx
        m[5] += cy
        return Affine(a: m[0], b: m[1], c: m[2], d: m[3], e: m[4], f: m[5])
    }

    /// The sampling geometry for a `width x height` input: the canvas kept, the matrix as Pillow receives it.
    func geometry(width: Int, height: Int) -> RotationGeometry {
        RotationGeometry(inverse: inverse(width: width, height: height), width: width, height: height)
    }

    /// The rotation-kernel settings this op samples with (the angle is unused: the matrix is ``geometry``'s).
    var kernelSettings: Rotation { Rotation(degrees: 0, resample: resample, fill: fill) }
}

extension RotationGeometry {
    /// Pillow's `Image.transform(size, AFFINE, inverse)` with `size` the input's: always the resampling path
    /// (no exact fast path: Pillow's `transform` has none).
    init(inverse m: Affine, width: Int, height: Int) {
        path = .affine
        outWidth = width
        outHeight = height
        (a, b, c, d, e, f) = (m.a, m.b, m.c, m.d, m.e, m.f)
        exactInterpolation = true
    }
}

extension AffineSpec {
    /// Draws the concrete parameters (draws 1...7 of op `i`: rotate, resample, scale, translate x, translate y,
    /// shear x, shear y).
    func sample(_ rng: AugmentRandom, op i: Int) -> AffineParameters {
        AffineParameters(
            degrees: rotate.sample(rng, op: i, draw: 1), scale: scale.sample(rng, op: i, draw: 3),
            translateX: translate.sample(rng, op: i, draw: 4),
            translateY: (translateY ?? translate).sample(rng, op: i, draw: 5),
            shearX: shear.sample(rng, op: i, draw: 6), shearY: shearY.sample(rng, op: i, draw: 7),
            resample: resample.sample(rng, op: i, draw: 2), fill: fill)
    }

    /// The spec whose every parameter is fixed at `p`'s.
    init(fixed p: AffineParameters) {
        self.init()
        rotate = .fixed(p.degrees)
        scale = .fixed(p.scale)
        translate = .fixed(p.translateX)
        translateY = .fixed(p.translateY)
        shear = .fixed(p.shearX)
        shearY = .fixed(p.shearY)
        resample = .fixed(p.resample)
        fill = p.fill
    }

    /// The concrete parameters when every field is fixed, else `nil`.
    var fixedParameters: AffineParameters? {
        guard case .fixed(let r) = rotate, case .fixed(let s) = scale, case .fixed(let tx) = translate,
            case .fixed(let ty) = translateY ?? translate, case .fixed(let sx) = shear, case .fixed(let sy) = shearY,
            case .fixed(let rs) = resample
        else { return nil }
        return AffineParameters(degrees: r, scale: s, translateX: tx, translateY: ty, shearX: sx, shearY: sy,
                                resample: rs, fill: fill)
    }

    /// The op string of concrete parameters, e.g. `affine,rotate=30,scale=0.8,translate=0.1,translate-y=0`.
    public static func description(of p: AffineParameters) -> String { AffineSpec(fixed: p).opString }

    /// The op string: `affine` and every key that is not its default.
    var opString: String {
        var s = "affine"
        if rotate != .fixed(0) { s += ",rotate=" + rotate.opValue }
        if scale != .fixed(1) { s += ",scale=" + scale.opValue }
        if translate != .fixed(0) || translateY != nil { s += ",translate=" + translate.opValue }
        if let ty = translateY { s += ",translate-y=" + ty.opValue }
        if shear != .fixed(0) { s += ",shear=" + shear.opValue }
        if shearY != .fixed(0) { s += ",shear-y=" + shearY.opValue }
        if resample != .fixed(.nearest) { s += ",resample=" + resample.opValue }
        if let fill { s += ",fill=\(fill)" }
        return s
    }
}
