import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// Malformed files from real-world damage classes, each with Pillow's verdict beside it
/// (Fixtures/pillow-corpus, made by scripts/fixtures/make-pillow-corpus with the Pillow pinned in
/// scripts/fixtures/requirements-corpus.txt): augment reads every file Pillow opens, except the one deliberate refusal, with
/// Pillow's pixels where the damage touches none; it refuses what is truncated or corrupt in the image data.
@Suite struct PillowCorpusTests {
    struct Verdict: Decodable {
        var opens: Bool
        var width: Int?
        var height: Int?
        var rgba_sha256: String?
        var pixels_intact: Bool
        var source: String?
        var intent: String?
        var `case`: String
    }

    static let verdicts: [String: Verdict] = {
        let url = URL(fileURLWithPath: FixturePaths.path("pillow-corpus/verdicts.json"))
        return (try? JSONDecoder().decode([String: Verdict].self, from: Data(contentsOf: url))) ?? [:]
    }()

    /// Pillow opens it but augment refuses it on purpose: a wrong CRC on IDAT is damage in the image data (a
    /// critical chunk), an error as in libpng and PngSuite's xcsn0g01; Pillow does not check IDAT CRCs.
    static let deliberateRefusals: Set<String> = ["control_png_crc_bad_idat.png"]

    /// Every 8-bit decode as RGBA bytes (Pillow's `convert("RGBA")` of the same image).
    static func rgba(_ buffer: PixelBuffer) -> [UInt8] {
        let bytes = buffer.bytes
        var out: [UInt8] = []
        out.reserveCapacity(buffer.pixelCount * 4)
        let n = buffer.layout.channels
        for i in 0..<buffer.pixelCount {
            let p = bytes[(i * n)..<(i * n + n)].map { $0 }
            switch n {
            case 1: out += [p[0], p[0], p[0], 255]
            case 2: out += [p[0], p[0], p[0], p[1]]
            case 3: out += [p[0], p[1], p[2], 255]
            default: out += p
            }
        }
        return out
    }

    @Test func theCorpusIsThere() {
        #expect(Self.verdicts.count >= 30, "Fixtures/pillow-corpus/verdicts.json")
        #expect(Self.verdicts.values.contains { !$0.opens } && Self.verdicts.values.contains { $0.opens })
    }

    /// Each file Pillow opens decodes here too, at Pillow's size; where the damage touches no pixel, with
    /// Pillow's pixels (CMYK sources: with the pixels of the undamaged source, as the CMYK conversion is ours).
    @Test(arguments: verdicts.keys.sorted())
    func readsWhatPillowReads(_ name: String) throws {
        let verdict = try #require(Self.verdicts[name])
        let path = FixturePaths.path("pillow-corpus/" + name)
        let decoder = Decoder()
        let result = Result { () throws(CodecError) in try decoder.decode(file: path) }
        if Self.deliberateRefusals.contains(name) {
            #expect(verdict.opens, "\(name): listed as a deliberate refusal but Pillow refuses it too")
            #expect(throws: CodecError.self) { try result.get() }
            return
        }
        guard verdict.opens || (verdict.pixels_intact && verdict.intent != "control") else {
            // Truncated or corrupt image data, or a damaged critical chunk (the controls): refused, as by Pillow.
            #expect(throws: CodecError.self, "\(name): \(verdict.case)") { try result.get() }
            return
        }
        let (buffer, info) = try result.get()
        if let w = verdict.width, let h = verdict.height {
            #expect(buffer.width == w && buffer.height == h, "\(name)")
        }
        guard verdict.pixels_intact, buffer.depth == .eight else { return }
        if info.sourceWasCMYK || !verdict.opens {
            // Our pixels of the undamaged source (Pillow refuses the file, or converts CMYK its own way).
            let source = try #require(verdict.source)
            let (reference, _) = try decoder.decode(file: FixturePaths.path("pillow-corpus/" + source))
            #expect(buffer.bytes == reference.bytes, "\(name): the pixels of \(source)")
        } else {
            #expect(SHA256.hex(Self.rgba(buffer)) == verdict.rgba_sha256, "\(name): Pillow's pixels")
        }
        // Damage that is read past is reported (the run's "damaged"), except where the file is only unusual.
        if !name.hasPrefix("ref_") && verdict.intent != "control" && !["png_plte_256_in_4bit.png", "png_text_no_nul.png",
            "png_no_iend.png", "png_crc_bad_text_after_idat.png", "png_plte_short.png"].contains(name)
        {
            #expect(info.warnings > 0, "\(name): \(verdict.case) is damage, reported as a warning")
        }
    }

    /// A file that starts with the JPEG SOI marker is a JPEG, damaged or not: never "not a PNG or JPEG file".
    @Test func soiThenDamageIsAJPEGError() throws {
        let decoder = Decoder()
        let error = #expect(throws: CodecError.self) { try decoder.decode(data: [0xFF, 0xD8, 0x00, 0x00, 0x12, 0x34]) }
        #expect(error?.message.hasPrefix("JPEG:") == true, "\(String(describing: error))")
    }
}
