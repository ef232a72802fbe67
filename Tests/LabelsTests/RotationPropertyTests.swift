import Augment
import Labels
import PropertyBased
import Testing

/// Arbitrary rotations about the centre with `expand`, the canvas from the rotated corners (Pillow).
@Suite struct RotationPropertyTests {
    /// A box inside a `w x h` image from four fractions.
    static func box(_ w: Int, _ h: Int, _ f: [Double]) -> Box {
        let x0 = f[0] * Double(w - 1), y0 = f[1] * Double(h - 1)
        return Box(minX: x0, minY: y0, maxX: x0 + 1 + f[2] * (Double(w) - 1 - x0),
                   maxY: y0 + 1 + f[3] * (Double(h) - 1 - y0))
    }

    @Test func largestContainsEveryTransformedCornerClippedToTheCanvas() async throws {
        await propertyCheck(count: 300, input: Gen.double(in: -180...180), Gen.int(in: 2...400), Gen.int(in: 2...400),
                            Gen.double(in: 0...1).array(of: 4)) { degrees, w, h, f in
            let (a, size) = expandedRotation(degrees: degrees, width: w, height: h)
            let b = Self.box(w, h, f)
            let t = LabelTransform(affine: a, outputSize: size)
            guard case .box(let out)? = try? single(t, .box(b)) else {
                Issue.record("dropped: \(degrees) \(w)x\(h) \(b)")
                return
            }
            let W = Double(size.width), H = Double(size.height)
            #expect(out.minX >= 0 && out.minY >= 0 && out.maxX <= W && out.maxY <= H)
            for c in b.corners.map(a.apply) {
                let x = min(max(c.x, 0), W), y = min(max(c.y, 0), H)
                #expect(out.minX <= x + 1e-9 && x <= out.maxX + 1e-9 && out.minY <= y + 1e-9 && y <= out.maxY + 1e-9)
            }
            // The box is the corners' bounds, clipped: some corner reaches each edge.
            let bounds = Box(bounding: b.corners.map(a.apply))!.clipped(width: W, height: H)
            #expect(close(out, bounds, 1e-9))
        }
    }

    @Test func ellipseMatchesTheClosedFormWithinTheSampling() async throws {
        // The inscribed ellipse's exact bounds: half-extents sqrt((rx a)^2 + (ry b)^2), sqrt((rx d)^2 + (ry e)^2).
        // Sampling every degree can only fall short of them, by at most 1 - cos(0.5 deg) relative.
        await propertyCheck(count: 300, input: Gen.double(in: -180...180), Gen.int(in: 2...400), Gen.int(in: 2...400),
                            Gen.double(in: 0...1).array(of: 4)) { degrees, w, h, f in
            let (a, _) = expandedRotation(degrees: degrees, width: w, height: h)
            let b = Self.box(w, h, f)
            let out = BoxMethod.ellipse.transform(b, by: a)
            let rx = b.width / 2, ry = b.height / 2
            let c = a.apply(Point(x: b.centerX, y: b.centerY))
            let hx = ((rx * a.a) * (rx * a.a) + (ry * a.b) * (ry * a.b)).squareRoot()
            let hy = ((rx * a.d) * (rx * a.d) + (ry * a.e) * (ry * a.e)).squareRoot()
            let slack = 1 - 0.99996192306  // 1 - cos(0.5 degree)
            #expect(out.minX >= c.x - hx - 1e-9 && out.maxX <= c.x + hx + 1e-9)
            #expect(out.minY >= c.y - hy - 1e-9 && out.maxY <= c.y + hy + 1e-9)
            #expect(out.width >= 2 * hx * (1 - slack) - 1e-9 && out.height >= 2 * hy * (1 - slack) - 1e-9)
            // Never looser than the corners' box.
            let largest = BoxMethod.largest.transform(b, by: a)
            #expect(out.minX >= largest.minX - 1e-9 && out.maxX <= largest.maxX + 1e-9)
            #expect(out.minY >= largest.minY - 1e-9 && out.maxY <= largest.maxY + 1e-9)
        }
    }

    @Test func ellipseAtFortyFiveDegreesByHand() {
        // A 20 x 20 box turned 45 degrees: corners reach 10 sqrt 2 from the centre, the circle stays at 10.
        let a = Affine(a: 0.5.squareRoot(), b: 0.5.squareRoot(), c: 0, d: -(0.5.squareRoot()), e: 0.5.squareRoot(), f: 0)
        let b = Box(minX: -10, minY: -10, maxX: 10, maxY: 10)
        #expect(close(BoxMethod.largest.transform(b, by: a), Box(minX: -200.0.squareRoot(), minY: -200.0.squareRoot(),
                                                                maxX: 200.0.squareRoot(), maxY: 200.0.squareRoot())))
        #expect(close(BoxMethod.ellipse.transform(b, by: a), Box(minX: -10, minY: -10, maxX: 10, maxY: 10), 1e-12))
    }

    @Test func orientedBoxesStayRectanglesUnderRotation() async throws {
        await propertyCheck(count: 200, input: Gen.double(in: -180...180), Gen.int(in: 2...300), Gen.int(in: 2...300),
                            Gen.double(in: 0...1).array(of: 4)) { degrees, w, h, f in
            let (a, size) = expandedRotation(degrees: degrees, width: w, height: h)
            let b = Self.box(w, h, f)
            let t = LabelTransform(affine: a, outputSize: size)
            guard case .orientedBox(let out)? = try? single(t, .orientedBox(b.corners)) else {
                Issue.record("dropped")
                return
            }
            // Inside the expanded canvas: the corners themselves, not a re-fitted rectangle.
            let moved = b.corners.map(a.apply)
            #expect(zip(out, moved).allSatisfy { close($0, $1, 1e-9) })
            #expect(close(Polygon.area(out), b.area, 1e-6 * max(1, b.area)))
        }
    }
}
