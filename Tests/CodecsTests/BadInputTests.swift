import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// The files of scripts/fixtures/make-bad-inputs.py (regular files, copied into Fixtures/bad), decoded in-process: a thrown
/// error with a specific message, no crash, no allocation beyond the limit.
@Suite struct BadInputTests {
    static let expectations: [(String, CodecError.Code, String)] = [
        ("bad/empty.jpg", .corrupt, "empty file"),
        ("bad/empty.png", .corrupt, "empty file"),
        ("bad/not_an_image.jpg", .unsupported, "not a PNG or JPEG"),
        ("bad/truncated_10pct.jpg", .corrupt, "JPEG: premature end of data"),
        ("bad/truncated_50pct.jpg", .corrupt, "JPEG: premature end of data"),
        ("bad/truncated_99pct.jpg", .corrupt, "JPEG: premature end of data"),
        ("bad/truncated_50pct.png", .corrupt, "PNG: premature end of data"),
        ("bad/bad_crc_ihdr.png", .corrupt, "PNG: IHDR: CRC error"),
        ("bad/bad_crc_idat.png", .corrupt, "PNG: IDAT: CRC error"),
        ("bad/corrupt_idat_zlib.png", .corrupt, "PNG: "),
        ("bad/width0.png", .corrupt, "PNG: Invalid IHDR data (Image width is zero in IHDR)"),
        ("bad/bomb_100000x100000.png", .tooLarge, "over the limit"),
        ("bad/sof_65500x65500.jpg", .tooLarge, "over the limit"),
    ]

    @Test(arguments: 0..<expectations.count)
    func badFileFailsWithSpecificMessage(_ index: Int) throws {
        let (name, code, text) = Self.expectations[index]
        let error = try #require(throws: CodecError.self) { try Decoder().decode(file: FixturePaths.path(name)) }
        #expect(error.code == code, "\(name): \(error)")
        #expect(error.message.contains(text), "\(name): \(error.message)")
        #expect(error.description.contains(name), "the error names the file")
    }

    @Test func zTXtBombIsBoundedByChunkLimit() throws {
        // A 30 MB zTXt chunk: libpng's chunk_malloc_max keeps it from being inflated; the image still decodes.
        let decoder = Decoder(limits: DecodeLimits(maxChunkBytes: 1 << 20))
        let (image, info) = try decoder.decode(file: FixturePaths.path("bad/ztxt_bomb_30MB.png"))
        #expect(image.width > 0)
        #expect(info.warnings >= 1)
    }

    @Test func damagedButReadableFilesDecodeWithWarnings() throws {
        // corrupt_entropy.jpg: libjpeg decodes something and warns (as Pillow); missing IEND loses no pixel.
        let (image, _) = try Decoder().decode(file: FixturePaths.path("bad/corrupt_entropy.jpg"))
        #expect(image.width == 256)
        let (png, _) = try Decoder().decode(file: FixturePaths.path("bad/missing_iend.png"))
        #expect(png.width == 256)
    }

    @Test func pixelLimitIsConfigurable() throws {
        let decoder = Decoder(limits: DecodeLimits(maxPixels: 1000))
        let error = try #require(throws: CodecError.self) { try decoder.decode(file: FixturePaths.path("bad/valid_base.png")) }
        #expect(error.code == .tooLarge && error.message.contains("256x192"))
    }

    @Test func fileSystemErrorsNameTheCause() throws {
        let missing = try #require(throws: CodecError.self) { try Decoder().decode(file: "/nonexistent/x.png") }
        #expect(missing.code == .io && missing.message.contains("No such file"))
        let dir = try #require(throws: CodecError.self) { try Decoder().decode(file: FixturePaths.path("bad")) }
        #expect(dir.code == .io && dir.message.contains("not a regular file"))
    }

    @Test func decoderIsReusableAfterErrors() throws {
        let decoder = Decoder()
        var buffer = PixelBuffer()
        for _ in 0..<3 {
            for (name, _, _) in Self.expectations {
                #expect(throws: CodecError.self) { try decoder.decode(file: FixturePaths.path(name), into: &buffer) }
            }
            try decoder.decode(file: FixturePaths.path("bad/valid_base.jpg"), into: &buffer)
            #expect(buffer.width == 256 && buffer.height == 192)
            try decoder.decode(file: FixturePaths.path("bad/valid_base.png"), into: &buffer)
            #expect(buffer.width == 256 && buffer.layout == .rgb)
        }
    }

    @Test func concurrentDecodesAreIndependent() async throws {
        let names = ReferenceDecodeTests.goodFiles
        await withTaskGroup(of: Bool.self) { group in
            for shard in 0..<4 {
                group.addTask {
                    let decoder = Decoder()
                    var ok = true
                    for (i, name) in names.enumerated() where i % 4 == shard {
                        let ref = FixturePaths.references[name]!
                        guard let (image, _) = try? decoder.decode(file: FixturePaths.path(name)) else { return false }
                        ok = ok && SHA256.hex(image.bytes) == ref.sha256
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
