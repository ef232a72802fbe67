#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Augment
import Labels
import PropertyBased
import TestSupport
import Testing

@Suite struct PolygonTests {
    static func pts(_ xy: [(Double, Double)]) -> [Point] { xy.map { Point(x: $0.0, y: $0.1) } }

    /// A star-shaped polygon around (cx, cy): n vertices at increasing angles, every gap below 180 degrees (so the
    /// centre is inside and the polygon simple), random radii.
    static func star(seed: UInt64, n: Int, cx: Double, cy: Double, radius: Double) -> [Point] {
        var g = SplitMix(seed)
        let angles = (0..<n).map { i in 2 * Double.pi * (Double(i) + Double.random(in: 0..<0.4, using: &g)) / Double(n) }
        return angles.map { t in
            let r = Double.random(in: 0.1...1, using: &g) * radius
            return Point(x: cx + r * cos(t), y: cy + r * sin(t))
        }
    }

    @Test func clipIsAnIntersectionNotAClamp() {
        // A triangle poking out of the right edge of a 10 x 10 canvas.
        let tri = Self.pts([(5, 2), (15, 5), (5, 8)])
        let out = Polygon.clipped(tri, width: 10, height: 10)
        #expect(out == Self.pts([(5, 2), (10, 3.5), (10, 6.5), (5, 8)]))
        #expect(close(Polygon.area(out), 30 - 0.5 * 5 * 3))
        // A clamp would have given (5, 2), (10, 5), (5, 8): a different, smaller shape.
        #expect(Polygon.clipped(Self.pts([(20, 2), (30, 5), (20, 8)]), width: 10, height: 10).isEmpty)
    }

    @Test func concavePolygonsClipByHand() {
        // A U shape 0...30 x 0...20 with a notch 10...20 x 0...15, on a canvas 25 wide.
        let u = Self.pts([(0, 0), (10, 0), (10, 15), (20, 15), (20, 0), (30, 0), (30, 20), (0, 20)])
        #expect(Polygon.area(u) == 600 - 150)
        let out = Polygon.clipped(u, width: 25, height: 100)
        #expect(close(Polygon.area(out), 500 - 150))
    }

    @Test func rectanglePolygonsClipLikeBoxes() async {
        await propertyCheck(count: 300, input: Gen.double(in: -50...150).array(of: 4), Gen.int(in: 1...100),
                            Gen.int(in: 1...100)) { v, w, h in
            let b = Box(minX: min(v[0], v[1]), minY: min(v[2], v[3]), maxX: max(v[0], v[1]), maxY: max(v[2], v[3]))
            let out = Polygon.clipped(b.corners, width: Double(w), height: Double(h))
            let want = b.clipped(width: Double(w), height: Double(h)).area
            #expect(close(Polygon.area(out), want, 1e-9 * max(1, want)))
        }
    }

    @Test func clippedPolygonsLieInsideAndShrink() async {
        await propertyCheck(count: 300, input: Gen.uint64(), Gen.int(in: 3...12), Gen.int(in: 1...200),
                            Gen.int(in: 1...200), Gen.double(in: -50...250).array(of: 3)) { seed, n, w, h, c in
            let poly = Self.star(seed: seed, n: n, cx: c[0], cy: c[1], radius: abs(c[2]) + 1)
            let out = Polygon.clipped(poly, width: Double(w), height: Double(h))
            for p in out {
                #expect(p.x >= 0 && p.x <= Double(w) && p.y >= 0 && p.y <= Double(h))
            }
            let grew = Polygon.area(out) - Polygon.area(poly)
            #expect(grew <= 1e-9 * max(1, Polygon.area(poly)), "\(poly) -> \(out) w \(w) h \(h)")
            // Through the transform: dropped, or a polygon of 3+ vertices with an area.
            let t = LabelTransform(affine: .identity, outputSize: (w, h))
            if case .polygon(let kept)? = try? single(t, .polygon(poly)) {
                #expect(kept.count >= 3 && Polygon.area(kept) > 0)
                #expect(kept == out)
            } else {
                #expect(out.count < 3 || Polygon.area(out) == 0)
            }
        }
    }

    @Test func degeneratePolygonsAreDropped() throws {
        let t = LabelTransform(affine: .identity, outputSize: (10, 10))
        #expect(try single(t, .polygon(Self.pts([(1, 1), (5, 5), (9, 9)]))) == nil)       // collinear
        #expect(try single(t, .polygon(Self.pts([(-5, 1), (-1, 5), (-3, 9)]))) == nil)    // outside
        #expect(try single(t, .polygon(Self.pts([(-5, 0), (0, 5), (-5, 10)]))) == nil)   // touches the edge
    }
}
