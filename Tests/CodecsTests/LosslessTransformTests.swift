import Augment
import Codecs
import Foundation
import JPEGReference
import Testing

/// `JPEGTransformer` against `jpegtran -perfect`: the same coefficients and pixels for every transform, the same
/// refusals where a transform is not perfect; the EXIF orientation set to 1, the ICC profile kept, no generation loss.
@Suite struct LosslessTransformTests {
    /// Whole numbers of MCUs: 64x48 at 4:2:0, 4:2:2, 4:4:4, gray, CMYK, progressive, and with EXIF orientations.
    static let perfectFixtures = [
        "jpeg/pillow_subsampling_420.jpg", "jpeg/pillow_subsampling_422.jpg", "jpeg/pillow_subsampling_444.jpg",
        "jpeg/pillow_gray.jpg", "jpeg/pillow_cmyk.jpg", "jpeg/pillow_progressive.jpg",
        "jpeg/exif_orientation_small/orient_6.jpg",
    ]
    /// Not whole numbers of MCUs: 227x149 and 37x23 at 4:2:0, 227x149 gray, progressive, arithmetic, restarts.
    static let edgeFixtures = [
        "jpeg/testorig.jpg", "jpeg/pillow_odd_37x23_420.jpg", "jpeg/testorig_gray_jpegtran.jpg",
        "jpeg/testorig_progressive_jpegtran.jpg", "jpeg/testimgari.jpg", "jpeg/testorig_restart2_jpegtran.jpg",
    ]
    static let transforms: [Transpose?] = [nil] + Transpose.allCases

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: FixturePaths.path(name))))
    }

    /// The payload of the first APP1 segment.
    static func app1(_ jpeg: [UInt8]) -> [UInt8]? {
        var i = 2
        while i + 4 <= jpeg.count, jpeg[i] == 0xFF, jpeg[i + 1] != 0xDA {
            let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
            if jpeg[i + 1] == 0xE1 { return Array(jpeg[(i + 4)..<min(jpeg.count, i + 2 + length)]) }
            i += 2 + length
        }
        return nil
    }

    @Test(.enabled(if: JPEGReference.jpegtranAvailable), arguments: perfectFixtures)
    func sameCoefficientsAndPixelsAsJpegtran(_ name: String) throws {
        let transformer = JPEGTransformer()
        let header = try transformer.load(file: Array(FixturePaths.path(name).utf8))
        for t in Self.transforms {
            #expect(header.imperfection(of: t) == nil, "\(name) \(t.map { "\($0)" } ?? "identity")")
            let ours = try transformer.transformed(t)
            let reference = try #require(try JPEGReference.jpegtranPerfect(t, file: FixturePaths.path(name)))
            #expect(try JPEGReference.coefficients(ours) == JPEGReference.coefficients(reference),
                    "\(name) \(t.map { "\($0)" } ?? "identity"): coefficients")
            let (a, _) = try Decoder().decode(data: ours)
            let (b, _) = try Decoder().decode(data: reference)
            let same = a == b
            #expect(same, "\(name) \(t.map { "\($0)" } ?? "identity"): pixels")
        }
    }

    /// Where the image is not a whole number of MCUs along an axis the transform moves, jpegtran -perfect refuses,
    /// ``JPEGHeader/imperfection(of:)`` says why and the transformer refuses too (nothing is trimmed); where it is
    /// perfect (transpose, or the axis that is whole), the coefficients equal jpegtran's.
    @Test(.enabled(if: JPEGReference.jpegtranAvailable), arguments: edgeFixtures)
    func imperfectTransformsAreRefusedAsJpegtranDoes(_ name: String) throws {
        let transformer = JPEGTransformer()
        let header = try transformer.load(file: Array(FixturePaths.path(name).utf8))
        for t in Self.transforms {
            let label = "\(name) \(t.map { "\($0)" } ?? "identity")"
            let reference = try JPEGReference.jpegtranPerfect(t, file: FixturePaths.path(name))
            #expect((header.imperfection(of: t) == nil) == (reference != nil), "\(label)")
            if let reference {
                let ours = try transformer.transformed(t)
                #expect(try JPEGReference.coefficients(ours) == JPEGReference.coefficients(reference), "\(label)")
            } else {
                let error = try #require(throws: CodecError.self, "\(label)") { try transformer.transformed(t) }
                #expect(error.code == .unsupported && error.message.contains("not perfect"), "\(label): \(error)")
                #expect(header.imperfection(of: t)?.contains("not a multiple of") == true)
            }
        }
    }

    /// One transformer over a sequence of files, a progressive one among them, makes what fresh ones make
    /// (libjpeg-turbo 2.1.5's handle wrote a baseline file wrong after a progressive one).
    @Test func progressiveThenBaseline() throws {
        let names = ["jpeg/pillow_progressive.jpg", "jpeg/pillow_subsampling_420.jpg", "jpeg/pillow_cmyk.jpg",
                     "jpeg/pillow_progressive.jpg", "jpeg/pillow_subsampling_422.jpg", "jpeg/pillow_gray.jpg"]
        let shared = JPEGTransformer()
        for name in names {
            for t in [Transpose.flipLeftRight, .rotate90] {
                _ = try shared.load(file: Array(FixturePaths.path(name).utf8))
                let fresh = JPEGTransformer()
                _ = try fresh.load(file: Array(FixturePaths.path(name).utf8))
                #expect(try shared.transformed(t) == fresh.transformed(t), "\(name) \(t)")
            }
        }
    }

    @Test func headerReadsTheMCUAndOrientation() throws {
        let transformer = JPEGTransformer()
        let cases: [(String, Int, Int, Int, Int, Int?)] = [
            ("jpeg/pillow_subsampling_420.jpg", 64, 48, 16, 16, nil),
            ("jpeg/pillow_subsampling_422.jpg", 64, 48, 16, 8, nil),
            ("jpeg/pillow_subsampling_444.jpg", 64, 48, 8, 8, nil),
            ("jpeg/testorig_gray_jpegtran.jpg", 227, 149, 8, 8, nil),
            ("jpeg/exif_orientation_small/orient_6.jpg", 64, 48, 8, 8, 6),
        ]
        for (name, w, h, mw, mh, o) in cases {
            let header = try transformer.load(file: Array(FixturePaths.path(name).utf8))
            #expect(header.width == w && header.height == h, "\(name)")
            #expect(header.mcuWidth == mw && header.mcuHeight == mh, "\(name)")
            #expect(header.exifOrientation == o, "\(name)")
            let (_, info) = try Decoder().decode(file: FixturePaths.path(name))
            #expect(info.exifOrientation == header.exifOrientation, "\(name): as the decoder reads it")
        }
        #expect(try transformer.load(file: Array(FixturePaths.path("jpeg/pillow_progressive.jpg").utf8)).progressive)
    }

    @Test func notAJPEGOrDamagedIsAnError() throws {
        let transformer = JPEGTransformer()
        let png = try #require(throws: CodecError.self) {
            try transformer.load(file: Array(FixturePaths.path("images/basn6a08.png").utf8))
        }
        #expect(png.code == .unsupported)
        // A JPEG cut in its scan: the header loads, the transform stops at the damage (left to the decoder).
        let noise = RoundTripTests.randomBuffer(64, 64, .rgb, .eight, seed: 3)
        let whole = try Encoder().encode(noise, options: EncodeOptions(format: .jpeg))
        _ = try transformer.load(data: Array(whole.prefix(whole.count * 2 / 3)))
        let cut = try #require(throws: CodecError.self) { try transformer.transformed(.flipLeftRight) }
        #expect(cut.code == .corrupt)
        let limited = JPEGTransformer(limits: DecodeLimits(maxPixels: 100))
        #expect(throws: CodecError.self) { try limited.load(data: whole) }
        let empty = JPEGTransformer()
        #expect(throws: CodecError.self) { try empty.transformed(nil) }
    }

    /// The EXIF orientation is set to 1 in place (the rest of the EXIF block kept), the ICC profile is kept.
    @Test(arguments: [EncodeOptions.Subsampling.s420, .s444])
    func exifOrientationIsSetToOneAndICCKept(_ subsampling: EncodeOptions.Subsampling) throws {
        let icc = try Self.bytes("sRGB2014.icc")
        let image = RoundTripTests.randomBuffer(48, 32, .rgb, .eight, seed: 5)
        for orientation in 1...8 {
            let jpeg = try Encoder().encode(image, options: EncodeOptions(format: .jpeg, subsampling: subsampling,
                                                                         exifOrientation: orientation), icc: icc)
            let transformer = JPEGTransformer()
            let header = try transformer.load(data: jpeg)
            #expect(header.exifOrientation == orientation)
            let out = try transformer.transformed(Transpose(exifOrientation: orientation))
            let (_, info) = try Decoder().decode(data: out)
            #expect(info.exifOrientation == 1, "orientation \(orientation)")
            #expect(info.iccProfile == icc)
            // Only the orientation's value changed in the EXIF block.
            let before = try #require(Self.app1(jpeg)), after = try #require(Self.app1(out))
            #expect(before.count == after.count)
            #expect(zip(before, after).filter { $0 != $1 }.count == (orientation == 1 ? 0 : 1))
        }
    }

    /// No generation loss: a flip applied twice gives back the input's coefficients, so its pixels exactly
    /// (re-encoding loses about 1 dB a generation).
    @Test(arguments: perfectFixtures)
    func flipTwiceGivesBackTheInput(_ name: String) throws {
        let input = try Self.bytes(name)
        for t in Transpose.allCases {
            let transformer = JPEGTransformer()
            _ = try transformer.load(data: input)
            let once = try transformer.transformed(t)
            _ = try transformer.load(data: once)
            let twice = try transformer.transformed(t.inverse)
            let (a, _) = try Decoder().decode(data: input)
            let (b, _) = try Decoder().decode(data: twice)
            let same = a == b
            #expect(same, "\(name) \(t)")
            #expect(try JPEGReference.coefficients(twice) == JPEGReference.coefficients(input), "\(name) \(t)")
        }
    }

    /// The direction of each transform (TurboJPEG turns clockwise, Pillow counter-clockwise): the decoded output
    /// equals the decoded input transformed in pixels, within the few levels that chroma upsampling and IDCT
    /// rounding leave (they are not mirror-symmetric); a wrong direction would differ by far more.
    @Test(arguments: ["jpeg/pillow_subsampling_420.jpg", "jpeg/pillow_subsampling_444.jpg", "jpeg/pillow_gray.jpg"])
    func directionsMatchThePixelTransforms(_ name: String) throws {
        let transformer = JPEGTransformer()
        _ = try transformer.load(file: Array(FixturePaths.path(name).utf8))
        let (decoded, _) = try Decoder().decode(file: FixturePaths.path(name))
        for t in Transpose.allCases {
            let (lossless, _) = try Decoder().decode(data: try transformer.transformed(t))
            let pixels = decoded.transposed(t)
            #expect(lossless.hasSameShape(as: pixels), "\(name) \(t)")
            let worst = zip(lossless.bytes, pixels.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(worst <= 3, "\(name) \(t): differs by \(worst)")
        }
    }
}
