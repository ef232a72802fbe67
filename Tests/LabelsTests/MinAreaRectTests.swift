#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Augment
import Labels
import PropertyBased
import Testing

@Suite struct MinAreaRectTests {
    /// The oracle: for every pair of hull-candidate points' direction... simply every edge of the hull, the
    /// bounding rectangle in that edge's frame; the least area.
    static func bruteForceArea(_ points: [Point]) -> Double {
        let hull = Polygon.convexHull(points)
        guard hull.count >= 3 else { return 0 }
        var best = Double.infinity
        for i in hull.indices {
            let p = hull[i], q = hull[(i + 1) % hull.count]
            let len = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
            let ux = (q.x - p.x) / len, uy = (q.y - p.y) / len
            let us = points.map { ($0.x - p.x) * ux + ($0.y - p.y) * uy }
            let vs = points.map { -($0.x - p.x) * uy + ($0.y - p.y) * ux }
            best = min(best, (us.max()! - us.min()!) * (vs.max()! - vs.min()!))
        }
        return best
    }

    @Test func aRotatedRectangleIsItsOwnMinimum() {
        let c = cos(0.3), s = sin(0.3)
        let rect = [(0.0, 0.0), (40.0, 0.0), (40.0, 10.0), (0.0, 10.0)].map { Point(x: 50 + c * $0.0 - s * $0.1,
                                                                                     y: 20 + s * $0.0 + c * $0.1) }
        let out = Polygon.minimumAreaRectangle(rect)!
        #expect(close(Polygon.area(out), 400, 1e-9))
        for p in rect { #expect(out.contains { close($0, p, 1e-9) }) }
    }

    @Test func degenerateInputGivesDegenerateRectangles() {
        #expect(Polygon.minimumAreaRectangle([]) == nil)
        let p = Point(x: 1, y: 2), q = Point(x: 3, y: 4)
        #expect(Polygon.minimumAreaRectangle([p, p]) == [p, p, p, p])
        #expect(Polygon.minimumAreaRectangle([p, q, Point(x: 2, y: 3)]) == [p, q, q, p])
    }

    @Test func calipersMatchTheEdgeByEdgeSearchAndEncloseEveryPoint() async {
        await propertyCheck(count: 300, input: Gen.double(in: -100...100).array(of: 6...40)) { v in
            let points = stride(from: 0, to: v.count - 1, by: 2).map { Point(x: v[$0], y: v[$0 + 1]) }
            guard let rect = Polygon.minimumAreaRectangle(points), Polygon.convexHull(points).count >= 3 else { return }
            let area = Polygon.area(rect)
            #expect(close(area, Self.bruteForceArea(points), 1e-7 * max(1, area)))
            // Every point inside: its projections on two adjacent sides fall within them (up to rounding).
            let ux = rect[1].x - rect[0].x, uy = rect[1].y - rect[0].y
            let vx = rect[3].x - rect[0].x, vy = rect[3].y - rect[0].y
            let uu = ux * ux + uy * uy, vv = vx * vx + vy * vy
            #expect(abs(ux * vx + uy * vy) <= 1e-9 * max(1, uu + vv))  // a right angle
            for p in points {
                let pu = (p.x - rect[0].x) * ux + (p.y - rect[0].y) * uy
                let pv = (p.x - rect[0].x) * vx + (p.y - rect[0].y) * vy
                #expect(pu >= -1e-7 * max(1, uu) && pu <= uu * (1 + 1e-9) + 1e-7)
                #expect(pv >= -1e-7 * max(1, vv) && pv <= vv * (1 + 1e-9) + 1e-7)
            }
        }
    }

    @Test func anOrientedBoxLeavingTheCanvasIsRefitted() throws {
        // A square -10...10 on a 100 x 100 canvas: the part left is 0...10 x 0...10, a quarter.
        let sq = Box(minX: -10, minY: -10, maxX: 10, maxY: 10).corners
        let t = LabelTransform(affine: .identity, outputSize: (100, 100))
        guard case .orientedBox(let out)? = try single(t, .orientedBox(sq)) else {
            Issue.record("dropped")
            return
        }
        #expect(close(Polygon.area(out), 100, 1e-9))
        #expect(close(Box(bounding: out)!, Box(minX: 0, minY: 0, maxX: 10, maxY: 10), 1e-9))
        // Below the visibility asked for: dropped.
        let strict = LabelTransform(affine: .identity, outputSize: (100, 100), minVisibility: 0.3)
        #expect(try single(strict, .orientedBox(sq)) == nil)
    }

    @Test func aDiamondCutAtACornerGetsTheTightestRectangle() throws {
        // A diamond centred on the canvas corner (0, 0): a right triangle (0,0) (10,0) (0,10) is left.
        let diamond = [Point(x: 10, y: 0), Point(x: 0, y: 10), Point(x: -10, y: 0), Point(x: 0, y: -10)]
        let t = LabelTransform(affine: .identity, outputSize: (100, 100))
        guard case .orientedBox(let out)? = try single(t, .orientedBox(diamond)) else {
            Issue.record("dropped")
            return
        }
        // The triangle's minimum rectangle has area 2 x 50 = 100 (its hypotenuse on a side, or a leg).
        #expect(close(Polygon.area(out), 100, 1e-9))
    }
}
