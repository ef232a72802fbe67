import Augment
import Codecs
import Foundation
import Preview
import Testing

/// `augment preview`: the sheet's tiles are the real outputs scaled down, captions and label drawings are where
/// they should be, the sheet depends only on the seed, and it is written whole.
@Suite struct PreviewTests {
    static let ops = ["--op", "rotate=-30..30,resample=bilinear,expand=true", "--op", "flip=h,p=0.5"]

    /// The PNG inputs of Fixtures/images, copied (4 images, so `--samples 4` shows them all, in input order).
    static func inputs(_ dir: String) throws -> [String] {
        let names = ["basi0g04.png", "basn2c16.png", "basn3p08.png", "basn6a08.png"]
        for n in names { try CLI.copy("images/" + n, to: dir + "/in/" + n) }
        return names
    }

    /// The region of `canvas` at (x, y) of `width x height`, as RGB bytes.
    static func region(_ sheet: PixelBuffer, x: Int, y: Int, width: Int, height: Int) -> [UInt8] {
        var out: [UInt8] = []
        let b = sheet.bytes
        for row in y..<(y + height) { out += b[((row * sheet.width + x) * 3)..<((row * sheet.width + x + width) * 3)] }
        return out
    }

    /// Tile (row r, column k+1) equals copy k of a real run with the same seed, decoded and scaled with the same
    /// resampling; column 0 is the original. With `--fuse` in both, the tiles are the fused outputs.
    @Test(arguments: [[], ["--fuse"]])
    func tilesAreTheRealOutputsScaledDown(_ fuse: [String]) throws {
        let dir = try CLI.scratch()
        let names = try Self.inputs(dir)
        let (copies, tile) = (3, 96)
        let p = try CLI.run(["preview", dir + "/in", "-o", dir + "/sheet.png", "--samples", "4", "--copies", "\(copies)",
                             "--tile", "\(tile)", "--seed", "11"] + Self.ops + fuse)
        #expect(p.status == 0, "\(p.stderr)")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--copies", "\(copies)", "--seed", "11"] + Self.ops + fuse)
        #expect(r.status == 0, "\(r.stderr)")
        let (sheet, _) = try Decoder().decode(file: dir + "/sheet.png")
        let layout = SheetLayout(rows: names.count, columns: copies + 1, tile: tile)
        #expect(sheet.width == layout.width && sheet.height == layout.height)
        var compared = 0
        for (row, name) in names.enumerated() {
            let stem = String(name.dropLast(4))
            let files = [dir + "/in/" + name] + (0..<copies).map { dir + "/out/\(stem)_\($0).png" }
            for (column, file) in files.enumerated() {
                let (image, _) = try Decoder().decode(file: file)
                let scale = Thumbnail.scale(width: image.width, height: image.height, box: tile)
                let expected = Thumbnail.make(image, scale: scale)
                let place = layout.placement(row: row, column: column, width: image.width, height: image.height, scale: scale)
                let got = Self.region(sheet, x: place.x, y: place.y, width: place.width, height: place.height)
                #expect(got == expected.bytes, "\(name) column \(column)")
                compared += 1
            }
        }
        #expect(compared == 16)
    }

