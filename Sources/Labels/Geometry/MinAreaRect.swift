public import Augment

extension Polygon {
    /// The convex hull of `points` (Andrew's monotone chain), counter-clockwise in the mathematical sense
    /// (x right, y up; clockwise on screen), without collinear vertices. One or two points for degenerate input.
    public static func convexHull(_ points: [Point]) -> [Point] {
        let sorted = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        var unique: [Point] = []
        for p in sorted where unique.last != p { unique.append(p) }
        guard unique.count > 2 else { return unique }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [Point] = [], upper: [Point] = []
        for p in unique {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in unique.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The minimum-area rectangle enclosing `points`, as its 4 corners: rotating calipers over the convex hull
    /// (one side of the optimal rectangle lies on a hull edge; the three other calipers advance monotonically).
    /// Degenerate input gives a degenerate rectangle (a segment or a point repeated); `nil` for no points.
    public static func minimumAreaRectangle(_ points: [Point]) -> [Point]? {
        let hull = convexHull(points)
        switch hull.count {
        case 0: return nil
        case 1: return [hull[0], hull[0], hull[0], hull[0]]
        case 2: return [hull[0], hull[1], hull[1], hull[0]]
        default: break
        }
        let n = hull.count
        func dot(_ k: Int, _ origin: Point, _ ux: Double, _ uy: Double) -> Double {
            (hull[k].x - origin.x) * ux + (hull[k].y - origin.y) * uy
        }
        var best: (area: Double, corners: [Point])?
        var r = 1, t = 1, l = 1
        for i in 0..<n {
            let p = hull[i], q = hull[(i + 1) % n]
            let len = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
            guard len > 0 else { continue }
            let ux = (q.x - p.x) / len, uy = (q.y - p.y) / len
            let nx = -uy, ny = ux  // the hull's inside is to the left of each edge
            // Farthest along the edge, then farthest from it, then least along it; each index only moves forward.
            if i == 0 { r = 1 }
            var steps = 0
            while steps < n, dot((r + 1) % n, p, ux, uy) > dot(r, p, ux, uy) { r = (r + 1) % n; steps += 1 }
            if i == 0 { t = r }
            steps = 0
            while steps < n, dot((t + 1) % n, p, nx, ny) > dot(t, p, nx, ny) { t = (t + 1) % n; steps += 1 }
            if i == 0 { l = t }
            steps = 0
            while steps < n, dot((l + 1) % n, p, ux, uy) < dot(l, p, ux, uy) { l = (l + 1) % n; steps += 1 }
            let lo = dot(l, p, ux, uy), hi = dot(r, p, ux, uy), h = dot(t, p, nx, ny)
            let area = (hi - lo) * h
            if best == nil || area < best!.area {
                let corners = [
                    Point(x: p.x + ux * lo, y: p.y + uy * lo),
                    Point(x: p.x + ux * hi, y: p.y + uy * hi),
                    Point(x: p.x + ux * hi + nx * h, y: p.y + uy * hi + ny * h),
                    Point(x: p.x + ux * lo + nx * h, y: p.y + uy * lo + ny * h),
                ]
                best = (area, corners)
            }
        }
        return best?.corners
    }
}
