#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Augment
@testable import Labels
import PropertyBased
import TestSupport
import Testing

@Suite struct YOLOWritingTests {
    /// C's own `%.6g`, the oracle.
    static func printfG(_ v: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([v]) { vsnprintf(&buffer, 64, "%.6g", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func formatsLikePrintf() {
        let values: [Double] = [0.5, 1, 0.1, 0.25, 1e-5, 1.5e-5, 0.0001, 0.00012345678, 123456.5, 999999.5, 0.9999995,
                                0.99999949999, 1234567, 2, 0.3333333333, 2.0 / 3, 1e14, 4.35e-7, 0.1234565, 0.1234575,
                                0.000123456789, 100, 10, 1e-15, 0.123456]
        for v in values + values.map(-) {
            #expect(DecimalFormat.g(v) == Self.printfG(v), "\(v)")
        }
        #expect(DecimalFormat.g(0) == "0")
        #expect(DecimalFormat.g(-0.0) == "0")
    }

    @Test func formatsExtremeMagnitudesLikePrintf() {
        // Outside 128-bit reach the shortest digits are rounded: the same text except on exact decimal ties (and
        // for subnormals, below 2.2e-308, where the shortest form is shorter than the precision).
        for v in [1.5e-20, 1.2345678e-30, 1e-300, 2.2250738585072014e-308, 1e300, 1.7976931348623157e308,
                  123456789012345678.0, 9.999996e20] {
            #expect(DecimalFormat.g(v) == Self.printfG(v), "\(v)")
        }
    }

    @Test func formatsRandomValuesLikePrintf() async {
        await propertyCheck(count: 2000, input: Gen.double(in: 0...1), Gen.double(in: -15...14)) { u, e in
            #expect(DecimalFormat.g(u) == Self.printfG(u), "\(u)")
            let v = u * pow(10, e.rounded(.down))
            #expect(DecimalFormat.g(v) == Self.printfG(v), "\(v)")
        }
    }

    @Test func writesEveryKind() {
        let objects = [
            LabelObject(classToken: "03", shape: .box(Box(minX: 40, minY: 15, maxX: 60, maxY: 35))),
            LabelObject(classToken: "1", shape: .polygon([Point(x: 0, y: 0), Point(x: 100, y: 0), Point(x: 50, y: 25)])),
            LabelObject(classToken: "2", shape: .orientedBox([Point(x: 10, y: 10), Point(x: 30, y: 10),
                                                              Point(x: 30, y: 20), Point(x: 10, y: 20)])),
            LabelObject(classToken: "0", shape: .pose(box: Box(minX: 40, minY: 20, maxX: 60, maxY: 30),
                                                      keypoints: [Keypoint(x: 10, y: 10, visibility: 2),
                                                                  Keypoint(x: 0, y: 0, visibility: 0)])),
            LabelObject(classToken: "0", shape: .pose(box: Box(minX: 40, minY: 20, maxX: 60, maxY: 30),
                                                      keypoints: [Keypoint(x: 100.0 / 3, y: 12.5)])),
        ]
        #expect(String(decoding: YOLO.write(objects, width: 100, height: 50), as: UTF8.self) == """
            03 0.5 0.5 0.2 0.4
            1 0 0 1 0 0.5 0.5
            2 0.1 0.2 0.3 0.2 0.3 0.4 0.1 0.4
            0 0.5 0.5 0.2 0.2 0.1 0.2 2 0 0 0
            0 0.5 0.5 0.2 0.2 0.333333 0.25

            """)
        #expect(YOLO.write([], width: 10, height: 10).isEmpty)
    }

    @Test func coordinatesAreClampedIntoTheUnitRange() {
        let o = LabelObject(classToken: "7", shape: .orientedBox([Point(x: -1, y: -2), Point(x: 11, y: 0),
                                                                  Point(x: 11, y: 12), Point(x: 0, y: 12)]))
        #expect(String(decoding: YOLO.write([o], width: 10, height: 10), as: UTF8.self) == "7 0 0 1 0 1 1 0 1\n")
    }

    /// The values a row holds, normalised (visibility as is).
    static func flat(_ shape: Shape, _ w: Double, _ h: Double) -> [Double] {
        func box(_ b: Box) -> [Double] { [b.centerX / w, b.centerY / h, b.width / w, b.height / h] }
        switch shape {
        case .box(let b): return box(b)
        case .polygon(let p), .orientedBox(let p): return p.flatMap { [$0.x / w, $0.y / h] }
        case .pose(let b, let k): return box(b) + k.flatMap { [$0.x / w, $0.y / h] + ($0.visibility.map { [$0] } ?? []) }
        }
    }

    /// Random objects for `format`, from normalised values in [0, 1], as pixels of a `w x h` image.
    static func objects(_ format: YOLOFormat, seed: UInt64, w: Int, h: Int) -> [LabelObject] {
        var g = SplitMix(seed)
        let W = Double(w), H = Double(h)
        func u() -> Double { Double.random(in: 0...1, using: &g) }
        func point() -> Point { Point(x: u() * W, y: u() * H) }
        func box() -> Box { Box(centerX: u() * W, centerY: u() * H, width: u() * W, height: u() * H) }
        return (0..<Int.random(in: 0...6, using: &g)).map { _ in
            let cls = "\(Int.random(in: 0...80, using: &g))"
            switch format {
            case .detect where seed % 2 == 0: return LabelObject(classToken: cls, shape: .box(box()))
            case .detect:
                return LabelObject(classToken: cls, shape: .polygon((0..<Int.random(in: 3...12, using: &g)).map { _ in point() }))
            case .obb: return LabelObject(classToken: cls, shape: .orientedBox((0..<4).map { _ in point() }))
            case .pose(let k, let d):
                let kps = (0..<k).map { _ in
                    let p = point()
                    return Keypoint(x: p.x, y: p.y, visibility: d == 3 ? Double(Int.random(in: 0...2, using: &g)) : nil)
                }
                return LabelObject(classToken: cls, shape: .pose(box: box(), keypoints: kps))
            }
        }
    }

    @Test(arguments: [YOLOFormat.detect, .obb, .pose(keypoints: 5, dimensions: 3), .pose(keypoints: 4, dimensions: 2)])
    func writeThenParseRoundTrips(format: YOLOFormat) async {
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 1...5000), Gen.int(in: 1...5000)) { seed, w, h in
            let objects = Self.objects(format, seed: seed, w: w, h: h)
            let text = YOLO.write(objects, width: w, height: h)
            guard let back = try? YOLO.parse(text, format: format, width: w, height: h) else {
                Issue.record("unreadable: \(String(decoding: text, as: UTF8.self))")
                return
            }
            #expect(back.map(\.classToken) == objects.map(\.classToken))
            for (a, b) in zip(back, objects) {
                let x = Self.flat(a.shape, Double(w), Double(h)), y = Self.flat(b.shape, Double(w), Double(h))
                #expect(x.count == y.count)
                #expect(zip(x, y).allSatisfy { close($0, $1, 1e-6) }, "\(x) vs \(y)")
            }
        }
    }
}
