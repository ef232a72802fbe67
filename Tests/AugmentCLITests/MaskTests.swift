import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// `--masks` end to end: each image's mask gets exactly the image's geometry with nearest sampling (whatever the
/// image's own resample and fill), uncovered pixels set to `--mask-fill`, and is written as PNG in its own mode,
/// byte for byte as Pillow's `rotate(..., Image.NEAREST, expand, fillcolor)` and `transpose` on the same mask
/// (Fixtures/masks/goldens.json, made by scripts/fixtures/make-mask-goldens); a missing mask or one of another size
/// fails its item naming both files, and an item's image, labels and mask are written together or not at all.
@Suite struct MaskTests {
    /// One golden case: a mask of Fixtures/masks, ops in augment's grammar, the fill, and Pillow's result.
    struct Case: Codable, Sendable, CustomTestStringConvertible {
        var mask: String
        var ops: [String]
        var fill: Int
        var mode: String
        var width: Int
        var height: Int
        var sha256: String
        var palette: [UInt8]?
        var transparency: [UInt8]?

        var testDescription: String { "\(mask) \(ops.joined(separator: " ")) fill \(fill)" }
    }

    struct Goldens: Codable {
        var pillow: String
        var masks: [String: Case.Input]
        var cases: [Case]
    }

    static let goldens: Goldens? = {
        guard let data = FileManager.default.contents(atPath: CLI.fixture("masks/goldens.json")) else { return nil }
        return try? JSONDecoder().decode(Goldens.self, from: data)
    }()

    static let cases: [Case] = goldens?.cases ?? []

    /// The fixture is there and covers every mode, both fills of each, and every op of the grammar's geometry.
    @Test func goldensCoverTheModesFillsAndOps() throws {
        let goldens = try #require(Self.goldens, "Fixtures/masks/goldens.json is missing or unreadable")
        #expect(goldens.pillow == "13.0.0")
        #expect(Set(goldens.masks.values.map(\.mode)) == ["P", "L", "I;16"])
        #expect(Set(Self.cases.map(\.mask)) == Set(goldens.masks.keys))
        let ops = Set(Self.cases.flatMap(\.ops).map { String($0.prefix { $0 != "=" && $0 != "," }) })
        #expect(ops.isSuperset(of: ["rotate", "flip", "rot90", "rot180", "rot270", "transpose", "transverse"]))
        #expect(Self.cases.contains { $0.ops.contains { $0.contains("expand=true") } })
        for (name, input) in goldens.masks {
            // The committed mask decodes (in augment) to the pixels the goldens were computed from.
            let (pixels, info) = try Decoder().decode(file: CLI.fixture("masks/" + name), mode: .keepIndices)
            #expect(Self.describe(pixels, info) == input, "\(name)")
            #expect(Set(Self.cases.filter { $0.mask == name }.map(\.fill)).count >= 2, "\(name)")
        }
    }

