import Augment
import Codecs
import Foundation
import Labels
import Testing

/// COCO outputs against pycocotools 2.0.11 without Python at test time: `Fixtures/labels/coco-cli/` holds, for
/// each case, the file that pycocotools' `COCO()` loaded and what its `annToMask` made of every annotation
/// (made by scripts/fixtures/make-coco-cli-goldens). Each case is rerun here: the file must be the same bytes
/// (so it is the one pycocotools loaded), each crowd region's counts must be those of annToMask's mask, and
/// that mask must equal the mask path's nearest warp of the same region (`--masks`); polygons as pycocotools
/// rasterises them must agree with the written area and box.
@Suite struct LabelCOCOGoldenTests {
    /// What pycocotools made of one annotation (no mask for a box alone: annToMask needs a segmentation).
    struct Annotation: Sendable, Decodable {
        var id: Int
        var mask_counts: String?
        var mask_area: Int?
        var mask_bbox: [Int]?
    }

    struct Case: Sendable, Decodable, CustomStringConvertible {
        var ops: [String]
        var copies: Int
        var file: String
        var annotations: [Annotation]
        var description: String { ops.joined(separator: " ") + " x\(copies)" }
    }

    struct Goldens: Decodable {
        var cases: [Case]
    }

    static let directory = CLI.fixture("labels/coco-cli")

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: directory + "/pycocotools-goldens.json") else { return [] }
        return (try? JSONDecoder().decode(Goldens.self, from: data))?.cases ?? []
    }()

    @Test func goldensArePresent() {
        #expect(Self.cases.count == 7)
    }

    @Test(arguments: LabelCOCOGoldenTests.cases)
    func pycocotoolsAgrees(_ golden: Case) throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/testorig.jpg")
        // The crowd regions (annotations 4 and 5) as a mask: 1 where 4 is, 2 where 5 is.
        let instances = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Self.directory + "/instances.json"))) as? [String: Any])
        let (w, h) = (227, 149)
        var mask = [UInt8](repeating: 0, count: w * h)
        for a in instances["annotations"] as! [[String: Any]] where a["iscrowd"] as? Int == 1 {
            let seg = a["segmentation"] as! [String: Any]
            let rle = if let s = seg["counts"] as? String { try RLE(compressed: s, height: h, width: w) }
                else { try RLE(height: h, width: w, counts: seg["counts"] as! [Int]) }
            for (i, v) in rle.rowMajor().enumerated() where v != 0 { mask[i] = UInt8(a["id"] as! Int - 3) }
        }
        try FileManager.default.createDirectory(atPath: dir + "/masks", withIntermediateDirectories: true)
        let png = try Encoder().encode(try PixelBuffer(width: w, height: h, layout: .gray, bytes: mask),
                                       options: EncodeOptions(format: .png))
        try Data(png).write(to: URL(fileURLWithPath: dir + "/masks/testorig.png"))

        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--labels", "coco:" + Self.directory + "/instances.json",
                             "--labels-out", dir + "/out.json", "--flip-pairs", "left_eye:right_eye", "--copies",
                             "\(golden.copies)", "--seed", "3", "--masks", dir + "/masks", "--masks-out", dir + "/outmasks"]
                            + golden.ops.flatMap { ["--op", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: dir + "/out.json", encoding: .utf8)
        #expect(text == golden.file, "the file pycocotools loaded")

        let file = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var imageNames: [Int: String] = [:]
        for i in file["images"] as! [[String: Any]] { imageNames[i["id"] as! Int] = i["file_name"] as? String }
        var ours: [Int: [String: Any]] = [:]
        for a in file["annotations"] as! [[String: Any]] { ours[a["id"] as! Int] = a }
        #expect(Set(ours.keys) == Set(golden.annotations.map(\.id)))
        for g in golden.annotations {
            let id = g.id
            let a = try #require(ours[id])
            guard let counts = g.mask_counts, let area = g.mask_area, let box = g.mask_bbox else {
                #expect(a["segmentation"] == nil, "annotation \(id): annToMask skipped only a box alone")
                continue
            }
            let name = try #require(imageNames[a["image_id"] as! Int])
            let (out, _) = try Decoder().decode(file: dir + "/out/" + name)
            let annToMask = try RLE(compressed: counts, height: out.height, width: out.width)
            if a["iscrowd"] as? Int == 1 {
                let seg = try #require(a["segmentation"] as? [String: Any])
                #expect(seg["counts"] as? String == counts, "annotation \(id): our RLE is annToMask's mask")
                #expect(a["area"] as? Int == area && a["bbox"] as? [Int] == box)
                // The mask path's warp of the same region.
                let stem = (name as NSString).deletingPathExtension
                let (warped, _) = try Decoder().decode(file: dir + "/outmasks/\(stem).png", mode: .keepIndices)
                let value = UInt8(id / golden.copies - 3)
                let region = warped.bytes.map { $0 == value ? UInt8(1) : 0 }
                #expect(annToMask.rowMajor() == region, "annotation \(id): annToMask vs the warped mask")
            } else {
                // A polygon as pycocotools rasterises it: about the written area, inside the written box.
                let written = try #require(a["area"] as? Double)
                #expect(abs(Double(area) - written) <= 0.08 * written, "annotation \(id): \(area) vs \(written)")
                let b = try #require(a["bbox"] as? [Double])
                #expect(Double(box[0]) >= b[0] - 1 && Double(box[1]) >= b[1] - 1
                        && Double(box[0] + box[2]) <= b[0] + b[2] + 1 && Double(box[1] + box[3]) <= b[1] + b[3] + 1,
                        "annotation \(id): annToMask's box \(box) vs \(b)")
            }
        }
    }
}
