import Augment
import Codecs
import Foundation
import Testing

/// `--fuse` through the raster scene of ``LabelRasterTests``: the labels come from the same matrix as without it, and
/// the fused pixels (one nearest warp per run) must still put each colour where its label says, within a pixel; a
/// class mask made with `--fuse` follows the fused image pixel for pixel.
extension LabelRasterTests {
    /// Axis-aligned runs (turns, flips, windows, nearest resizes): each box equals its colour's bounds within a pixel.
    @Test(arguments: [["rotate=90,expand=true", "letterbox=128x128,resample=nearest", "flip=h"],
                      ["crop=120x80", "pad=160x100", "flip=h", "resize=240x150,resample=nearest"],
                      ["flip=v", "resize=200x90,resample=nearest", "crop=180x80,at=0.3:0.6"]])
    func fusedAxisAlignedRunsGiveTheColoursBounds(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops, extra: ["--fuse"])
        let b = try #require(Self.bounds(of: Self.boxColor, in: out), "ops \(ops)")
        let row = try #require(rows.first)
        let (W, H) = (Double(out.width), Double(out.height))
        let (x0, x1) = ((row[1] - row[3] / 2) * W, (row[1] + row[3] / 2) * W)
        let (y0, y1) = ((row[2] - row[4] / 2) * H, (row[2] + row[4] / 2) * H)
        #expect(abs(x0 - Double(b.x0)) <= 1 && abs(x1 - Double(b.x1)) <= 1 && abs(y0 - Double(b.y0)) <= 1
                && abs(y1 - Double(b.y1)) <= 1, "label [\(x0), \(x1)) x [\(y0), \(y1)) vs colour \(b), ops \(ops)")
    }

    /// Rotating runs: the box contains its colour and each keypoint lands on its dot within 1.5 px, as unfused.
    @Test(arguments: [["rotate=17", "resize=200x125,resample=nearest", "flip=h"],
                      ["rotate=-33,expand=true", "affine,scale=1.2", "flip=v"],
                      ["affine,rotate=12,translate=0.05", "rotate=-20", "crop=140x90"]])
    func fusedRotationsKeepLabelsOnTheirColours(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops, extra: ["--fuse"])
        let (W, H) = (Double(out.width), Double(out.height))
        let b = try #require(Self.bounds(of: Self.boxColor, in: out), "ops \(ops)")
        let row = try #require(rows.first)
        let (x0, x1) = ((row[1] - row[3] / 2) * W, (row[1] + row[3] / 2) * W)
        let (y0, y1) = ((row[2] - row[4] / 2) * H, (row[2] + row[4] / 2) * H)
        #expect(x0 <= Double(b.x0) + 1 && x1 >= Double(b.x1) - 1 && y0 <= Double(b.y0) + 1 && y1 >= Double(b.y1) - 1,
                "label [\(x0), \(x1)) x [\(y0), \(y1)) must contain colour \(b), ops \(ops)")
        let dir2 = try CLI.scratch()
        let (out2, pose) = try Self.run(dir2, labels: scene.pose, format: "yolo-pose", ops: ops,
                                        extra: ["--fuse", "--kpt-shape", "2,3", "--flip-idx", "1,0"])
        let p = try #require(pose.first)
        let mirrors = ops.contains { $0.hasPrefix("flip") }
        let colors = mirrors ? [Self.rightColor, Self.leftColor] : [Self.leftColor, Self.rightColor]
        for (k, color) in colors.enumerated() {
            let d = try #require(Self.bounds(of: color, in: out2), "dot \(k) on the canvas, ops \(ops)")
            let (cx, cy) = (Double(d.x0 + d.x1) / 2, Double(d.y0 + d.y1) / 2)
            let (x, y) = (p[5 + 3 * k] * Double(out2.width), p[6 + 3 * k] * Double(out2.height))
            #expect(abs(x - cx) <= 1.5 && abs(y - cy) <= 1.5,
                    "keypoint \(k) at (\(x), \(y)), dot at (\(cx), \(cy)), ops \(ops)")
        }
    }

    /// `--fuse --masks`: the mask's nearest warp is the image's pass, so the box's class sits exactly on its colour.
    @Test func fusedMaskFollowsTheFusedImage() throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        try FileManager.default.createDirectory(atPath: dir + "/masks", withIntermediateDirectories: true)
        var mask = PixelBuffer(width: Self.width, height: Self.height, layout: .gray, depth: .eight)
        let pixels = scene.image.bytes
        mask.withUnsafeMutableBytes { m in
            for i in 0..<(Self.width * Self.height) {
                m[i] = Array(pixels[(i * 3)..<(i * 3 + 3)]) == Self.boxColor ? 1 : 0
            }
        }
        try Data(Encoder().encode(mask, options: EncodeOptions(format: .png)))
            .write(to: URL(fileURLWithPath: dir + "/masks/s.png"))
        let ops = ["rotate=17", "resize=200x125,resample=nearest", "flip=h"]
        let (out, _) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops,
                                    extra: ["--fuse", "--masks", dir + "/masks", "--masks-out", dir + "/mout"])
        let (m, _) = try Decoder().decode(file: dir + "/mout/s.png", mode: .keepIndices)
        try #require(m.width == out.width && m.height == out.height)
        var differ = 0, box = 0
        for i in 0..<(out.width * out.height) {
            let isBox = Array(out.bytes[(i * 3)..<(i * 3 + 3)]) == Self.boxColor
            if isBox { box += 1 }
            if isBox != (m.bytes[i] == 1) { differ += 1 }
        }
        #expect(box > 500 && differ == 0, "\(differ) pixels where the mask's class and the image's colour disagree")
    }

    /// The flag reaches the workers: a resampling run gives other pixels with `--fuse`, the same report (params,
    /// matrix) and the same output size; an exact-only run gives the same bytes.
    @Test func fuseChangesPixelsNotTheReport() throws {
        let scene = try Self.scene()
        func run(_ ops: [String], _ extra: [String]) throws -> (PixelBuffer, [String: Any]) {
            let dir = try CLI.scratch()
            try Data(Encoder().encode(scene.image, options: EncodeOptions(format: .png)))
                .write(to: URL(fileURLWithPath: dir + "/s.png"))
            let r = try CLI.run([dir + "/s.png", "-o", dir + "/out", "--report", dir + "/r.jsonl", "-j", "1"] + extra
                                + ops.flatMap { ["--op", $0] })
            #expect(r.status == 0, "\(r.stderr)")
            let row = try #require(try CLI.reportRows(dir + "/r.jsonl").first)
            return (try Decoder().decode(file: dir + "/out/s.png").0, row)
        }
        let resampling = ["rotate=-8..8,resample=bilinear", "affine,scale=1.1,resample=bilinear", "flip=h"]
        let (plain, plainRow) = try run(resampling, [])
        let (fused, fusedRow) = try run(resampling, ["--fuse"])
        #expect(plain.width == fused.width && plain.height == fused.height)
        #expect(plain.bytes != fused.bytes)
        #expect(plainRow["affine"] as? [[Double]] == fusedRow["affine"] as? [[Double]])
        let params = try #require(plainRow["params"] as? NSDictionary)
        #expect(params.isEqual(to: try #require(fusedRow["params"] as? [AnyHashable: Any])))
        let exact = ["rot90", "flip=h", "crop=80x60"]
        #expect(try run(exact, []).0 == run(exact, ["--fuse"]).0)
    }
}