    /// Each golden case through the CLI: the image rotates with bilinear sampling and an RGB fill of its own, the
    /// mask with nearest sampling and `--mask-fill`, and comes out as Pillow's.
    @Test(arguments: MaskTests.cases)
    func maskMatchesPillow(_ c: Case) throws {
        let dir = try CLI.scratch()
        // A JPEG image (its content does not matter): its mask is `<relative stem>.png` whatever its extension.
        let size = Self.inputSize(c)
        try Self.writeImage(width: size.width, height: size.height, to: dir + "/in/sub/x.jpg")
        try CLI.copy("masks/" + c.mask, to: dir + "/masks/sub/x.png")
        let imageOps = c.ops.flatMap { op in ["--op", op.hasPrefix("rotate=") ? op + ",resample=bilinear,fill=9:99:200" : op] }
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--mask-fill", "\(c.fill)", "-j", "1"] + imageOps)
        #expect(r.status == 0, "\(r.stderr)")
        let file = dir + "/mout/sub/x.png"
        let (pixels, info) = try Decoder().decode(file: file, mode: .keepIndices)
        let got = Self.describe(pixels, info)
        #expect(got.width == c.width && got.height == c.height, "size \(got.width)x\(got.height), Pillow \(c.width)x\(c.height)")
        #expect(got.mode == c.mode, "mode \(got.mode), Pillow \(c.mode)")
        #expect(got.sha256 == c.sha256, "the pixels differ from Pillow's")
        #expect(got.palette == c.palette)
        #expect(got.transparency == c.transparency)
        // Written in the mask's own PNG form: colour type 3 at Pillow's smallest depth (4 bits for 5 entries),
        // 8-bit gray, 16-bit gray.
        let png = try #require(FileManager.default.contents(atPath: file))
        let ihdr = png.count > 25 ? [Int(png[24]), Int(png[25])] : []
        let want = c.mode == "P" ? [4, 3] : c.mode == "L" ? [8, 0] : [16, 0]
        #expect(ihdr == want, "IHDR bit depth and colour type \(ihdr), want \(want)")
        // The image had the same geometry: its size is the mask's.
        let (image, _) = try Decoder().decode(file: dir + "/out/sub/x.jpg")
        #expect(image.width == c.width && image.height == c.height)
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The EXIF orientation is applied to the image before the ops; masks describe the upright image (as labels),
    /// so a mask of the upright size is taken and gets only the ops, and one of the stored size is refused.
    @Test func masksDescribeTheUprightImage() throws {
        let dir = try CLI.scratch()
        let c = try #require(Self.cases.first { $0.mask == "l-37x23.png" && $0.ops == ["flip=h"] && $0.fill == 0 })
        // Stored 23x37 with orientation 6 (turn 90 degrees clockwise to display): upright 37x23.
        try Self.writeImage(width: 23, height: 37, to: dir + "/in/x.jpg", exifOrientation: 6)
        try CLI.copy("masks/l-37x23.png", to: dir + "/masks/x.png")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--op", "flip=h"])
        #expect(r.status == 0, "\(r.stderr)")
        let (pixels, info) = try Decoder().decode(file: dir + "/mout/x.png", mode: .keepIndices)
        #expect(Self.describe(pixels, info).sha256 == c.sha256)
        // A mask of the stored (not upright) size, 23x37, is another size.
        let stored = PixelBuffer(width: 23, height: 37, layout: .gray)
        try Data(Encoder().encode(stored, options: EncodeOptions(format: .png)))
            .write(to: URL(fileURLWithPath: dir + "/masks/x.png"))
        let refused = try CLI.run([dir + "/in", "-o", dir + "/out2", "--masks", dir + "/masks", "--masks-out",
                                   dir + "/mout2", "--op", "flip=h"])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("is 23x37 but its image") && refused.stderr.contains("37x23"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out2/x.jpg"))
    }

    /// A missing mask fails its item, naming the mask and the image; the other items go on.
    @Test func missingMaskFailsTheItemNamingBothFiles() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/a.png")
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/b.png")
        try CLI.copy("masks/l-37x23.png", to: dir + "/masks/b.png")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--op", "rot90", "--report", dir + "/r.jsonl", "--failed", dir + "/f.txt"])
        #expect(r.status == 1)
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let a = try #require(rows.first { ($0["input"] as? String) == dir + "/in/a.png" })
        let error = a["error"] as? String ?? ""
        #expect(a["status"] as? String == "failed")
        #expect(error.contains(dir + "/masks/a.png") && error.contains(dir + "/in/a.png"), "\(error)")
        #expect(r.stderr.contains(dir + "/masks/a.png"), "\(r.stderr)")
        #expect(rows.first { ($0["input"] as? String) == dir + "/in/b.png" }?["status"] as? String == "ok")
        #expect(try String(contentsOfFile: dir + "/f.txt", encoding: .utf8) == dir + "/in/a.png\n")
        #expect(Set(CLI.tree(dir + "/out").keys) == ["b.png"])
        #expect(Set(CLI.tree(dir + "/mout").keys) == ["b.png"])
    }

    /// A mask of another size fails its item, naming both files and both sizes.
    @Test func maskOfAnotherSizeFailsNamingBothFilesAndSizes() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/a.png")
        try CLI.copy("masks/l-24x40.png", to: dir + "/masks/a.png")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(r.status == 1)
        let error = try CLI.reportRows(dir + "/r.jsonl").first?["error"] as? String ?? ""
        for part in [dir + "/masks/a.png", dir + "/in/a.png", "24x40", "37x23"] {
            #expect(error.contains(part), "\(part) not in: \(error)")
        }
        #expect(CLI.tree(dir + "/out").isEmpty && CLI.tree(dir + "/mout").isEmpty)
    }

