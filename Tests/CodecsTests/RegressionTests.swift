import Augment
import Codecs
import Testing

/// Files found by fuzzing (scripts/dev/fuzz) and the decompression bombs of Fuzz/make-bombs.py, kept in Fixtures/bad.
/// docs/reliability.md lists them.
@Suite struct RegressionTests {
    /// PNG fuzzer, OOM: a 1,182-byte PNG (PngSuite's ctgn0g04 mutated) whose iTXt chunk claims 1,920,532,981
    /// bytes. libpng 1.6.39 only warns ("chunk data is too large" is a benign error when reading) and then
    /// allocates and zero-fills the declared length: 1.9 GB of RSS per decode. The shim now refuses a chunk
    /// before the first IDAT that claims more bytes than the file has left.
    @Test func chunkLongerThanTheFileIsRefusedBeforeAllocation() throws {
        let error = try #require(throws: CodecError.self) {
            try Decoder().decode(file: FixturePaths.path("bad/itxt_length_2GB.png"))
        }
        #expect(error.code == .corrupt, "\(error)")
        #expect(error.message.contains("iTXt: chunk claims 1920532981 bytes but only 850 remain"), "\(error.message)")
    }

    /// The check only looks at the chunks before the image data: every valid PngSuite file still decodes, and
    /// a decoder is reusable after the refusal.
    @Test func chunkCheckKeepsValidFilesAndTheDecoderReusable() throws {
        let decoder = Decoder()
        var buffer = PixelBuffer()
        for name in FixturePaths.files(in: "pngsuite", suffix: ".png") where !name.hasPrefix("pngsuite/x") {
            #expect(throws: CodecError.self) { try decoder.decode(file: FixturePaths.path("bad/itxt_length_2GB.png"), into: &buffer) }
            let info = try decoder.decode(file: FixturePaths.path(name), into: &buffer)
            #expect(buffer.width == info.width && buffer.width > 0, "\(name)")
        }
    }

    /// Decompression bombs: a 17 KB PNG of 12000x12000 (144 Mpixel, under the default limit) is refused under a
    /// lower --max-pixels before any pixel allocation; a 2 KB PNG of 4000x4000 decodes to exactly its pixels.
    @Test func pngBombsAreBoundedByThePixelLimit() throws {
        let limited = Decoder(limits: DecodeLimits(maxPixels: 100_000_000))
        let error = try #require(throws: CodecError.self) {
            try limited.decode(file: FixturePaths.path("bad/bomb_png_12000x12000_1bit.png"))
        }
        #expect(error.code == .tooLarge && error.message.contains("12000x12000"), "\(error)")
        let (image, _) = try Decoder().decode(file: FixturePaths.path("bad/bomb_png_4000x4000_1bit.png"))
        #expect(image.width == 4000 && image.height == 4000 && image.layout == .gray)
        #expect(image.bytes.allSatisfy { $0 == 0 })
    }
}
