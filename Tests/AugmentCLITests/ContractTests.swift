import Codecs
import Augment
import Foundation
import Testing

/// The main job end to end on Fixtures/: outputs mirrored, every one decodable, the report complete.
@Suite struct ContractTests {
    @Test func seedJobOnFixtures() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--op", "rotate=45", "--op", "flip=h",
                             "--report", dir + "/report.jsonl", "-j", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let inputs = CLI.tree(CLI.fixture("images")).keys.sorted()
        #expect(CLI.tree(dir + "/out").keys.sorted() == inputs)
        let rows = try CLI.reportRows(dir + "/report.jsonl")
        #expect(rows.count == inputs.count)
        #expect(rows.map { $0["status"] as? String } == Array(repeating: "ok", count: inputs.count))
        // Input order: sorted by relative path bytes.
        let relative = rows.map { ($0["input"] as! String).replacingOccurrences(of: CLI.fixture("images") + "/", with: "") }
        #expect(relative == relative.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(r.stderr.contains("ok \(inputs.count), failed 0"))
    }

    /// The CLI's PNG output equals the library's pipeline on the same pixels (lossless format, exact check).
    @Test func outputPixelsEqualTheLibraryPipeline() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("images/basn6a08.png")
        let r = try CLI.run([input, "-o", dir, "--op", "rotate=30,resample=bilinear,expand=true", "--op", "flip=v"])
        #expect(r.status == 0, "\(r.stderr)")
        let (original, _) = try Decoder().decode(file: input)
        let (output, _) = try Decoder().decode(file: dir + "/basn6a08.png")
        let sampled = try Pipeline(parsing: ["rotate=30,resample=bilinear,expand=true", "flip=v"])
            .sample(seed: 0, key: Array("basn6a08.png".utf8), copy: 0)
        var expected = PixelBuffer()
        var workspace = Workspace()
        sampled.apply(to: original, into: &expected, workspace: &workspace)
        #expect(output == expected)
    }

    @Test func awkwardNamesSurvive() throws {
        let dir = try CLI.scratch()
        let input = dir + "/in"
        try CLI.copy("images/testorig.jpg", to: input + "/with space/a b.jpg")
        try CLI.copy("images/basn6a08.png", to: input + "/ünïcødé/日本語 😀.png")
        try CLI.copy("images/pillow_gray.jpg", to: input + "/deep/er/still/-leading-dash.jpg")
        // A name that is not UTF-8: bytes 0xff 0xfe.
        let raw = Array((input + "/raw-").utf8) + [0xFF, 0xFE] + Array(".jpg".utf8) + [0]
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("images/testorig.jpg")))
        let fd = raw.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(fd >= 0)
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let r = try CLI.run([input, "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir + "/out"
        #expect(FileManager.default.fileExists(atPath: out + "/with space/a b.jpg"))
        #expect(FileManager.default.fileExists(atPath: out + "/ünïcødé/日本語 😀.png"))
        #expect(FileManager.default.fileExists(atPath: out + "/deep/er/still/-leading-dash.jpg"))
        let rawOut = Array((out + "/raw-").utf8) + [0xFF, 0xFE] + Array(".jpg".utf8) + [0]
        var st = stat()
        let exists = rawOut.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &st) } }
        #expect(exists == 0, "the non-UTF-8 name is written with the same bytes")
        #expect(try CLI.reportRows(dir + "/r.jsonl").count == 4)
    }

    @Test func badItemsFailAloneAndOthersComplete() throws {
        let dir = try CLI.scratch()
        let input = dir + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: input + "/a.jpg", contents: Data())
        _ = FileManager.default.createFile(atPath: input + "/b.png", contents: Data("just some text\n".utf8))
        try CLI.copy("bad/truncated_50pct.jpg", to: input + "/c.jpg")
        try CLI.copy("images/testorig.jpg", to: input + "/good.jpg")
        try CLI.copy("bad/png_named_as.jpg", to: input + "/x.jpg")
        _ = FileManager.default.createFile(atPath: input + "/labels.txt", contents: Data("cat\n".utf8))
        _ = FileManager.default.createFile(atPath: input + "/README", contents: Data("readme\n".utf8))
        try CLI.copy("images/testorig.jpg", to: input + "/.hidden.jpg")
        let r = try CLI.run([input, "-o", dir + "/out", "--op", "rotate=45", "--op", "flip=h",
                             "--report", dir + "/r.jsonl", "--failed", dir + "/failed.txt"])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let byName = Dictionary(uniqueKeysWithValues: rows.map { (($0["input"] as! String).components(separatedBy: "/").last!, $0) })
        #expect(byName.keys.sorted() == ["a.jpg", "b.png", "c.jpg", "good.jpg", "x.jpg"])
        #expect(byName["a.jpg"]?["error"] as? String == "empty file (0 bytes)")
        #expect((byName["b.png"]?["error"] as? String)?.contains("not a PNG or JPEG") == true)
        #expect((byName["c.jpg"]?["error"] as? String)?.contains("premature end of data") == true)
        #expect(byName["good.jpg"]?["status"] as? String == "ok")
        #expect(byName["x.jpg"]?["status"] as? String == "ok")
        // The PNG named x.jpg is processed as a PNG and stays one (format kept).
        let x = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/x.jpg"))
        #expect(Decoder.sniff(Array(x.prefix(8))) == .png)
        #expect(CLI.tree(dir + "/out").keys.sorted() == ["good.jpg", "x.jpg"])
        let failed = try String(contentsOfFile: dir + "/failed.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(failed == [input + "/a.jpg", input + "/b.png", input + "/c.jpg"])
        #expect(r.stderr.contains("ignored 2"), "\(r.stderr)")
        #expect(r.stderr.contains(input + "/c.jpg"), "errors name the file")
    }

    /// The first luminance quantiser (DC) of a JPEG's first DQT segment: libjpeg scales the standard table's 16
    /// to 16 at quality 50 and to 3 at quality 90.
    static func firstQuantiser(_ jpeg: [UInt8]) -> Int? {
        var i = 2
        while i + 4 < jpeg.count, jpeg[i] == 0xFF {
            let marker = jpeg[i + 1], length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
            if marker == 0xDB {
                let precision = jpeg[i + 4] >> 4
                return precision == 0 ? Int(jpeg[i + 5]) : Int(jpeg[i + 5]) << 8 | Int(jpeg[i + 6])
            }
            if marker == 0xDA { return nil }
            i += 2 + length
        }
        return nil
    }

    @Test func formatAndQualityOptions() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), CLI.fixture("images/basn6a08.png"), "-o", dir,
                             "--op", "rot90", "--format", "png"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CLI.tree(dir).keys.sorted() == ["basn6a08.png", "testorig.png"])
        // --format png: both outputs are PNGs (by content and by the decoder), turned (227x149 -> 149x227,
        // 32x32), and hold exactly the library's rot90 of the decoded input (PNG is lossless).
        let rot90 = try Pipeline(parsing: ["rot90"])
        for (input, output, size) in [("images/testorig.jpg", "testorig.png", (149, 227)),
                                      ("images/basn6a08.png", "basn6a08.png", (32, 32))] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + output)))
            #expect(Decoder.sniff(Array(bytes.prefix(8))) == .png, "\(output)")
            let (decoded, info) = try Decoder().decode(data: bytes)
            #expect(info.format == .png && (decoded.width, decoded.height) == size, "\(output): \(info)")
            let (original, _) = try Decoder().decode(file: CLI.fixture(input))
            let expected = rot90.sample(seed: 0, key: Array((input as NSString).lastPathComponent.utf8), copy: 0)
                .apply(to: original)
            #expect(decoded == expected, "\(output) holds the input turned")
        }
        // --format jpeg --quality 50: a JPEG of the turned 32x32 image, with quality 50's tables, smaller than
        // the same job at quality 90 (the default).
        let j = try CLI.run([CLI.fixture("images/basn6a08.png"), "-o", dir + "/j", "--op", "rot90", "--format", "jpeg",
                             "--quality", "50"])
        #expect(j.status == 0 && CLI.tree(dir + "/j").keys.sorted() == ["basn6a08.jpg"], "\(j.stderr)")
        let q90 = try CLI.run([CLI.fixture("images/basn6a08.png"), "-o", dir + "/q90", "--op", "rot90",
                               "--format", "jpeg"])
        #expect(q90.status == 0, "\(q90.stderr)")
        let low = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/j/basn6a08.jpg")))
        let high = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/q90/basn6a08.jpg")))
        for (name, bytes) in [("quality 50", low), ("quality 90", high)] {
            #expect(Decoder.sniff(Array(bytes.prefix(8))) == .jpeg, "\(name)")
            let (decoded, info) = try Decoder().decode(data: bytes)
            #expect(info.format == .jpeg && decoded.width == 32 && decoded.height == 32, "\(name): \(info)")
        }
        #expect(Self.firstQuantiser(low) == 16 && Self.firstQuantiser(high) == 3,
                "DC quantisers \(String(describing: Self.firstQuantiser(low))), \(String(describing: Self.firstQuantiser(high)))")
        #expect(low.count < high.count, "quality 50: \(low.count) bytes, quality 90: \(high.count) bytes")
    }

    @Test func autoOrientAppliesExifBeforeTheOps() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("jpeg/exif_orientation_small/orient_6.jpg")
        let (stored, info) = try Decoder().decode(file: input)
        #expect(info.exifOrientation == 6)
        #expect(try CLI.run([input, "-o", dir + "/auto"]).status == 0)
        #expect(try CLI.run([input, "-o", dir + "/raw", "--no-auto-orient"]).status == 0)
        let (auto, autoInfo) = try Decoder().decode(file: dir + "/auto/orient_6.jpg")
        let (raw, _) = try Decoder().decode(file: dir + "/raw/orient_6.jpg")
        #expect(auto.width == stored.height && auto.height == stored.width)
        #expect(raw.width == stored.width && raw.height == stored.height)
        #expect(autoInfo.exifOrientation == 1, "the output carries orientation 1")
        let (_, rawInfo) = try Decoder().decode(file: dir + "/raw/orient_6.jpg")
        #expect(rawInfo.exifOrientation == nil)
    }
}
