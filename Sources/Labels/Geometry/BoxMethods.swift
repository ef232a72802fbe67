#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Augment

/// How an axis-aligned box becomes an axis-aligned box under an affine map that is not axis-aligned (an
/// arbitrary rotation). Under an axis-aligned map (flips, 90-degree turns, transpose, transverse, scaling) every
/// method gives the exact image of the box.
public enum BoxMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The bounds of the four transformed corners (albumentations' `largest_box`, torchvision, imgaug). Never
    /// smaller than the object, often loose.
    case largest
    /// albumentations' `ellipse` (2.0.8 `bboxes_affine_ellipse`): the ellipse inscribed in the box, sampled at
    /// the 360 whole degrees (`x = cx + w/2 sin t`, `y = cy + h/2 cos t`), transformed, then bounded. Tighter
    /// for round objects; computed in double precision (albumentations samples the angles in float32).
    case ellipse

    /// `largest` or `ellipse`.
    public var description: String { rawValue }

    /// The box around the image of `box` under `affine`, by this method (not clipped).
    public func transform(_ box: Box, by affine: Affine) -> Box {
        if affine.isAxisAligned || self == .largest {
            return Box(bounding: box.corners.map(affine.apply))!
        }
        let rx = box.width / 2, ry = box.height / 2, cx = box.minX + rx, cy = box.minY + ry
        return Box(bounding: unitCircle.map { affine.apply(Point(x: cx + rx * $0.sin, y: cy + ry * $0.cos)) })!
    }
}

/// `(sin t, cos t)` for t = 0, 1, ..., 359 degrees, as albumentations' `np.arange(0, 360)`.
private let unitCircle: [(sin: Double, cos: Double)] = (0..<360).map { k in
    let t = Double(k) * (Double.pi / 180)
    return (sin(t), cos(t))
}
