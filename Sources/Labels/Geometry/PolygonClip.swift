public import Augment

/// Plane geometry of simple polygons (vertex lists, implicitly closed).
public enum Polygon {
    /// The polygon's area (shoelace formula, absolute value); 0 for fewer than 3 vertices.
    public static func area(_ points: [Point]) -> Double {
        abs(signedArea(points))
    }

    /// The shoelace sum: positive when the vertices run clockwise on screen (y down), negative otherwise.
    static func signedArea(_ points: [Point]) -> Double {
        guard points.count >= 3 else { return 0 }
        var s = 0.0
        var prev = points[points.count - 1]
        for p in points {
            s += prev.x * p.y - p.x * prev.y
            prev = p
        }
        return s / 2
    }

    /// The part of `points` inside `[0, width] x [0, height]`: Sutherland–Hodgman against the four edges, then
    /// consecutive duplicate vertices removed. A true clip, not a clamp: the result is the intersection, with new
    /// vertices where edges cross the canvas border. May have fewer than 3 vertices (nothing left).
    public static func clipped(_ points: [Point], width: Double, height: Double) -> [Point] {
        var out = points
        out = clip(out, inside: { $0.x >= 0 }, cross: { p, q in crossX(p, q, 0) })
        out = clip(out, inside: { $0.x <= width }, cross: { p, q in crossX(p, q, width) })
        out = clip(out, inside: { $0.y >= 0 }, cross: { p, q in crossY(p, q, 0) })
        out = clip(out, inside: { $0.y <= height }, cross: { p, q in crossY(p, q, height) })
        return removingDuplicates(out)
    }

    /// One Sutherland–Hodgman pass against a half-plane.
    private static func clip(_ points: [Point], inside: (Point) -> Bool, cross: (Point, Point) -> Point) -> [Point] {
        guard let last = points.last else { return [] }
        var out: [Point] = []
        out.reserveCapacity(points.count + 2)
        var prev = last
        var prevIn = inside(prev)
        for p in points {
            let pIn = inside(p)
            if pIn {
                if !prevIn { out.append(cross(prev, p)) }
                out.append(p)
            } else if prevIn {
                out.append(cross(prev, p))
            }
            prev = p
            prevIn = pIn
        }
        return out
    }

    /// Where segment p-q crosses the vertical line `x = x0` (p and q on opposite sides).
    private static func crossX(_ p: Point, _ q: Point, _ x0: Double) -> Point {
        let t = (x0 - p.x) / (q.x - p.x)
        return Point(x: x0, y: p.y + t * (q.y - p.y))
    }

    /// Where segment p-q crosses the horizontal line `y = y0` (p and q on opposite sides).
    private static func crossY(_ p: Point, _ q: Point, _ y0: Double) -> Point {
        let t = (y0 - p.y) / (q.y - p.y)
        return Point(x: p.x + t * (q.x - p.x), y: y0)
    }

    /// Drops vertices equal to the one before them (cyclically).
    static func removingDuplicates(_ points: [Point]) -> [Point] {
        var out: [Point] = []
        out.reserveCapacity(points.count)
        for p in points where out.last != p { out.append(p) }
        while out.count > 1, out.first == out.last { out.removeLast() }
        return out
    }
}
