/// A 2x3 affine map of the plane, `x' = a x + b y + c`, `y' = d x + e y + f`.
///
/// Used in Pillow's pixel-corner convention: the image's top-left corner is (0, 0) and pixel (i, j) covers
/// `[i, i+1) x [j, j+1)`, so its centre is (i + 0.5, j + 0.5). Encoded as JSON as two rows of three numbers,
/// `[[a, b, c], [d, e, f]]`.
public struct Affine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// First row: `x' = a x + b y + c`.
    public var a: Double, b: Double, c: Double
    /// Second row: `y' = d x + e y + f`.
    public var d: Double, e: Double, f: Double

    /// A map from its six coefficients.
    public init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    /// The identity map.
    public static let identity = Affine(a: 1, b: 0, c: 0, d: 0, e: 1, f: 0)

    /// A translation by (tx, ty).
    public static func translation(_ tx: Double, _ ty: Double) -> Affine {
        Affine(a: 1, b: 0, c: tx, d: 0, e: 1, f: ty)
    }

    /// A scaling about the origin.
    public static func scaling(_ sx: Double, _ sy: Double) -> Affine {
        Affine(a: sx, b: 0, c: 0, d: 0, e: sy, f: 0)
    }

    /// The two rows, `[[a, b, c], [d, e, f]]`.
    public var rows: [[Double]] { [[a, b, c], [d, e, f]] }

    /// Applies the map to a point.
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        (a * x + b * y + c, d * x + e * y + f)
    }

    /// The map that applies `self` first, then `next`.
    public func then(_ next: Affine) -> Affine {
        Affine(
            a: next.a * a + next.b * d, b: next.a * b + next.b * e, c: next.a * c + next.b * f + next.c,
            d: next.d * a + next.e * d, e: next.d * b + next.e * e, f: next.d * c + next.e * f + next.f)
    }

    /// The inverse map (the determinant must not be 0).
    public var inverted: Affine {
        let det = a * e - b * d
        let ia = e / det, ib = -b / det, id = -d / det, ie = a / det
        return Affine(a: ia, b: ib, c: -(ia * c + ib * f), d: id, e: ie, f: -(id * c + ie * f))
    }

    /// `[[a, b, c], [d, e, f]]`.
    public var description: String { "[[\(a), \(b), \(c)], [\(d), \(e), \(f)]]" }

    /// Decodes `[[a, b, c], [d, e, f]]`.
    public init(from decoder: any Decoder) throws {
        let rows = try [[Double]](from: decoder)
        guard rows.count == 2, rows[0].count == 3, rows[1].count == 3 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "an affine matrix is two rows of three numbers"))
        }
        self.init(a: rows[0][0], b: rows[0][1], c: rows[0][2], d: rows[1][0], e: rows[1][1], f: rows[1][2])
    }

    /// Encodes `[[a, b, c], [d, e, f]]`.
    public func encode(to encoder: any Encoder) throws {
        try rows.encode(to: encoder)
    }
}
