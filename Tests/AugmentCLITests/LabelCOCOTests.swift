import Augment
import Codecs
import Foundation
import Labels
import Testing

/// `--labels coco:FILE.json` end to end: the raster scene of ``LabelRasterTests`` as a COCO file (a box, a
/// polygon, keypoints, an RLE crowd region) checked against the pixels; file matching and its reports; the
/// refusals; shards merged by `augment coco-merge` into the single run's bytes.
@Suite struct LabelCOCOTests {
    /// The scene's annotations: 1 a box (bbox only), 2 the triangle (a polygon), 3 the two dots (keypoints),
    /// 4 the box's pixels as an RLE crowd region.
    static func sceneJSON(fileName: String = "s.png") -> [String: Any] {
        let (w, h) = (LabelRasterTests.width, LabelRasterTests.height)
        var mask = [UInt8](repeating: 0, count: w * h)
        for y in 15..<40 { for x in 20..<50 { mask[y * w + x] = 1 } }
        let rle = RLE(rowMajor: mask, width: w, height: h)
        return [
            "info": ["description": "raster scene", "year": 2024], "licenses": [["id": 1, "name": "CC0"]],
            "categories": [["id": 1, "name": "box"], ["id": 2, "name": "triangle"],
                           ["id": 3, "name": "pose", "keypoints": ["left", "right"], "skeleton": [[1, 2]]]],
            "images": [["id": 5, "file_name": fileName, "width": w, "height": h, "license": 1]],
            "annotations": [
                ["id": 1, "image_id": 5, "category_id": 1, "bbox": [20, 15, 30, 25], "area": 750, "iscrowd": 0],
                ["id": 2, "image_id": 5, "category_id": 2, "segmentation": [[90, 20, 140, 20, 90, 80]],
                 "bbox": [90, 20, 50, 60], "area": 1500, "iscrowd": 0],
                ["id": 3, "image_id": 5, "category_id": 3, "bbox": [29, 59, 33, 3], "area": 99, "iscrowd": 0,
                 "keypoints": [30, 60, 2, 60, 60, 2], "num_keypoints": 2],
                ["id": 4, "image_id": 5, "category_id": 1, "iscrowd": 1, "bbox": [20, 15, 30, 25], "area": 750,
                 "segmentation": ["size": [h, w], "counts": rle.compressed]],
            ],
        ]
    }