    /// Captions under every tile; with labels, each tile shows its class colours, and the same seed gives the
    /// same sheet, another seed another.
    @Test func captionsDrawingsAndTheSeed() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/data/images/rose.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        try "0 0.5 0.5 0.3 0.4\n3 0.2 0.25 0.15 0.2\n".write(toFile: dir + "/data/labels/rose.txt", atomically: true, encoding: .utf8)
        func sheet(_ seed: Int, _ name: String) throws -> PixelBuffer {
            let r = try CLI.run(["preview", dir + "/data/images", "-o", dir + "/" + name, "--labels", "yolo", "--copies", "2",
                                 "--tile", "128", "--seed", "\(seed)"] + Self.ops)
            #expect(r.status == 0, "\(r.stderr)")
            return try Decoder().decode(file: dir + "/" + name).0
        }
        let a = try sheet(1, "a.png"), b = try sheet(1, "b.png"), c = try sheet(2, "c.png")
        #expect(a == b)
        #expect(a != c)
        let layout = SheetLayout(rows: 1, columns: 3, tile: 128)
        for column in 0..<3 {
            let (x, y) = layout.origin(row: 0, column: column)
            let tile = Self.region(a, x: x, y: y, width: 128, height: 128)
            for id in [0, 3] {
                let c = RGB.forClass(id)
                let hits = stride(from: 0, to: tile.count, by: 3).filter { tile[$0] == c.r && tile[$0 + 1] == c.g && tile[$0 + 2] == c.b }.count
                #expect(hits > 20, "class \(id)'s outline on tile \(column): \(hits) pixels")
            }
            let caption = Self.region(a, x: x, y: y + 128 + 3, width: 128, height: 16)
            #expect(caption.contains(230), "caption text under tile \(column)")
        }
    }

    /// Bad options are usage errors; the sheet is written atomically (no temporary left beside it).
    @Test func boundsAndAtomicWrite() throws {
        let dir = try CLI.scratch()
        _ = try Self.inputs(dir)
        for args in [["--tile", "5000"], ["--samples", "0"], ["--copies", "99"]] {
            let r = try CLI.run(["preview", dir + "/in", "-o", dir + "/s.png"] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
        }
        let r = try CLI.run(["preview", dir + "/in", "-o", dir + "/sheets/s.png", "--op", "rot90"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sheets") == ["s.png"])
    }

    /// Masks are overlaid: where the mask has a class, the tile is tinted (it differs from the bare thumbnail),
    /// where it has 0 the tile is the thumbnail; pose keypoints are drawn as dots in their class colour.
    @Test func masksAndKeypointsAreDrawn() throws {
        let dir = try CLI.scratch()
        // A 40x30 gray image, its mask: class 2 on the left half; a pose label with two visible points.
        let image = try PixelBuffer(width: 40, height: 30, layout: .rgb, bytes: [UInt8](repeating: 128, count: 40 * 30 * 3))
        try FileManager.default.createDirectory(atPath: dir + "/data/images", withIntermediateDirectories: true)
        try Data(Encoder().encode(image, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: dir + "/data/images/m.png"))
        let maskBytes = (0..<(40 * 30)).map { UInt8($0 % 40 < 20 ? 2 : 0) }
        let mask = try PixelBuffer(width: 40, height: 30, layout: .gray, bytes: maskBytes)
        try FileManager.default.createDirectory(atPath: dir + "/masks", withIntermediateDirectories: true)
        try Data(Encoder().encode(mask, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: dir + "/masks/m.png"))
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        try "5 0.5 0.5 0.5 0.5 0.3 0.3 2 0.7 0.7 2\n".write(toFile: dir + "/data/labels/m.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["preview", dir + "/data/images", "-o", dir + "/s.png", "--copies", "1", "--tile", "80",
                             "--masks", dir + "/masks", "--labels", "yolo-pose",
                             "--kpt-shape", "2,3", "--flip-idx", "1,0", "--op", "flip=v"])
        #expect(r.status == 0, "\(r.stderr)")
        let (sheet, _) = try Decoder().decode(file: dir + "/s.png")
        let layout = SheetLayout(rows: 1, columns: 2, tile: 80)
        let place = layout.placement(row: 0, column: 0, width: 40, height: 30, scale: 2)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Self.region(sheet, x: x, y: y, width: 1, height: 1) }
        // Left half (class 2) tinted, right half bare gray; away from the label's outline and dots.
        #expect(pixel(place.x + 4, place.y + 56) != [128, 128, 128])
        #expect(pixel(place.x + 74, place.y + 56) == [128, 128, 128])
        let c = RGB.forClass(5)
        #expect(pixel(place.x + 24, place.y + 18) == [c.r, c.g, c.b], "the keypoint at (12, 9) of the image, x2")
    }
}