    /// With labels too (a YOLO layout): a failed item leaves no image, no label file and no mask; a good item in
    /// the same run has all three.
    @Test func failedItemLeavesNoImageLabelOrMask() throws {
        let dir = try CLI.scratch()
        for name in ["good", "missing", "wrongsize"] {
            try Self.writeImage(width: 37, height: 23, to: dir + "/data/images/\(name).png")
            try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
            try "0 0.5 0.5 0.2 0.2\n".write(toFile: dir + "/data/labels/\(name).txt", atomically: true, encoding: .utf8)
        }
        try CLI.copy("masks/p-37x23.png", to: dir + "/data/masks/good.png")
        try CLI.copy("masks/l-24x40.png", to: dir + "/data/masks/wrongsize.png")
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo", "--masks",
                             dir + "/data/masks", "--masks-out", dir + "/aug/masks", "--op", "rotate=30,expand=true",
                             "--mask-fill", "3", "--report", dir + "/r.jsonl"])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.filter { $0["status"] as? String == "failed" }.count == 2)
        #expect(Set(CLI.tree(dir + "/aug").keys) == ["images/good.png", "labels/good.txt", "masks/good.png"])
        // No temporary file left behind either (the tree above is every regular file).
        let (mask, info) = try Decoder().decode(file: dir + "/aug/masks/good.png", mode: .keepIndices)
        let (image, _) = try Decoder().decode(file: dir + "/aug/images/good.png")
        #expect(mask.width == image.width && mask.height == image.height && info.palette != nil)
    }

    /// The mask and label file go into place before the image: when the image then cannot be written (its path
    /// is a folder), they are taken back, and the item fails.
    @Test func imageWriteFailureTakesBackItsMaskAndLabels() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/data/images/x.png")
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        try "0 0.5 0.5 0.2 0.2\n".write(toFile: dir + "/data/labels/x.txt", atomically: true, encoding: .utf8)
        try CLI.copy("masks/l-37x23.png", to: dir + "/data/masks/x.png")
        try FileManager.default.createDirectory(atPath: dir + "/aug/images/x.png", withIntermediateDirectories: true)
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo", "--masks",
                             dir + "/data/masks", "--masks-out", dir + "/aug/masks", "--op", "rot90"])
        #expect(r.status == 1 && r.stderr.contains(dir + "/aug/images/x.png"), "\(r.stderr)")
        #expect(CLI.tree(dir + "/aug").isEmpty, "\(CLI.tree(dir + "/aug").keys.sorted())")
    }

    /// `--skip-existing` redoes an output whose mask was deleted (the same bytes again), and skips it once whole;
    /// `--dry-run` names the mask.
    @Test func skipExistingRedoesAnOutputWithoutItsMask() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/a.png")
        try CLI.copy("masks/i16-37x23.png", to: dir + "/masks/a.png")
        let args = [dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                    "--mask-fill", "60001", "--op", "rotate=-10..10,resample=bilinear"]
        let dry = try CLI.run(args + ["--dry-run"])
        #expect(dry.stdout.contains("mask \(dir)/masks/a.png -> \(dir)/mout/a.png"), "\(dry.stdout)")
        #expect(try CLI.run(args).status == 0)
        let first = try #require(FileManager.default.contents(atPath: dir + "/mout/a.png"))
        try FileManager.default.removeItem(atPath: dir + "/mout/a.png")
        let again = try CLI.run(args + ["--skip-existing", "--report", dir + "/r2.jsonl"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try CLI.reportRows(dir + "/r2.jsonl").first?["status"] as? String == "ok")
        #expect(FileManager.default.contents(atPath: dir + "/mout/a.png") == first)
        let third = try CLI.run(args + ["--skip-existing", "--report", dir + "/r3.jsonl"])
        let thirdRows = try CLI.reportRows(dir + "/r3.jsonl")
        #expect(third.status == 0 && thirdRows.first?["status"] as? String == "skipped")
    }

    // MARK: - Helpers

    /// The size of a case's input mask.
    static func inputSize(_ c: Case) -> (width: Int, height: Int) {
        let input = goldens?.masks[c.mask]
        return (input?.width ?? 1, input?.height ?? 1)
    }

    /// An RGB image of the given size (a gradient; its content does not matter), as PNG or JPEG by the extension.
    static func writeImage(width: Int, height: Int, to path: String, exifOrientation: Int? = nil) throws {
        var bytes: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { bytes += [UInt8(x * 6 % 256), UInt8(y * 6 % 256), 128] }
        }
        let image = try PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
        let format: ImageFormat = path.hasSuffix(".jpg") ? .jpeg : .png
        let encoded = try Encoder().encode(image, options: EncodeOptions(format: format, exifOrientation: exifOrientation))
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(encoded).write(to: URL(fileURLWithPath: path))
    }

    /// A decoded mask as the goldens describe it: Pillow's mode (P: 8-bit gray indices with a palette; L: 8-bit
    /// gray; I;16: 16-bit gray), the size, sha256 of the samples as Pillow's `tobytes()` (16-bit little-endian),
    /// and a palette's entries and alpha.
    static func describe(_ pixels: PixelBuffer, _ info: ImageInfo) -> Case.Input {
        let mode: String
        switch (pixels.layout, pixels.depth, info.palette != nil) {
        case (.gray, .eight, true): mode = "P"
        case (.gray, .eight, false): mode = "L"
        case (.gray, .sixteen, false): mode = "I;16"
        default: mode = "\(pixels.layout) \(pixels.depth.rawValue)-bit\(info.palette != nil ? " palette" : "")"
        }
        var bytes = pixels.bytes
        if pixels.depth == .sixteen {
            // Native-endian samples to Pillow's I;16 (little-endian).
            bytes = pixels.withUnsafeBytes { raw in
                (0..<raw.count / 2).flatMap { i -> [UInt8] in
                    let v = raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    return [UInt8(v & 0xff), UInt8(v >> 8)]
                }
            }
        }
        return Case.Input(mode: mode, width: pixels.width, height: pixels.height, sha256: SHA256.hex(bytes),
                          palette: info.palette?.rgb, transparency: info.palette?.alpha)
    }
}

