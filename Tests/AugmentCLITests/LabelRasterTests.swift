import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// Labels checked against the pixels, end to end: objects drawn in solid, distinct colours on a noisy background
/// with known boxes, polygons and keypoint dots; the CLI turns the image with nearest sampling and writes the
/// labels; each output label must match where its colour landed in the output image.
@Suite struct LabelRasterTests {
    /// A 160x100 RGB image: noise in 0...99, and three solid objects (a box, a triangle, keypoint dots) in
    /// channels' values no noise pixel has.
    struct Scene {
        var image: PixelBuffer
        /// YOLO rows of the scene (normalised).
        var detect: String
        var segment: String
        var pose: String
    }

    static let width = 160, height = 100
    static let boxColor: [UInt8] = [250, 10, 10], triangleColor: [UInt8] = [10, 250, 10]
    static let leftColor: [UInt8] = [10, 10, 250], rightColor: [UInt8] = [250, 250, 10]

    static func scene() throws -> Scene {
        var rng = SplitMix(seed: 42)
        var pixels = (0..<(width * height * 3)).map { _ in UInt8(rng.next() % 100) }
        func paint(_ x: Int, _ y: Int, _ c: [UInt8]) {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            for k in 0..<3 { pixels[(y * width + x) * 3 + k] = c[k] }
        }
        // A box [20, 50) x [15, 40).
        for y in 15..<40 { for x in 20..<50 { paint(x, y, boxColor) } }
        // A right triangle (90,20) (140,20) (90,80): pixel centres inside x - 90 + (y - 20) * 50 / 60 <= 50.
        for y in 20..<80 { for x in 90..<140 where Double(x) + 0.5 - 90 <= 50 - (Double(y) + 0.5 - 20) * 50 / 60 { paint(x, y, triangleColor) } }
        // Two keypoint dots (3x3) centred at pixel corners (30.5 + 1, ...): dots cover [29, 32) x [59, 62) etc.
        for y in 59..<62 { for x in 29..<32 { paint(x, y, leftColor) } }
        for y in 59..<62 { for x in 59..<62 { paint(x, y, rightColor) } }
        let image = try PixelBuffer(width: width, height: height, layout: .rgb, bytes: pixels)
        func n(_ v: Double, _ d: Int) -> String { String(v / Double(d)) }
        let w = Double(width), h = Double(height)
        let detect = "0 \(35 / w) \(27.5 / h) \(30 / w) \(25 / h)\n"
        let segment = "1 \(n(90, width)) \(n(20, height)) \(n(140, width)) \(n(20, height)) \(n(90, width)) \(n(80, height))\n"
        // A pose box around both dots, keypoints at the dots' centres (30.5, 60.5) and (60.5, 60.5), visible.
        let pose = "0 \(45.5 / w) \(60.5 / h) \(33 / w) \(5 / h) \(30.5 / w) \(60.5 / h) 2 \(60.5 / w) \(60.5 / h) 2\n"
        return Scene(image: image, detect: detect, segment: segment, pose: pose)
    }

