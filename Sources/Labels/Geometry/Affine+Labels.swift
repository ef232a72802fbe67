public import Augment

extension Affine {
    /// The determinant of the linear part, `a e - b d`.
    public var determinant: Double { a * e - b * d }

    /// Whether the map mirrors (an odd number of reflections: flip h or v, transpose, transverse): the
    /// determinant is negative. Keypoints are permuted by a flip index exactly when this is true.
    public var isMirroring: Bool { determinant < 0 }

    /// Whether the linear part maps the axes onto the axes (`b = d = 0`, or `a = e = 0`): flips, 90-degree
    /// turns, transpose, transverse and axis-aligned scalings. An axis-aligned box then maps to an axis-aligned
    /// box exactly, whatever the box method.
    public var isAxisAligned: Bool { (b == 0 && d == 0) || (a == 0 && e == 0) }

    /// Applies the map to a point.
    public func apply(_ p: Point) -> Point {
        Point(x: a * p.x + b * p.y + c, y: d * p.x + e * p.y + f)
    }
}
