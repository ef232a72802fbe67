#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Pascal VOC XML format's conventions: boxes in 1-based inclusive pixel indices, converted to and from the
/// engine's continuous frame. Parsing and writing are ``VOCAnnotation``'s; no files.
public enum VOC {
    /// How far (in pixels) a transformed edge may sit past a whole pixel and still count as on it, so that the
    /// rounding of a quarter turn through sine and cosine (1e-13 px) does not grow a box by a pixel.
    public static let tolerance = 1e-6

    /// The continuous box of a VOC `bndbox`: `[xmin - 1, xmax] x [ymin - 1, ymax]`.
    public static func continuousBox(xmin: Double, ymin: Double, xmax: Double, ymax: Double) -> Box {
        Box(minX: xmin - 1, minY: ymin - 1, maxX: xmax, maxY: ymax)
    }

    /// The VOC `bndbox` of a continuous box on a `width x height` canvas: the smallest box of whole pixels holding
    /// it, `xmin = floor(minX) + 1`, `xmax = ceil(maxX)` (within ``tolerance``), clamped to `1...width` and
    /// `1...height`, never with `xmax < xmin`.
    public static func integerBox(_ box: Box, width: Int, height: Int)
        -> (xmin: Int, ymin: Int, xmax: Int, ymax: Int)
    {
        func low(_ v: Double, _ limit: Int) -> Int { min(max(Int(floor(v + tolerance)) + 1, 1), limit) }
        func high(_ v: Double, _ limit: Int) -> Int { min(max(Int(ceil(v - tolerance)), 1), limit) }
        let xmin = low(box.minX, width), ymin = low(box.minY, height)
        return (xmin, ymin, max(high(box.maxX, width), xmin), max(high(box.maxY, height), ymin))
    }

    /// A number as VOC files write it: an integer without a decimal point when it is one.
    static func format(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
