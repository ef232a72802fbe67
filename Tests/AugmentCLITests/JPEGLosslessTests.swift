import Augment
import Codecs
import Foundation
import JPEGReference
import Testing

/// `--jpeg-lossless` end to end: the outputs are jpegtran's (coefficients and pixels), a flip applied twice gives the
/// input's pixels back, the EXIF orientation is folded in and set to 1, the ICC profile is kept, the report row says
/// whether each output was made losslessly and why not, labels follow, and what cannot be lossless is refused or
/// made by the decode path.
@Suite struct JPEGLosslessTests {
    /// Whole numbers of MCUs (64x48): 4:2:0, 4:2:2, 4:4:4, gray, progressive, CMYK.
    static let perfect = ["pillow_subsampling_420", "pillow_subsampling_422", "pillow_subsampling_444", "pillow_gray",
                          "pillow_progressive", "pillow_cmyk"]
    static let ops: [(String, Transpose)] = [
        ("flip=h", .flipLeftRight), ("flip=v", .flipTopBottom), ("rot90", .rotate90), ("rot180", .rotate180),
        ("rot270", .rotate270), ("transpose", .transpose), ("transverse", .transverse),
    ]

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func decoded(_ path: String) throws -> (PixelBuffer, ImageInfo) { try Decoder().decode(file: path) }

    /// The report row of the input whose name ends with `suffix`.
    static func row(_ rows: [[String: Any]], _ suffix: String) -> [String: Any]? {
        rows.first { ($0["input"] as? String ?? "").hasSuffix(suffix) }
    }

