import Augment
import Codecs
import Foundation
import Testing

/// Claims of the README checked end to end with the built binary: the PNG encoder settings, the walk (links to
/// folders, extensions in any case, ignored files) and the default pixel limit.
@Suite struct ReadmeClaimTests {
    // MARK: helpers

    /// CRC-32 (ISO 3309, as PNG and zlib), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A PNG chunk: length, type, data, CRC of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// The chunks of a PNG, in order: (type, data).
    static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
        var result: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            guard i + 12 + length <= png.count else { break }
            result.append((String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self), Array(png[(i + 8)..<(i + 8 + length)])))
            i += 12 + length
        }
        return result
    }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    // MARK: PNG encoding

    /// "PNG is written with adaptive filters and zlib's RLE strategy by default; `--png-compression L` selects
    /// zlib's full deflate at level L instead (better for screenshots and renders)": the CLI's PNG is byte for
    /// byte the library encoder's output of the same turned pixels with adaptive filters and strategy 3 (RLE), and
    /// with `--png-compression L` its output with level L and zlib's default strategy; the zlib header says so
    /// (FLEVEL 0 for RLE, 3 for level 9), and on a render of repeated tiles level 9 makes a smaller file than RLE.
    @Test func pngIsRLEByDefaultAndFullDeflateAtTheGivenLevel() throws {
        let dir = try CLI.scratch()
        // A 192x128 RGB render: one 16x16 tile of noise repeated (long matches for deflate, few runs for RLE).
        var state: UInt32 = 12345
        let tile: [UInt8] = (0..<(16 * 16 * 3)).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(state >> 24)
        }
        let (w, h) = (192, 128)
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h { for x in 0..<w { for c in 0..<3 { pixels[(y * w + x) * 3 + c] = tile[((y % 16) * 16 + x % 16) * 3 + c] } } }
        let render = try PixelBuffer(width: w, height: h, layout: .rgb, bytes: pixels)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try Data(Encoder().encode(render, options: EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: dir + "/in/render.png"))

        let (input, info) = try Decoder().decode(file: dir + "/in/render.png")
        #expect(input == render)
        let turned = try Pipeline(parsing: ["rot90"]).sample(seed: 0, key: Array("render.png".utf8), copy: 0).apply(to: input)
        let rle = try Encoder().encode(turned, options: EncodeOptions(format: .png, pngLevel: 6, pngFilter: .adaptive,
                                                                      pngStrategy: 3), icc: info.iccProfile)
        var outputs: [String: [UInt8]] = [:]
        for (name, extra) in [("default", [String]()), ("L1", ["--png-compression", "1"]), ("L9", ["--png-compression", "9"])] {
            let r = try CLI.run([dir + "/in", "-o", dir + "/" + name, "--op", "rot90"] + extra)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            outputs[name] = try Self.bytes(dir + "/" + name + "/render.png")
        }
        #expect(outputs["default"] == rle, "the default output is the adaptive-filter RLE encoding")
        for level in [1, 9] {
            let deflate = try Encoder().encode(turned, options: EncodeOptions(format: .png, pngLevel: level,
                                                                              pngStrategy: nil), icc: info.iccProfile)
            #expect(outputs["L\(level)"] == deflate, "--png-compression \(level) is zlib's full deflate at level \(level)")
            #expect(deflate != rle)
            let (decoded, _) = try Decoder().decode(data: outputs["L\(level)"] ?? [])
            #expect(decoded == turned, "--png-compression \(level) is lossless")
        }
        let (decoded, _) = try Decoder().decode(data: outputs["default"] ?? [])
        #expect(decoded == turned, "the default is lossless")
        // zlib's header (the first IDAT's first two bytes): FLEVEL, the top two bits of FLG, is 0 for the RLE
        // strategy (whatever the level) and 3 for level 9 with the default strategy.
        func flevel(_ png: [UInt8]?) -> Int? {
            guard let idat = Self.chunks(png ?? []).first(where: { $0.type == "IDAT" }), idat.data.count >= 2 else { return nil }
            return Int(idat.data[1] >> 6)
        }
        #expect(flevel(outputs["default"]) == 0 && flevel(outputs["L9"]) == 3,
                "FLEVEL \(String(describing: flevel(outputs["default"]))), \(String(describing: flevel(outputs["L9"])))")
        let sizes = outputs.mapValues(\.count)
        #expect((sizes["L9"] ?? .max) < (sizes["default"] ?? 0), "a render of repeated tiles: \(sizes)")
    }

    // MARK: the walk

    /// "symbolic links to folders are not followed": a link inside an input folder to a folder holding an image
    /// yields no item, no output and no report row; the image beside the link is processed.
    @Test func linksToFoldersAreNotFollowed() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/real.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/elsewhere/behind-link.jpg")
        try FileManager.default.createSymbolicLink(atPath: dir + "/in/linked", withDestinationPath: dir + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: dir + "/in/relative", withDestinationPath: "../elsewhere")
        // The links resolve: through them, the image is there.
        #expect(FileManager.default.fileExists(atPath: dir + "/in/linked/behind-link.jpg"))
        #expect(FileManager.default.fileExists(atPath: dir + "/in/relative/behind-link.jpg"))
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CLI.tree(dir + "/out").keys.sorted() == ["real.jpg"])
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.map { ($0["input"] as? String ?? "") } == [dir + "/in/real.jpg"], "\(rows)")
        #expect(r.stderr.contains("ok 1, failed 0"), "\(r.stderr)")
        let plan = try CLI.run([dir + "/in", "-o", dir + "/plan", "--op", "flip=h", "--dry-run"])
        #expect(plan.status == 0 && plan.stdout.contains("items: 1,") && !plan.stdout.contains("behind-link"),
                "\(plan.stdout)")
    }

    /// "a file is an item when its content is PNG/JPEG or its name has an image extension (`.png .jpg .jpeg .jpe
    /// .jfif`, any case); other files are ignored and counted": images named .JPG, .Png, .JpEg, .jPE, .JFIF are
    /// processed; text under such names is an item too (it fails as not an image); a JPEG named .data is an item
    /// by its content; text under other names is ignored, and the summary counts it.
    @Test func imageExtensionsInAnyCaseAreItemsAndOtherFilesAreIgnored() throws {
        let dir = try CLI.scratch()
        let input = dir + "/in"
        let images = ["a.JPG": "images/testorig.jpg", "b.Png": "images/basn6a08.png", "c.JpEg": "images/pillow_gray.jpg",
                      "d.jPE": "images/testorig.jpg", "e.JFIF": "images/testorig.jpg", "photo.data": "images/testorig.jpg"]
        for (name, fixture) in images { try CLI.copy(fixture, to: input + "/" + name) }
        let text = Array("not an image at all\n".utf8)
        let fakes = ["x.JPG", "y.Png", "z.JpEg"]
        let ignored = ["notes.dat", "labels.TXT", "README"]
        for name in fakes + ignored { try Self.write(text, to: input + "/" + name) }
        let r = try CLI.run([input, "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        var status: [String: String] = [:]
        for row in rows { status[((row["input"] as? String) ?? "").replacingOccurrences(of: input + "/", with: "")] = row["status"] as? String }
        #expect(status.keys.sorted() == (Array(images.keys) + fakes).sorted(), "\(status)")
        for name in images.keys { #expect(status[name] == "ok", "\(name): \(rows)") }
        for name in fakes { #expect(status[name] == "failed", "\(name)") }
        for row in rows where row["status"] as? String == "failed" {
            #expect((row["error"] as? String ?? "").contains("not a PNG or JPEG"), "\(row)")
        }
        #expect(CLI.tree(dir + "/out").keys.sorted() == images.keys.sorted())
        #expect(r.stderr.contains("ok 6, failed 3, skipped 0, ignored 3,"), "\(r.stderr)")
    }

    // MARK: the pixel limit

    /// A gray 8-bit PNG whose IHDR says 13380x13375 (178,957,500 pixels, 530 over Pillow's bomb limit), with
    /// the start of a zlib stream as its only IDAT: the header is valid, the pixel data is missing.
    static func headerOnlyPNG(width: UInt32, height: UInt32) -> [UInt8] {
        let ihdr = bigEndian(width) + bigEndian(height) + [8, 0, 0, 0, 0]
        // A zlib header and the start of a stored block of the first row, then nothing.
        let idat: [UInt8] = [0x78, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00]
        return [137, 80, 78, 71, 13, 10, 26, 10] + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", [])
    }

    /// "178,956,970 pixels by default": a PNG of 13380x13375 is refused from its header with a message naming
    /// the limit; with `--max-pixels 200000000` the same file gets past the limit and fails for another reason
    /// (its pixel data is missing).
    @Test func defaultPixelLimitIsPillowsBombLimit() throws {
        let dir = try CLI.scratch()
        let png = Self.headerOnlyPNG(width: 13380, height: 13375)
        #expect(13380 * 13375 == 178_957_500 && 178_957_500 > DecodeLimits.pillowBombLimit)
        // The crafted header is well formed: the IHDR CRC is right (the decoder reads the size from it).
        let ihdr = try #require(Self.chunks(png).first)
        #expect(ihdr.type == "IHDR" && Array(png[29..<33]) == Self.bigEndian(Self.crc32(Array("IHDR".utf8) + ihdr.data)))
        try Self.write(png, to: dir + "/in/huge.png")

        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(r.status == 1, "\(r.stderr)")
        let error = try CLI.reportRows(dir + "/r.jsonl").first?["error"] as? String ?? "(no row)"
        #expect(error.contains("13380x13375") && error.contains("over the limit of 178956970"), "\(error)")

        let raised = try CLI.run([dir + "/in", "-o", dir + "/out2", "--op", "flip=h", "--max-pixels", "200000000",
                                  "--report", dir + "/r2.jsonl"])
        #expect(raised.status == 1, "\(raised.stderr)")
        let other = try CLI.reportRows(dir + "/r2.jsonl").first?["error"] as? String ?? "(no row)"
        #expect(other != "(no row)" && other.hasPrefix("PNG") && !other.contains("over the limit")
                    && !other.contains("178956970") && !other.contains("200000000"), "\(other)")
        #expect(CLI.tree(dir + "/out").isEmpty && CLI.tree(dir + "/out2").isEmpty)
        print("defaultPixelLimit: at the default: \(error); at 200000000: \(other)")
    }
}
