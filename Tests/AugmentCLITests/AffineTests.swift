import Augment
import Codecs
import Foundation
import Testing

/// The report's `affine` maps input pixel centres to where they land in the output.
@Suite struct AffineTests {
    /// A gray image with a few marked pixels of distinct values on a zero background.
    static func marked(_ w: Int, _ h: Int) -> (PixelBuffer, [(x: Int, y: Int, value: UInt8)]) {
        // Near three corners (which a rotation without expand, or a crop, may cut off), at the centre, and two
        // inside the inscribed rectangle of a small rotation.
        let marks: [(x: Int, y: Int, value: UInt8)] = [(3, 2, 200), (w - 5, 4, 150), (6, h - 4, 100), (w / 2, h / 2, 250),
                                                        (w / 2 - 9, h / 2 - 5, 180), (w / 2 + 9, h / 2 + 5, 120)]
        var bytes = [UInt8](repeating: 0, count: w * h)
        for m in marks {
            for dy in -1...1 { for dx in -1...1 { bytes[(m.y + dy) * w + m.x + dx] = m.value } }
        }
        return (try! PixelBuffer(width: w, height: h, layout: .gray, bytes: bytes), marks)
    }

    /// Each mark that lands inside the output holds its value where the report's matrix maps its centre; at least
    /// `landing` of the 6 marks land (all of them for transposes and an expanded rotation; corners are cut off by
    /// a rotation in place or a crop), so the check cannot pass on marks it skipped.
    @Test(arguments: [(["rot90"], 6), (["flip=h", "rot270"], 6), (["rotate=30,expand=true"], 6), (["rotate=-50"], 5),
                      (["transpose", "rotate=20,crop=inscribed"], 5), (["rotate=15,crop=inscribed,resample=bilinear"], 3)])
    func markedPixelsLandWhereTheMatrixSays(_ ops: [String], landing: Int) throws {
        let dir = try CLI.scratch()
        let (image, marks) = Self.marked(41, 29)
        try Data(Encoder().encode(image, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: dir + "/m.png"))
        let r = try CLI.run([dir + "/m.png", "-o", dir + "/out", "--report", dir + "/r.jsonl"] + ops.flatMap { ["--op", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(try CLI.reportRows(dir + "/r.jsonl").first)
        let m = try #require(row["affine"] as? [[Double]])
        let (out, _) = try Decoder().decode(file: dir + "/out/m.png")
        var checked = 0
        for mark in marks {
            let cx = Double(mark.x) + 0.5, cy = Double(mark.y) + 0.5
            let ox = m[0][0] * cx + m[0][1] * cy + m[0][2]
            let oy = m[1][0] * cx + m[1][1] * cy + m[1][2]
            let ix = Int(ox.rounded(.down)), iy = Int(oy.rounded(.down))
            guard ix >= 0, iy >= 0, ix < out.width, iy < out.height else { continue }
            let value = out.bytes[iy * out.width + ix]
            #expect(abs(Int(value) - Int(mark.value)) <= 40, "\(ops): mark \(mark) -> (\(ox), \(oy)) holds \(value)")
            checked += 1
        }
        #expect(checked >= landing, "\(ops): \(checked) of \(marks.count) marks landed inside the output")
    }

    @Test func exifOrientationIsInTheMatrix() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("jpeg/exif_orientation_small/orient_6.jpg")
        let r = try CLI.run([input, "-o", dir, "--report", dir + "/r.jsonl"])
        #expect(r.status == 0)
        let m = try #require(try CLI.reportRows(dir + "/r.jsonl").first?["affine"] as? [[Double]])
        // Orientation 6: the stored image is turned 90 degrees clockwise to be upright.
        let (stored, _) = try Decoder().decode(file: input)
        #expect(m[0][0] == 0 && m[1][1] == 0)
        #expect(m == [[0, -1, Double(stored.height)], [1, 0, 0]])
    }
}