    static func write(_ object: Any, to path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    static func load(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// The scene as `dir/data/s.png` with `dir/ann.json`.
    static func sceneData(_ dir: String) throws {
        let scene = try LabelRasterTests.scene()
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try Data(Encoder().encode(scene.image, options: EncodeOptions(format: .png)))
            .write(to: URL(fileURLWithPath: dir + "/data/s.png"))
        try write(sceneJSON(), to: dir + "/ann.json")
    }

    static func annotations(_ file: [String: Any]) -> [Int: [String: Any]] {
        var byID: [Int: [String: Any]] = [:]
        for a in file["annotations"] as? [[String: Any]] ?? [] { byID[a["id"] as! Int] = a }
        return byID
    }

    /// The pixels of `color` as a row-major 0/1 mask.
    static func mask(of color: [UInt8], in image: PixelBuffer) -> [UInt8] {
        let b = image.bytes, n = image.layout.channels
        return (0..<(image.width * image.height)).map { i in Array(b[(i * n)..<(i * n + 3)]) == color ? 1 : 0 }
    }

    /// Every kind of annotation against where its colour landed: boxes equal the colour's bounds under exact ops
    /// and hold them under rotations; the RLE region decodes to exactly the box colour's pixels (both are nearest
    /// warps); the polygon's box holds the triangle; keypoints land on their dots, swapped by --flip-pairs in a
    /// mirror.
    @Test(arguments: LabelRasterTests.exactOps + [["rotate=17"], ["rotate=-33,expand=true"], ["rotate=45,expand=true", "flip=h"],
                                                  ["rotate=10,crop=inscribed"], ["rotate=-40,expand=true", "flip=v"]])
    func annotationsMatchThePixels(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        try Self.sceneData(dir)
        let r = try CLI.run([dir + "/data", "-o", dir + "/out", "--labels", "coco:" + dir + "/ann.json", "--labels-out",
                             dir + "/out.json", "--flip-pairs", "left:right"] + ops.flatMap { ["--op", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let (out, _) = try Decoder().decode(file: dir + "/out/s.png")
        let file = try Self.load(dir + "/out.json")
        let image = try #require((file["images"] as? [[String: Any]])?.first)
        #expect(image["id"] as? Int == 5 && image["file_name"] as? String == "s.png" && image["license"] as? Int == 1)
        #expect(image["width"] as? Int == out.width && image["height"] as? Int == out.height)
        #expect((file["categories"] as? [Any])?.count == 3 && (file["info"] as? [String: Any])?["year"] as? Int == 2024)
        let anns = Self.annotations(file)
        let exact = LabelRasterTests.exactOps.contains(ops)

        if let b = LabelRasterTests.bounds(of: LabelRasterTests.boxColor, in: out) {
            let box = try #require(anns[1]?["bbox"] as? [Double], "the box is on the canvas, so it is kept")
            let (x0, y0, x1, y1) = (box[0], box[1], box[0] + box[2], box[1] + box[3])
            if exact {
                #expect(x0 == Double(b.x0) && y0 == Double(b.y0) && x1 == Double(b.x1) && y1 == Double(b.y1), "\(box) vs \(b)")
            } else {
                #expect(x0 <= Double(b.x0) + 1 && y0 <= Double(b.y0) + 1 && x1 >= Double(b.x1) - 1 && y1 >= Double(b.y1) - 1)
            }
            // The crowd region: exactly the box colour's pixels, column-major runs as pycocotools encodes them.
            let crowd = try #require(anns[4])
            #expect(crowd["iscrowd"] as? Int == 1)
            let seg = try #require(crowd["segmentation"] as? [String: Any])
            #expect(seg["size"] as? [Int] == [out.height, out.width])
            let rle = try RLE(compressed: try #require(seg["counts"] as? String), height: out.height, width: out.width)
            let pixels = Self.mask(of: LabelRasterTests.boxColor, in: out)
            #expect(rle.rowMajor() == pixels, "ops \(ops)")
            #expect(crowd["area"] as? Int == pixels.reduce(0) { $0 + Int($1) })
            #expect(crowd["bbox"] as? [Int] == rle.boundingBox)
        }
        if let t = LabelRasterTests.bounds(of: LabelRasterTests.triangleColor, in: out) {
            let tri = try #require(anns[2])
            let box = try #require(tri["bbox"] as? [Double])
            #expect(box[0] <= Double(t.x0) + 1 && box[1] <= Double(t.y0) + 1 && box[0] + box[2] >= Double(t.x1) - 1
                    && box[1] + box[3] >= Double(t.y1) - 1, "polygon box \(box) vs colour \(t), ops \(ops)")
            let rings = try #require(tri["segmentation"] as? [[Double]])
            let xs = rings.flatMap { r in stride(from: 0, to: r.count, by: 2).map { r[$0] } }
            let ys = rings.flatMap { r in stride(from: 1, to: r.count, by: 2).map { r[$0] } }
            // The tight box of the clipped rings, every vertex on the canvas.
            #expect(xs.min() == box[0] && ys.min() == box[1] && abs(xs.max()! - box[0] - box[2]) < 1e-9)
            #expect(xs.allSatisfy { $0 >= -1e-9 && $0 <= Double(out.width) + 1e-9 })
        }
        let mirrors = ops.contains { $0.hasPrefix("flip") || $0 == "transpose" || $0 == "transverse" }
        let pose = try #require(anns[3])
        let k = try #require(pose["keypoints"] as? [Double])
        for (i, color) in [(0, mirrors ? LabelRasterTests.rightColor : LabelRasterTests.leftColor),
                           (1, mirrors ? LabelRasterTests.leftColor : LabelRasterTests.rightColor)] {
            guard let d = LabelRasterTests.bounds(of: color, in: out) else {
                #expect(k[3 * i ..< 3 * i + 3] == [0, 0, 0], "a point off the canvas is 0, 0, 0")
                continue
            }
            // Pixel indices: the dot's centre pixel.
            let (cx, cy) = (Double(d.x0 + d.x1) / 2 - 0.5, Double(d.y0 + d.y1) / 2 - 0.5)
            #expect(abs(k[3 * i] - cx) <= 1.5 && abs(k[3 * i + 1] - cy) <= 1.5 && k[3 * i + 2] == 2,
                    "keypoint \(i) \(k) vs dot (\(cx), \(cy)), ops \(ops)")
        }
        #expect(pose["num_keypoints"] as? Int == k.enumerated().filter { $0.offset % 3 == 2 && $0.element > 0 }.count)
    }

    /// A keypoint leaving the canvas becomes 0, 0, 0 and num_keypoints drops; v = 0 points stay 0, 0, 0.
    @Test func keypointsLeavingTheCanvasBecomeZero() throws {
        let dir = try CLI.scratch()
        try Self.sceneData(dir)
        var json = Self.sceneJSON()
        var anns = json["annotations"] as! [[String: Any]]
        anns[2]["keypoints"] = [2, 2, 2, 60, 60, 0]
        json["annotations"] = anns
        try Self.write(json, to: dir + "/ann.json")
        let r = try CLI.run([dir + "/data", "-o", dir + "/out", "--labels", "coco:" + dir + "/ann.json", "--labels-out",
                             dir + "/out.json", "--op", "rotate=30,crop=inscribed"])
        #expect(r.status == 0, "\(r.stderr)")
        let pose = try #require(Self.annotations(try Self.load(dir + "/out.json"))[3])
        #expect(pose["keypoints"] as? [Double] == [0, 0, 0, 0, 0, 0] && pose["num_keypoints"] as? Int == 0, "\(pose)")
    }

    /// Inputs by relative path or by a unique bare name; an input not listed fails its item; an image listed
    /// but absent is named on standard error; a bare name claimed twice fails the second input, naming the first.
    @Test func matchingByFileName() throws {
        let dir = try CLI.scratch()
        for name in ["a.jpg", "sub/b.jpg", "sub/a.jpg", "c.jpg"] { try CLI.copy("images/testorig.jpg", to: dir + "/in/" + name) }
        let img = { (id: Int, name: String) -> [String: Any] in ["id": id, "file_name": name, "width": 227, "height": 149] }
        try Self.write(["categories": [["id": 1, "name": "x"]],
                        "images": [img(1, "a.jpg"), img(2, "b.jpg"), img(3, "gone.jpg")],
                        "annotations": [["id": 1, "image_id": 2, "category_id": 1, "bbox": [1, 2, 3, 4], "iscrowd": 0]]],
                       to: dir + "/ann.json")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--labels", "coco:" + dir + "/ann.json", "--labels-out",
                             dir + "/out.json", "--failed", dir + "/failed.txt"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("1 image of \(dir)/ann.json matched no input (gone.jpg)"), "\(r.stderr)")
        #expect(r.stderr.contains("c.jpg: labels: not listed in \(dir)/ann.json"), "\(r.stderr)")
        #expect(r.stderr.contains("sub/a.jpg: labels: image 1 ('a.jpg')") && r.stderr.contains("is already \(dir)/in/a.jpg's"),
                "\(r.stderr)")
        let file = try Self.load(dir + "/out.json")
        let names = (file["images"] as? [[String: Any]])?.compactMap { $0["file_name"] as? String }
        #expect(names == ["a.jpg", "sub/b.jpg"])
        #expect((file["annotations"] as? [[String: Any]])?.first?["image_id"] as? Int == 2)
    }

    /// What cannot go right is refused before any work.
    @Test func refusals() throws {
        let dir = try CLI.scratch()
        try Self.sceneData(dir)
        let base = [dir + "/data", "-o", dir + "/out", "--labels", "coco:" + dir + "/ann.json"]
        let cases: [([String], String)] = [
            ([], "needs --labels-out OUT.json"),
            (["--labels-out", dir + "/o.json", "--op", "flip=h"], "give --flip-pairs"),
            (["--labels-out", dir + "/o.json", "--op", "flip=h", "--flip-pairs", "left:nose"], "'nose' is neither"),
            (["--labels-out", dir + "/o.json", "--skip-existing"], "--skip-existing cannot be used with --labels coco"),
        ]
        for (extra, message) in cases {
            let r = try CLI.run(base + extra)
            #expect(r.status == 2 && r.stderr.contains(message), "\(extra): \(r.stderr)")
        }
        try "{\"images\": [".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try CLI.run([dir + "/data", "-o", dir + "/out", "--labels", "coco:" + dir + "/bad.json", "--labels-out", dir + "/o.json"])
        #expect(bad.status == 2 && bad.stderr.contains("bad.json: line 1, column 13: unexpected end of the document"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    /// Three shards merged by `augment coco-merge` give the single run's file byte for byte (and -j does not
    /// change it); overlapping shards or shards of different files are refused.
    @Test func threeShardsMergeIntoTheSingleRunsBytes() throws {
        let dir = try CLI.scratch()
        try Self.sceneData(dir)
        var json = Self.sceneJSON()
        var images = json["images"] as! [[String: Any]], anns = json["annotations"] as! [[String: Any]]
        for i in 0..<11 {
            try FileManager.default.copyItem(atPath: dir + "/data/s.png", toPath: dir + "/data/t\(i).png")
            images.append(["id": 100 + i, "file_name": "t\(i).png", "width": 160, "height": 100])
            for (k, a) in (json["annotations"] as! [[String: Any]]).enumerated() {
                var b = a
                b["id"] = 1000 + 10 * i + k
                b["image_id"] = 100 + i
                anns.append(b)
            }
        }
        json["images"] = images
        json["annotations"] = anns
        try Self.write(json, to: dir + "/ann.json")
        let common = ["--labels", "coco:" + dir + "/ann.json", "--flip-pairs", "0:1", "--copies", "3", "--seed", "5",
                      "--op", "rotate=-30..30", "--op", "flip=h,p=0.5"]
        let single = try CLI.run([dir + "/data", "-o", dir + "/single", "--labels-out", dir + "/single.json", "-j", "2"] + common)
        #expect(single.status == 0, "\(single.stderr)")
        for k in 0..<3 {
            let s = try CLI.run([dir + "/data", "-o", dir + "/shard\(k)", "--labels-out", dir + "/s\(k).json", "--shard", "\(k)/3",
                                 "-j", "1"] + common)
            #expect(s.status == 0, "\(s.stderr)")
        }
        let m = try CLI.run(["coco-merge", dir + "/s2.json", dir + "/s0.json", dir + "/s1.json", "-o", dir + "/merged.json"])
        #expect(m.status == 0, "\(m.stderr)")
        let merged = try Data(contentsOf: URL(fileURLWithPath: dir + "/merged.json"))
        #expect(merged == (try Data(contentsOf: URL(fileURLWithPath: dir + "/single.json"))))
        let file = try Self.load(dir + "/merged.json")
        #expect((file["images"] as? [Any])?.count == 36 && (file["annotations"] as? [Any]).map { $0.count > 100 } == true)
        for k in 0..<3 {
            let shard = try Self.load(dir + "/s\(k).json")
            #expect((shard["images"] as? [Any])?.isEmpty == false, "each shard has some of the 12 images")
        }
        let overlap = try CLI.run(["coco-merge", dir + "/s0.json", dir + "/s0.json", "-o", dir + "/o.json"])
        #expect(overlap.status == 2 && overlap.stderr.contains("the shards overlap"), "\(overlap.stderr)")
        try Self.write(["categories": [], "images": [], "annotations": []], to: dir + "/other.json")
        let other = try CLI.run([dir + "/data", "-o", dir + "/x", "--labels", "coco:" + dir + "/other.json",
                                 "--labels-out", dir + "/other-out.json"])
        #expect(other.status == 1)
        let mixed = try CLI.run(["coco-merge", dir + "/s0.json", dir + "/other-out.json", "-o", dir + "/o.json"])
        #expect(mixed.status == 2 && mixed.stderr.contains("another header"), "\(mixed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/o.json"))
    }
}