    /// The pixel bounds [x0, x1) x [y0, y1) of `color` in `image`, nil when absent.
    static func bounds(of color: [UInt8], in image: PixelBuffer) -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
        let b = image.bytes, n = image.layout.channels
        var r: (Int, Int, Int, Int)?
        for y in 0..<image.height {
            for x in 0..<image.width where Array(b[((y * image.width + x) * n)..<((y * image.width + x) * n + 3)]) == color {
                r = r.map { (min($0.0, x), min($0.1, y), max($0.2, x + 1), max($0.3, y + 1)) } ?? (x, y, x + 1, y + 1)
            }
        }
        return r.map { (x0: $0.0, y0: $0.1, x1: $0.2, y1: $0.3) }
    }

    /// The rows of a label file as numbers.
    static func rows(_ path: String) throws -> [[Double]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
    }

    static func run(_ dir: String, labels: String, format: String, ops: [String], extra: [String] = []) throws -> (PixelBuffer, [[Double]]) {
        let scene = try scene()
        try FileManager.default.createDirectory(atPath: dir + "/data/images", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        try Data(Encoder().encode(scene.image, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: dir + "/data/images/s.png"))
        try labels.write(toFile: dir + "/data/labels/s.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/out/images", "--labels", format] + extra + ops.flatMap { ["--op", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let (out, _) = try Decoder().decode(file: dir + "/out/images/s.png")
        return (out, try rows(dir + "/out/labels/s.txt"))
    }

    static let exactOps: [[String]] = [["flip=h"], ["flip=v"], ["rot90"], ["rot180"], ["rot270"], ["transpose"], ["transverse"],
                                       ["rot90", "flip=h"], ["rotate=90,expand=true"], ["rotate=180"]]

    /// Exact ops: each box equals the bounds of its colour in the output, within a pixel.
    @Test(arguments: exactOps)
    func exactOpsGiveTheColoursBounds(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops)
        let b = try #require(Self.bounds(of: Self.boxColor, in: out))
        let row = try #require(rows.first)
        let (W, H) = (Double(out.width), Double(out.height))
        let (x0, x1) = ((row[1] - row[3] / 2) * W, (row[1] + row[3] / 2) * W)
        let (y0, y1) = ((row[2] - row[4] / 2) * H, (row[2] + row[4] / 2) * H)
        #expect(abs(x0 - Double(b.x0)) <= 1 && abs(x1 - Double(b.x1)) <= 1 && abs(y0 - Double(b.y0)) <= 1
                && abs(y1 - Double(b.y1)) <= 1, "label [\(x0), \(x1)) x [\(y0), \(y1)) vs colour \(b), ops \(ops)")
    }

    /// Arbitrary rotations with nearest sampling: the `largest` box contains every pixel of its colour, and the
    /// transformed polygon's bounds contain the triangle's pixels (within a pixel).
    @Test(arguments: [["rotate=17"], ["rotate=-33,expand=true"], ["rotate=45,expand=true", "flip=h"], ["rotate=120"],
                      ["rotate=10,crop=inscribed"]])
    func rotationsContainTheColour(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops)
        let (W, H) = (Double(out.width), Double(out.height))
        if let b = Self.bounds(of: Self.boxColor, in: out) {
            let row = try #require(rows.first, "the box is on the canvas, so its label is kept")
            let (x0, x1) = ((row[1] - row[3] / 2) * W, (row[1] + row[3] / 2) * W)
            let (y0, y1) = ((row[2] - row[4] / 2) * H, (row[2] + row[4] / 2) * H)
            #expect(x0 <= Double(b.x0) + 1 && x1 >= Double(b.x1) - 1 && y0 <= Double(b.y0) + 1 && y1 >= Double(b.y1) - 1,
                    "label [\(x0), \(x1)) x [\(y0), \(y1)) must contain colour \(b), ops \(ops)")
        }
        let dir2 = try CLI.scratch()
        let (out2, polygons) = try Self.run(dir2, labels: scene.segment, format: "yolo", ops: ops)
        if let t = Self.bounds(of: Self.triangleColor, in: out2) {
            let p = try #require(polygons.first)
            let xs = stride(from: 1, to: p.count, by: 2).map { p[$0] * Double(out2.width) }
            let ys = stride(from: 2, to: p.count, by: 2).map { p[$0] * Double(out2.height) }
            #expect(xs.min()! <= Double(t.x0) + 1 && xs.max()! >= Double(t.x1) - 1 && ys.min()! <= Double(t.y0) + 1
                    && ys.max()! >= Double(t.y1) - 1, "polygon bounds vs colour \(t), ops \(ops)")
            // Clipped, not clamped: every vertex is on the canvas.
            #expect(xs.allSatisfy { $0 >= -1e-6 && $0 <= Double(out2.width) + 1e-6 })
        }
    }

    /// Keypoints land on their dots within 1.5 px; a mirror swaps left and right by flip_idx.
    @Test(arguments: [["rotate=17"], ["flip=h"], ["rotate=-40,expand=true", "flip=v"], ["transpose"]])
    func keypointsLandOnTheirDots(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.pose, format: "yolo-pose", ops: ops,
                                       extra: ["--kpt-shape", "2,3", "--flip-idx", "1,0"])
        let row = try #require(rows.first)
        let (W, H) = (Double(out.width), Double(out.height))
        let mirrors = ops.contains { $0.hasPrefix("flip") || $0 == "transpose" }
        // Output point 0 is the left one (the input's point 1 after a mirror: its colour is the input's right dot).
        for (k, color) in [(0, mirrors ? Self.rightColor : Self.leftColor), (1, mirrors ? Self.leftColor : Self.rightColor)] {
            let d = try #require(Self.bounds(of: color, in: out), "dot \(k) on the canvas")
            let (cx, cy) = (Double(d.x0 + d.x1) / 2, Double(d.y0 + d.y1) / 2)
            let (x, y) = (row[5 + 3 * k] * W, row[6 + 3 * k] * H)
            #expect(abs(x - cx) <= 1.5 && abs(y - cy) <= 1.5, "keypoint \(k) at (\(x), \(y)), dot at (\(cx), \(cy)), ops \(ops)")
            #expect(row[7 + 3 * k] == 2)
        }
    }
}