extension MaskTests.Case {
    /// An input mask as goldens.json describes it (the same fields as a case's result).
    struct Input: Codable, Sendable, Equatable {
        var mode: String
        var width: Int
        var height: Int
        var sha256: String
        var palette: [UInt8]?
        var transparency: [UInt8]?
    }
}

extension MaskTests {
    /// `--mask-fill 255` (the usual "ignore") on a palette mask of 5 colours: the palette grows with black entries to
    /// 256 so that the fill is a valid index, the mask's own entries unchanged.
    @Test func fillPastThePaletteGrowsIt() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/x.jpg")
        try CLI.copy("masks/p-37x23.png", to: dir + "/masks/x.png")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--mask-fill", "255", "--op", "rotate=30"])
        #expect(r.status == 0, "\(r.stderr)")
        let (original, originalInfo) = try Decoder().decode(file: CLI.fixture("masks/p-37x23.png"), mode: .keepIndices)
        let (pixels, info) = try Decoder().decode(file: dir + "/mout/x.png", mode: .keepIndices)
        let palette = try #require(info.palette), before = try #require(originalInfo.palette)
        #expect(palette.count == 256 && Array(palette.rgb.prefix(before.rgb.count)) == before.rgb)
        #expect(pixels.bytes.contains(255) && !original.bytes.contains(255))
    }

    /// A fill that no pixel of an output takes (a quarter turn covers every pixel) leaves the palette as it is.
    @Test func anUnusedFillKeepsThePalette() throws {
        let dir = try CLI.scratch()
        try Self.writeImage(width: 37, height: 23, to: dir + "/in/x.jpg")
        try CLI.copy("masks/p-37x23.png", to: dir + "/masks/x.png")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--masks", dir + "/masks", "--masks-out", dir + "/mout",
                             "--mask-fill", "255", "--op", "rot90"])
        #expect(r.status == 0, "\(r.stderr)")
        let (_, originalInfo) = try Decoder().decode(file: CLI.fixture("masks/p-37x23.png"), mode: .keepIndices)
        let (_, info) = try Decoder().decode(file: dir + "/mout/x.png", mode: .keepIndices)
        #expect(info.palette == originalInfo.palette)
    }
}
