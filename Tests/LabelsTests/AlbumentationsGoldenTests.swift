import Augment
import Foundation
import Labels
import Testing

/// Labels against albumentations 2.0.8 (Fixtures/labels/albumentations-goldens.json, made by
/// scripts/fixtures/make-label-goldens with the pins of scripts/fixtures/requirements-labels.txt; this test reads only
/// the committed JSON). Per case: the input and output sizes, the affine albumentations applied to the boxes, in our
/// continuous frame (its `bbox_matrix`; the script checks it against albumentations' pixel-index `matrix` shifted by
/// half a pixel, against its pixels for the exact ops, and against the image corners), the boxes albumentations
/// returned for `largest_box` and `ellipse` (clipped, the dropped ones absent), and keypoints and polygons through the
/// same affine computed with numpy.
///
/// Boxes are compared at 1e-4 in normalised units (the project's contract; albumentations computes in float32 and
/// lands within ~1e-7 of a float64 evaluation). Keypoints and polygons are float64 on both sides: 1e-9 normalised.
@Suite struct AlbumentationsGoldenTests {
    struct Document: Decodable {
        var albumentations: String
        var cases: [Case]
    }

    struct InputBox: Decodable, Sendable {
        var yolo: [Double]
        var pixels: [Double]
    }

    struct Case: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var op: String
        var source: String
        var pipeline: [String]?
        var inputSize: [Int]
        var outputSize: [Int]
        var affine: Affine
        var indexFrameOffset: [Double]
        var boxes: [InputBox]
        var expected: [String: [[Double]]]
        var keypoints: [[Double]]
        var expectedKeypoints: [[Double]?]
        var polygons: [[[Double]]]
        var expectedPolygons: [[[Double]]?]

        enum CodingKeys: String, CodingKey {
            case name, op, source, pipeline, affine, boxes, expected, keypoints, polygons
            case inputSize = "input_size", outputSize = "output_size", indexFrameOffset = "index_frame_offset"
            case expectedKeypoints = "expected_keypoints", expectedPolygons = "expected_polygons"
        }

        var description: String { name }
        var width: Double { Double(outputSize[0]) }
        var height: Double { Double(outputSize[1]) }

