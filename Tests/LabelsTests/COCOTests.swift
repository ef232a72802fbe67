import Augment
import Foundation
import Labels
import Testing

/// COCO: run-length masks against pycocotools 2.0.11 (Fixtures/labels/pycocotools-goldens.json, made by
/// scripts/fixtures/make-coco-goldens), ids, flip pairs, and annotations through a transform.
@Suite struct COCOTests {
    struct Golden {
        var name: String
        var rows: [[UInt8]]
        var height: Int, width: Int
        var counts: String
        var runs: [Int]
        var area: Int
        var bbox: [Int]
    }

    nonisolated(unsafe) static let document: [String: Any] = {  // read once, never written
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/labels/pycocotools-goldens.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    static let goldens: [Golden] = (document["cases"] as! [[String: Any]]).map { c in
        let size = c["size"] as! [Int]
        return Golden(name: c["name"] as! String, rows: (c["rows"] as! [[Int]]).map { $0.map(UInt8.init) },
                      height: size[0], width: size[1], counts: c["counts"] as! String, runs: c["runs"] as! [Int],
                      area: c["area"] as! Int, bbox: c["bbox"] as! [Int])
    }

    @Test func masksEncodeAsPycocotools() throws {
        #expect(Self.goldens.count >= 10)
        for g in Self.goldens {
            let mask = Array(g.rows.joined())
            let rle = RLE(rowMajor: mask, width: g.width, height: g.height)
            #expect(rle.counts == g.runs, "\(g.name)")
            #expect(rle.compressed == g.counts, "\(g.name)")
            #expect(rle.area == g.area && rle.boundingBox == g.bbox, "\(g.name): \(rle.boundingBox) vs \(g.bbox)")
            let back = try RLE(compressed: g.counts, height: g.height, width: g.width)
            #expect(back.counts == g.runs && back.rowMajor() == mask, "\(g.name)")
        }
    }

    @Test func largeRunsDecode() throws {
        let large = Self.document["large"] as! [String: Any]
        let size = large["size"] as! [Int], block = large["block"] as! [Int]
        let rle = try RLE(compressed: large["counts"] as! String, height: size[0], width: size[1])
        #expect(rle.area == large["area"] as! Int && rle.boundingBox == large["bbox"] as! [Int])
        let mask = rle.rowMajor()
        #expect(mask[block[0] * size[1] + block[2]] == 1 && mask[(block[1] - 1) * size[1] + block[3] - 1] == 1)
        #expect(mask[(block[0] - 1) * size[1] + block[2]] == 0 && mask[block[0] * size[1] + block[3]] == 0)
        #expect(RLE(rowMajor: mask, width: size[1], height: size[0]).compressed == large["counts"] as! String)
    }

    @Test func badMasksAreRefused() {
        #expect(throws: LabelError.self) { try RLE(compressed: "1 2", height: 2, width: 2) }  // a space
        #expect(throws: LabelError.self) { try RLE(compressed: "0", height: 2, width: 2) }    // 0 of 4 pixels
        #expect(throws: LabelError.self) { try RLE(compressed: "l", height: 2, width: 2) }    // a run not ended
        #expect(throws: LabelError.self) { try RLE(height: 2, width: 2, counts: [1, 2]) }
    }

    @Test func idsArePureAndChecked() throws {
        #expect(try COCO.newID(7, copy: 2, copies: 3) == 23)
        #expect(try COCO.newID(0, copy: 0, copies: 1) == 0)
        #expect(throws: LabelError.self) { try COCO.newID(COCO.maxID / 2, copy: 0, copies: 4) }
        #expect(throws: LabelError.self) { try COCO.newID(-1, copy: 0, copies: 1) }
        #expect(throws: LabelError.self) { try COCO.newID(Int.max / 2, copy: 0, copies: 3) }
    }

    @Test func flipPairsByNameOrIndex() throws {
        let names = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"]
        #expect(try COCO.flipIndex(pairs: [("left_eye", "right_eye"), ("3", "4")], names: names) == [0, 2, 1, 4, 3])
        #expect(throws: LabelError.self) { try COCO.flipIndex(pairs: [("left_eye", "chin")], names: names) }
        #expect(throws: LabelError.self) { try COCO.flipIndex(pairs: [("1", "2"), ("2", "3")], names: names) }
    }

    func n(_ v: Double) -> JSONValue { .number(v) }

    /// Polygons: two rings, one cut by the canvas edge, one pushed off it; bbox is the tight box of what is left.
    @Test func polygonsAreClippedAndBoxedTightly() throws {
        let ann: [String: JSONValue] = [
            "id": n(5), "image_id": n(1), "category_id": n(3), "iscrowd": n(0), "area": n(999),
            "bbox": .array([n(0), n(0), n(1), n(1)]), "extra": .string("kept"),
            "segmentation": .array([.array([10, 10, 30, 10, 30, 20].map(n)), .array([92, 50, 99, 50, 99, 60].map(n)),
                                    .array([1, 2].map(n))]),
        ]
        // Shift right by 5 on a 100 x 80 canvas: the second ring [97, 104] x [50, 60] is cut at x = 100.
        let t = LabelTransform(affine: Affine(a: 1, b: 0, c: 5, d: 0, e: 1, f: 0), outputSize: (100, 80))
        let out = try #require(try COCO.transform(annotation: ann, by: t, inputSize: (100, 80)) { $0 })
        let rings = try #require(out["segmentation"]?.arrayValue)
        #expect(rings.count == 2)
        // The second ring (97, 50) (104, 50) (104, 60) keeps x <= 100: the triangle (97, 50) (100, 50)
        // (100, 50 + 30/7), area 45/7; the tight box ends there.
        let bbox = out["bbox"]?.arrayValue?.compactMap(\.numberValue) ?? []
        #expect(bbox.count == 4 && bbox[0] == 15 && bbox[1] == 10 && bbox[2] == 85 && abs(bbox[3] - (40 + 30.0 / 7)) < 1e-9)
        let area = try #require(out["area"]?.numberValue)
        #expect(abs(area - (100 + 45.0 / 7)) < 1e-9, "\(area)")
        #expect(out["id"] == n(5) && out["extra"] == .string("kept") && out["iscrowd"] == n(0))
        // All off the canvas: dropped.
        let away = LabelTransform(affine: Affine(a: 1, b: 0, c: 200, d: 0, e: 1, f: 0), outputSize: (100, 80))
        #expect(try COCO.transform(annotation: ann, by: away, inputSize: (100, 80)) { $0 } == nil)
    }

    /// Keypoints are pixel indices: a horizontal flip on a width of 100 maps x to 99 - x, swaps left and right,
    /// keeps v = 0 points at 0, 0, 0 and zeroes points that leave the canvas.
    @Test func keypointsFlipInPixelIndices() throws {
        let ann: [String: JSONValue] = [
            "bbox": .array([10, 10, 20, 20].map(n)),
            "keypoints": .array([10, 12, 2, 20, 12, 1, 0, 0, 0].map(n)), "num_keypoints": n(2),
        ]
        let flip = LabelTransform(affine: Transpose.flipLeftRight.affine(width: 100, height: 50), outputSize: (100, 50),
                                  flipIndex: [1, 0, 2])
        let out = try #require(try COCO.transform(annotation: ann, by: flip, inputSize: (100, 50)) { $0 })
        #expect(out["keypoints"] == .array([79, 12, 1, 89, 12, 2, 0, 0, 0].map(n)))
        #expect(out["num_keypoints"] == n(2) && out["bbox"] == .array([70, 10, 20, 20].map(n)) && out["area"] == n(400))
        let shift = LabelTransform(affine: Affine(a: 1, b: 0, c: -15, d: 0, e: 1, f: 0), outputSize: (100, 50))
        let moved = try #require(try COCO.transform(annotation: ann, by: shift, inputSize: (100, 50)) { $0 })
        #expect(moved["keypoints"] == .array([0, 0, 0, 5, 12, 1, 0, 0, 0].map(n)) && moved["num_keypoints"] == n(1))
        #expect(throws: LabelError.self) {
            try COCO.transform(annotation: ann, by: LabelTransform(affine: flip.affine, outputSize: (100, 50)),
                               inputSize: (100, 50)) { $0 }
        }
    }