    @Test(.enabled(if: JPEGReference.jpegtranAvailable), arguments: ops.map(\.0))
    func outputsAreJpegtranPerfects(_ op: String) throws {
        let t = Self.ops.first { $0.0 == op }!.1
        let dir = try CLI.scratch()
        for name in Self.perfect { try CLI.copy("jpeg/\(name).jpg", to: dir + "/in/\(name).jpg") }
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", op, "--jpeg-lossless",
                             "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        for name in Self.perfect {
            let row = Self.row(rows, name + ".jpg")
            #expect(row?["lossless"] as? Bool == true, "\(name) \(op): \(row ?? [:])")
            let ours = try Self.bytes(dir + "/out/\(name).jpg")
            let reference = try #require(try JPEGReference.jpegtranPerfect(t, file: dir + "/in/\(name).jpg"))
            #expect(try JPEGReference.coefficients(ours) == JPEGReference.coefficients(reference), "\(name) \(op)")
            let same = try Decoder().decode(data: ours).0 == Decoder().decode(data: reference).0
            #expect(same, "\(name) \(op): pixels")
        }
    }

    /// No generation loss: flip=h of flip=h is the input's pixels exactly; the decode path loses about 1 dB a
    /// generation (here it is not exact after two).
    @Test func flipTwiceGivesBackTheInputsPixels() throws {
        let dir = try CLI.scratch()
        var photo = PixelBuffer(width: 128, height: 96, layout: .rgb, depth: .eight)
        photo.withUnsafeMutableBytes { p in
            for i in 0..<p.count { p[i] = UInt8(truncatingIfNeeded: (i % 384) / 3 + (i / 384) * 2 + (i % 7) * 9) }
        }
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        let input = try Encoder().encode(photo, options: EncodeOptions(format: .jpeg))
        try Data(input).write(to: URL(fileURLWithPath: dir + "/in/p.jpg"))
        for (flags, out) in [(["--jpeg-lossless"], "/lossless"), ([], "/decoded")] {
            #expect(try CLI.run([dir + "/in", "-o", dir + out + "1", "--op", "flip=h"] + flags).status == 0)
            #expect(try CLI.run([dir + out + "1", "-o", dir + out + "2", "--op", "flip=h"] + flags).status == 0)
        }
        let original = try Self.decoded(dir + "/in/p.jpg").0
        let lossless = try Self.decoded(dir + "/lossless2/p.jpg").0
        let decodePath = try Self.decoded(dir + "/decoded2/p.jpg").0
        let exact = lossless == original, lossy = decodePath == original
        #expect(exact)
        #expect(!lossy, "the decode path re-encodes (generation loss)")
    }

    /// The EXIF orientation is folded into the one transform (coefficients equal jpegtran's for it), set to 1 in
    /// the output; the output has the decode path's size.
    @Test(.enabled(if: JPEGReference.jpegtranAvailable), arguments: 1...8)
    func exifOrientationIsFoldedAndSetToOne(_ orientation: Int) throws {
        let dir = try CLI.scratch()
        let input = dir + "/in/o.jpg"
        try CLI.copy("jpeg/exif_orientation_small/orient_\(orientation).jpg", to: input)
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "--jpeg-lossless",
                             "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try CLI.reportRows(dir + "/r.jsonl").first?["lossless"] as? Bool == true)
        let combined = Transpose(exifOrientation: orientation).map { $0.then(.flipLeftRight) } ?? .flipLeftRight
        let reference = try #require(try JPEGReference.jpegtranPerfect(combined, file: input))
        let ours = try Self.bytes(dir + "/out/o.jpg")
        #expect(try JPEGReference.coefficients(ours) == JPEGReference.coefficients(reference))
        let (pixels, info) = try Decoder().decode(data: ours)
        #expect(info.exifOrientation == 1)
        #expect(try CLI.run([dir + "/in", "-o", dir + "/decoded", "--op", "flip=h"]).status == 0)
        let decodePath = try Self.decoded(dir + "/decoded/o.jpg").0
        #expect(pixels.width == decodePath.width && pixels.height == decodePath.height)
    }

    @Test func iccProfileIsKept() throws {
        let dir = try CLI.scratch()
        let icc = try Self.bytes(CLI.fixture("sRGB2014.icc"))
        let (image, _) = try Self.decoded(CLI.fixture("jpeg/pillow_subsampling_420.jpg"))
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        let jpeg = try Encoder().encode(image, options: EncodeOptions(format: .jpeg), icc: icc)
        try Data(jpeg).write(to: URL(fileURLWithPath: dir + "/in/icc.jpg"))
        #expect(try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "rot90", "--jpeg-lossless"]).status == 0)
        #expect(try Self.decoded(dir + "/out/icc.jpg").1.iccProfile == icc)
    }

    /// What cannot be lossless is made by the decode path, byte for byte as without the flag, and its row says why:
    /// a transform that is not perfect on the MCUs (never trimmed), an op that resamples, a PNG input. Transpose is
    /// perfect on any size.
    @Test func rowsSayWhyNotAndTheDecodePathMakesThoseOutputs() throws {
        let dir = try CLI.scratch()
        try CLI.copy("jpeg/testorig.jpg", to: dir + "/in/odd.jpg")
        try CLI.copy("images/basn6a08.png", to: dir + "/in/p.png")
        let cases: [(String, String, Bool, String?)] = [
            ("flip=h", "odd.jpg", false, "not perfect"), ("transpose", "odd.jpg", true, nil),
            ("rotate=12.5", "odd.jpg", false, "not exact"), ("flip=h", "p.png", false, "not a JPEG"),
        ]
        for (op, name, lossless, reason) in cases {
            let out = dir + "/out-\(op)", plain = dir + "/plain-\(op)"
            let r = try CLI.run([dir + "/in", "-o", out, "--op", op, "--jpeg-lossless", "--report", dir + "/r.jsonl"])
            #expect(r.status == 0, "\(r.stderr)")
            let row = try #require(Self.row(try CLI.reportRows(dir + "/r.jsonl"), name))
            #expect(row["status"] as? String == "ok")
            #expect(row["lossless"] as? Bool == lossless, "\(op) \(name): \(row)")
            if let reason {
                #expect((row["lossless_reason"] as? String)?.contains(reason) == true, "\(op) \(name): \(row)")
                #expect(try CLI.run([dir + "/in", "-o", plain, "--op", op]).status == 0)
                #expect(try Self.bytes(out + "/" + name) == Self.bytes(plain + "/" + name), "\(op) \(name)")
            } else {
                #expect(row["lossless_reason"] == nil)
            }
        }
        // Without the flag the rows carry no lossless field.
        let none = try CLI.run([dir + "/in", "-o", dir + "/none", "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(none.status == 0)
        #expect(try CLI.reportRows(dir + "/r.jsonl").allSatisfy { $0["lossless"] == nil })
    }

    /// Labels follow the same geometry: the label files are those of the decode path.
    @Test func labelsFollow() throws {
        let dir = try CLI.scratch()
        try CLI.copy("jpeg/pillow_subsampling_420.jpg", to: dir + "/data/images/a.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        try "0 0.25 0.5 0.2 0.4\n".write(toFile: dir + "/data/labels/a.txt", atomically: true, encoding: .utf8)
        for (flags, out) in [(["--jpeg-lossless"], "/lossless"), ([], "/decoded")] {
            let r = try CLI.run([dir + "/data/images", "-o", dir + out + "/images", "--labels", "yolo", "--op", "rot90",
                                 "--op", "flip=h", "--report", dir + out + ".jsonl"] + flags)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try CLI.reportRows(dir + "/lossless.jsonl").first?["lossless"] as? Bool == true)
        let lossless = try String(contentsOfFile: dir + "/lossless/labels/a.txt", encoding: .utf8)
        #expect(lossless == (try String(contentsOfFile: dir + "/decoded/labels/a.txt", encoding: .utf8)))
        #expect(lossless == "0 0.5 0.75 0.4 0.2\n")
    }

    @Test func qualityAndPNGOutputAreUsageErrors() throws {
        let dir = try CLI.scratch()
        try CLI.copy("jpeg/pillow_subsampling_420.jpg", to: dir + "/in/a.jpg")
        let quality = try CLI.run([dir + "/in", "-o", dir + "/out", "--jpeg-lossless", "--quality", "80"])
        #expect(quality.status == 2 && quality.stderr.contains("--quality"))
        let png = try CLI.run([dir + "/in", "-o", dir + "/out", "--jpeg-lossless", "--format", "png"])
        #expect(png.status == 2 && png.stderr.contains("--format png"))
    }
}