        func transform(_ method: BoxMethod = .largest, flipIndex: [Int]? = nil) -> LabelTransform {
            LabelTransform(affine: affine, outputSize: (outputSize[0], outputSize[1]), boxMethod: method,
                           flipIndex: flipIndex)
        }
    }

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/labels/albumentations-goldens.json").standardized

    static let document: Document? = try? JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
    static var cases: [Case] { document?.cases ?? [] }

    /// The contract's tolerance for boxes, in normalised units.
    static let boxTolerance = 1e-4
    /// Keypoints and polygons: the same float64 affine on both sides.
    static let pointTolerance = 1e-9

    /// albumentations' method names in the JSON, and ours.
    static let methods: [(String, BoxMethod)] = [("largest", .largest), ("ellipse", .ellipse)]

    @Test func theGoldensAreThereAndNotVacuous() throws {
        let doc = try #require(Self.document, "Fixtures/labels/albumentations-goldens.json")
        #expect(doc.albumentations == "2.0.8")
        let ops = Set(doc.cases.map(\.op))
        #expect(ops == ["hflip", "vflip", "rot90", "rot180", "rot270", "transpose", "transverse", "rotate",
                        "rotate-expand", "rotate-fit", "affine", "affine-fit"])
        #expect(doc.cases.allSatisfy { $0.inputSize[0] != $0.inputSize[1] })
        // Dropped boxes, boxes that only the ellipse drops, keypoints that leave, polygons cut and gone.
        #expect(doc.cases.contains { $0.expected["largest"]!.count < $0.boxes.count })
        #expect(doc.cases.contains { $0.expected["ellipse"]!.count < $0.expected["largest"]!.count })
        #expect(doc.cases.contains { $0.expectedKeypoints.contains { $0 == nil } })
        #expect(doc.cases.contains { $0.expectedPolygons.contains { $0 == nil } })
        #expect(doc.cases.contains { c in
            zip(c.polygons, c.expectedPolygons).contains { $1 != nil && $1!.count != $0.count }
        })
        // albumentations moves its pixels and keypoints by the boxes' map shifted half a pixel (the script checks it),
        // except with fit_output, where its image canvas is sometimes a whole pixel off its boxes: the goldens follow
        // the boxes.
        #expect(doc.cases.allSatisfy { $0.op.hasSuffix("fit") || $0.indexFrameOffset == [0, 0] })
        #expect(doc.cases.contains { $0.indexFrameOffset != [0, 0] })
    }

    /// Where albumentations' map is one our pipeline makes (the exact ops, Rotate with the canvas kept, and Pillow's
    /// expanded canvas), the pipeline gives the same affine and canvas: the goldens test what `augment` runs.
    @Test(arguments: cases.filter { $0.pipeline != nil })
    func thePipelineMakesTheSameAffine(_ c: Case) throws {
        let p = try Pipeline(parsing: c.pipeline!).sample(seed: 0, key: [], copy: 0)
        let (w, h) = (c.inputSize[0], c.inputSize[1])
        let size = p.outputSize(width: w, height: h)
        #expect([size.width, size.height] == c.outputSize)
        let ours = p.affine(width: w, height: h).rows.flatMap { $0 }, theirs = c.affine.rows.flatMap { $0 }
        for (a, b) in zip(ours, theirs) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(c.name): \(ours) vs \(theirs)")
        }
    }

    @Test(arguments: cases)
    func boxesMatchAlbumentations(_ c: Case) throws {
        let (w, h) = (Double(c.inputSize[0]), Double(c.inputSize[1]))
        let objects = c.boxes.enumerated().map { i, b in
            // The pixel form is the YOLO form times the input size (what albumentations was given).
            #expect(abs(b.pixels[0] + b.pixels[2] - 2 * b.yolo[0] * w) <= 1e-9 * w
                    && abs(b.pixels[2] - b.pixels[0] - b.yolo[2] * w) <= 1e-9 * w
                    && abs(b.pixels[1] + b.pixels[3] - 2 * b.yolo[1] * h) <= 1e-9 * h
                    && abs(b.pixels[3] - b.pixels[1] - b.yolo[3] * h) <= 1e-9 * h, "\(c.name) box \(i)")
            return LabelObject(classToken: "\(i)", shape: .box(Box(minX: b.pixels[0], minY: b.pixels[1],
                                                                   maxX: b.pixels[2], maxY: b.pixels[3])))
        }
        for (key, method) in Self.methods {
            let want = try #require(c.expected[key])
            let result = try c.transform(method).apply(objects)
            let got = result.objects.map { o -> [Double] in
                guard case .box(let b) = o.shape else { return [] }
                return [Double(o.classToken)!, b.centerX / c.width, b.centerY / c.height, b.width / c.width,
                        b.height / c.height]
            }
            // The same boxes survive (albumentations' filter with min_visibility 0), in input order.
            #expect(got.map { Int($0[0]) } == want.map { Int($0[0]) }, "\(c.name) \(key): kept ids")
            for (g, e) in zip(got, want) where Int(g[0]) == Int(e[0]) {
                let worst = zip(g.dropFirst(), e.dropFirst()).map { abs($0 - $1) }.max()!
                #expect(worst <= Self.boxTolerance, "\(c.name) \(key) box \(Int(e[0])): ours \(g), albumentations \(e)")
            }
        }
    }

    /// A pose whose box is the whole input image (never dropped) carries the points; the identity flip index keeps
    /// output point i the image of input point i under the mirroring ops.
    @Test(arguments: cases)
    func keypointsAreTheAffineInTheContinuousFrame(_ c: Case) throws {
        let (w, h) = (Double(c.inputSize[0]), Double(c.inputSize[1]))
        let kps = c.keypoints.map { Keypoint(x: $0[0], y: $0[1], visibility: 2) }
        let t = c.transform(flipIndex: Array(kps.indices))
        let shape = try t.transform(.pose(box: Box(minX: 0, minY: 0, maxX: w, maxY: h), keypoints: kps))
        guard case .pose(_, let out)? = shape else {
            Issue.record("\(c.name): the pose was dropped")
            return
        }
        #expect(out.count == c.expectedKeypoints.count)
        for (i, (k, e)) in zip(out, c.expectedKeypoints).enumerated() {
            if let e {
                let ours = [k.x / c.width, k.y / c.height]
                #expect(k.visibility == 2 && abs(ours[0] - e[0]) <= Self.pointTolerance
                        && abs(ours[1] - e[1]) <= Self.pointTolerance,
                        "\(c.name) keypoint \(i): ours \(ours) v=\(k.visibility ?? -1), want \(e)")
            } else {
                #expect(k == Keypoint(x: 0, y: 0, visibility: 0), "\(c.name) keypoint \(i) left the canvas: \(k)")
            }
        }
    }

    @Test(arguments: cases)
    func polygonsAreTheAffineClippedToTheCanvas(_ c: Case) throws {
        for (i, (poly, want)) in zip(c.polygons, c.expectedPolygons).enumerated() {
            let shape = try c.transform().transform(.polygon(poly.map { Point(x: $0[0], y: $0[1]) }))
            guard let want else {
                #expect(shape == nil, "\(c.name) polygon \(i) should be gone")
                continue
            }
            guard case .polygon(let got)? = shape else {
                Issue.record("\(c.name) polygon \(i) was dropped")
                continue
            }
            let ours = got.map { [$0.x / c.width, $0.y / c.height] }
            #expect(Self.sameCycle(ours, want, Self.pointTolerance),
                    "\(c.name) polygon \(i): ours \(ours), want \(want)")
        }
    }

    /// The same closed ring within `tolerance`, whichever vertex it starts from.
    static func sameCycle(_ a: [[Double]], _ b: [[Double]], _ tolerance: Double) -> Bool {
        guard a.count == b.count else { return false }
        let n = a.count
        return (0..<n).contains { k in
            (0..<n).allSatisfy { j in
                abs(a[(j + k) % n][0] - b[j][0]) <= tolerance && abs(a[(j + k) % n][1] - b[j][1]) <= tolerance
            }
        }
    }
}