    /// An RLE goes through the warp and is encoded again; its size must be the image's.
    @Test func crowdMasksGoThroughTheWarp() throws {
        let g = Self.goldens.first { $0.name == "rectangle 40x60" }!
        let ann: [String: JSONValue] = [
            "iscrowd": n(1), "bbox": .array([5, 10, 45, 20].map(n)),
            "segmentation": .object(["size": .array([n(40), n(60)]), "counts": .string(g.counts)]),
        ]
        let flip = LabelTransform(affine: Transpose.flipLeftRight.affine(width: 60, height: 40), outputSize: (60, 40))
        func mirror(_ rle: RLE) -> RLE {
            let m = rle.rowMajor()
            var mirrored = [UInt8](repeating: 0, count: m.count)
            for y in 0..<40 { for x in 0..<60 { mirrored[y * 60 + x] = m[y * 60 + 59 - x] } }
            return RLE(rowMajor: mirrored, width: 60, height: 40)
        }
        let result = try COCO.transform(annotation: ann, by: flip, inputSize: (60, 40), warp: mirror)
        let out = try #require(result)
        let box: JSONValue = .array([10, 10, 45, 20].map(n)), size: JSONValue = .array([n(40), n(60)])
        #expect(out["bbox"] == box && out["area"] == n(900) && out["iscrowd"] == n(1))
        #expect(out["segmentation"]?.objectValue?["size"] == size)
        #expect(throws: LabelError.self) { try COCO.transform(annotation: ann, by: flip, inputSize: (61, 40)) { $0 } }
    }

    @Test func jsonTextIsStable() {
        let v: JSONValue = .object(["z": n(1), "bbox": .array([n(0.5), n(2), n(1e-5)]), "id": n(3),
                                    "name": .string("a\"b\n")])
        #expect(v.text == "{\"id\":3,\"bbox\":[0.5,2,1e-05],\"name\":\"a\\\"b\\n\",\"z\":1}")
    }
}
