#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parameter specs of a `random-resized-crop` op: torchvision's `RandomResizedCrop(size, scale, ratio)`.
public struct RandomResizedCropSpec: Sendable, Hashable {
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int
    /// The crop's area as a fraction of the image's, uniform in `[scale[0], scale[1]]` (torchvision's `scale`).
    public var scale: [Double] = [0.08, 1]
    /// The crop's aspect ratio w/h, log-uniform in `[ratio[0], ratio[1]]` (torchvision's `ratio`).
    public var ratio: [Double] = [3.0 / 4.0, 4.0 / 3.0]
    /// The resize filter (default bilinear, as torchvision).
    public var resample: Param<ResizeFilter> = .fixed(.bilinear)
    /// The draw behind the box (see ``RandomResizedCropParameters/draw``); `nil` draws one per copy.
    public var draw: Double? = nil

    /// torchvision's defaults, `scale=(0.08, 1)`, `ratio=(3/4, 4/3)`.
    public init(width: Int, height: Int) { (self.width, self.height) = (width, height) }
}

/// A concrete `random-resized-crop`: its settings and the one unit draw that fixes the box for any image size.
///
/// `sample()` does not know the image size, and torchvision's `get_params` takes up to 40 draws whose use depends
/// on it (ten attempts of area, log-ratio, top and left, each kept only if the box fits). So the sampled op keeps
/// one unit ``draw``; ``box(width:height:)`` expands it into the attempts' uniforms (SplitMix64 from its bits,
/// ``unit(_:)``) and runs torchvision's algorithm on them. The report shows the draw; the resolved box is in its
/// forward matrix (`affine`) and ``box(width:height:)``.
public struct RandomResizedCropParameters: Sendable, Hashable {
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int
    /// Area fraction range.
    public var scale: [Double]
    /// Aspect ratio range (w/h).
    public var ratio: [Double]
    /// The resize filter.
    public var filter: ResizeFilter
    /// A unit draw in `[0, 1)`: the seed of the attempts' uniforms.
    public var draw: Double

    /// A concrete op.
    public init(width: Int, height: Int, scale: [Double] = [0.08, 1], ratio: [Double] = [3.0 / 4.0, 4.0 / 3.0],
                filter: ResizeFilter = .bilinear, draw: Double) {
        (self.width, self.height, self.scale, self.ratio, self.filter, self.draw) = (width, height, scale, ratio, filter, draw)
    }

    /// Uniform `k` (from 0) of the expansion of ``draw``: `mix(bits(draw) + 0x9e3779b97f4a7c15 (k + 1))`, top 53 bits.
    public func unit(_ k: Int) -> Double {
        let z = AugmentRandom.mix(draw.bitPattern &+ 0x9e37_79b9_7f4a_7c15 &* UInt64(k + 1))
        return Double(z >> 11) * 0x1p-53
    }

    /// The crop box `(x, y, width, height)` in a `w x h` image, by torchvision's
    /// `RandomResizedCrop.get_params` (torchvision/transforms/transforms.py): ten attempts of
    /// `target_area = area * U(scale)`, `aspect = exp(U(log ratio))`, `cw = int(round(sqrt(target_area * aspect)))`,
    /// `ch = int(round(sqrt(target_area / aspect)))`, accepted when `0 < cw <= w` and `0 < ch <= h`, then
    /// `top = randint(0, h - ch + 1)`, `left = randint(0, w - cw + 1)`; else the fallback: the whole image cut to the
    /// nearest ratio bound, centred (`(h - ch) // 2`). Attempt `a` uses uniforms `4a ... 4a + 3` (area, log-ratio,
    /// top, left). Rounding is half to even (torch's and Python's); arithmetic in doubles (torch's uniforms are
    /// float32).
    public func box(width w: Int, height h: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        Self.getParams(width: w, height: h, scale: scale, ratio: ratio, uniform: unit)
    }

    /// torchvision's `get_params` on uniforms in `[0, 1)` given by `uniform(k)` (see ``box(width:height:)``).
    public static func getParams(width w: Int, height h: Int, scale: [Double], ratio: [Double],
                                 uniform: (Int) -> Double) -> (x: Int, y: Int, width: Int, height: Int) {
        guard w > 0, h > 0 else { return (0, 0, w, h) }
        let area = Double(w * h)
        let logLo = log(ratio[0]), logHi = log(ratio[1])
        for attempt in 0..<10 {
            let k = 4 * attempt
            let target = area * (scale[0] + (scale[1] - scale[0]) * uniform(k))
            let aspect = exp(logLo + (logHi - logLo) * uniform(k + 1))
            let cw = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let ch = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            if 0 < cw && cw <= w && 0 < ch && ch <= h {
                let top = min(Int(uniform(k + 2) * Double(h - ch + 1)), h - ch)
                let left = min(Int(uniform(k + 3) * Double(w - cw + 1)), w - cw)
                return (left, top, cw, ch)
            }
        }
        let inRatio = Double(w) / Double(h)
        var (cw, ch) = (w, h)
        if inRatio < ratio.min()! {
            ch = Int((Double(w) / ratio.min()!).rounded(.toNearestOrEven))
        } else if inRatio > ratio.max()! {
            cw = Int((Double(h) * ratio.max()!).rounded(.toNearestOrEven))
        }
        return ((w - cw) / 2, (h - ch) / 2, cw, ch)
    }
}
