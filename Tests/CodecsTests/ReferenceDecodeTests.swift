import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// Every PngSuite and JPEG fixture decodes to the reference pixels (scripts/fixtures/make-codec-refs.py).
@Suite struct ReferenceDecodeTests {
    static let goodFiles = FixturePaths.references.filter { $0.value.error == nil }.keys.sorted()
    static let errorFiles = FixturePaths.references.filter { $0.value.error != nil }.keys.sorted()

    @Test(arguments: goodFiles)
    func decodesToReferencePixels(_ name: String) throws {
        let ref = try #require(FixturePaths.references[name])
        let (image, info) = try Decoder().decode(file: FixturePaths.path(name))
        #expect(image.width == ref.width)
        #expect(image.height == ref.height)
        #expect(image.layout.channels == ref.channels)
        #expect(Int(image.depth.rawValue) == ref.depth)
        #expect(SHA256.hex(image.bytes) == ref.sha256, "\(name): pixels differ from \(ref.reference ?? "")")
        #expect(info.format == (name.hasSuffix(".png") ? .png : .jpeg))
    }

    /// PngSuite's x* files and the 12-bit JPEG fail with a specific message naming the codec.
    @Test(arguments: errorFiles)
    func corruptReferenceFilesFail(_ name: String) throws {
        let error = try #require(throws: CodecError.self) { try Decoder().decode(file: FixturePaths.path(name)) }
        #expect(error.message.hasPrefix("PNG: ") || error.message.hasPrefix("JPEG: ") || error.message.hasPrefix("not a PNG"),
                "\(name): \(error.message)")
        #expect(error.message.count > 10)
        #expect(error.path == FixturePaths.path(name))
    }

    @Test func specificMessagesForKnownDamage() throws {
        func message(_ name: String) throws -> String {
            try #require(throws: CodecError.self) { try Decoder().decode(file: FixturePaths.path(name)) }.message
        }
        #expect(try message("pngsuite/xhdn0g08.png") == "PNG: IHDR: CRC error")
        #expect(try message("pngsuite/xcsn0g01.png") == "PNG: IDAT: CRC error")
        #expect(try message("pngsuite/xs2n0g01.png").hasPrefix("PNG: damaged signature"))
        #expect(try message("pngsuite/xcrn0g04.png").hasPrefix("PNG: damaged signature"))
        #expect(try message("bad/not_an_image.jpg").hasPrefix("not a PNG or JPEG file"))
        #expect(try message("pngsuite/xd0n2c08.png").contains("bit depth"))
        #expect(try message("jpeg/monkey12.jpg") == "JPEG: Unsupported JPEG data precision 12")
    }

    @Test func jpegMetadata() throws {
        let (_, info) = try Decoder().decode(file: FixturePaths.path("jpeg/monkey12.jpg").replacingOccurrences(of: "monkey12", with: "testorig"))
        #expect(info.exifOrientation == nil)
        for k in 1...8 {
            let (_, oriented) = try Decoder().decode(file: FixturePaths.path("jpeg/exif_orientation_small/orient_\(k).jpg"))
            #expect(oriented.exifOrientation == k)
        }
        let (cmyk, cmykInfo) = try Decoder().decode(file: FixturePaths.path("jpeg/pillow_cmyk.jpg"))
        #expect(cmykInfo.sourceWasCMYK && cmyk.layout == .rgb)
        let (_, progressive) = try Decoder().decode(file: FixturePaths.path("jpeg/pillow_progressive.jpg"))
        #expect(progressive.interlaced)
    }

    @Test func formatIsToldByContentNotName() throws {
        let (_, info) = try Decoder().decode(file: FixturePaths.path("bad/png_named_as.jpg"))
        #expect(info.format == .png)
    }
}
