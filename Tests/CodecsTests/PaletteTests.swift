import Augment
import Codecs
import Foundation
import TestSupport
import Testing

/// Palette PNGs kept as indices (``DecodeMode/keepIndices``) and written back (``EncodeOptions/palette``):
/// against Pillow's mode "P" reading of PngSuite (Fixtures/palette-refs.json, scripts/fixtures/make-palette-refs),
/// round trips, the expansion the default mode gives, and the refusals.
@Suite struct PaletteTests {
    /// One entry of Fixtures/palette-refs.json.
    struct PaletteReference: Decodable, Sendable {
        /// Pillow's `im.info.get("transparency")`: absent, one fully transparent index, or the tRNS alpha values.
        enum Transparency: Decodable, Sendable {
            case index(Int), alpha([UInt8])
            init(from decoder: any Swift.Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .alpha(try c.decode([UInt8].self)) }
            }
        }
        var width: Int, height: Int, bit_depth: Int
        var indices_sha256: String
        var palette: [UInt8]
        var transparency: Transparency?
    }

    static let references: [String: PaletteReference] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: FixturePaths.path("palette-refs.json")))
        return try! JSONDecoder().decode([String: PaletteReference].self, from: data)
    }()
    static let paletteFiles = references.keys.sorted()

    /// The expansion of `indices` by `palette`: RGB, or RGBA when the palette has alpha (libpng's
    /// palette_to_rgb + tRNS_to_alpha; an index beyond the palette is opaque black).
    static func expand(_ indices: PixelBuffer, _ palette: Palette) -> PixelBuffer {
        let withAlpha = palette.alpha != nil
        var out: [UInt8] = []
        out.reserveCapacity(indices.pixelCount * (withAlpha ? 4 : 3))
        for i in indices.bytes {
            let (r, g, b, a) = palette.rgba(at: Int(i)) ?? (0, 0, 0, 255)
            out += withAlpha ? [r, g, b, a] : [r, g, b]
        }
        return try! PixelBuffer(width: indices.width, height: indices.height, layout: withAlpha ? .rgba : .rgb, bytes: out)
    }

    @Test func everyPaletteFileOfPngSuiteHasAReference() {
        let palettes = FixturePaths.files(in: "pngsuite", suffix: ".png").filter { name in
            guard !name.hasPrefix("pngsuite/x"),
                let data = FileManager.default.contents(atPath: FixturePaths.path(name)), data.count > 25
            else { return false }
            return data[25] == 3  // IHDR colour type
        }
        #expect(palettes.count >= 60)
        #expect(palettes == Self.paletteFiles)
    }

    @Test(arguments: paletteFiles)
    func keptIndicesAndPaletteAreThoseOfPillow(_ name: String) throws {
        let ref = try #require(Self.references[name])
        let (image, info) = try Decoder().decode(file: FixturePaths.path(name), mode: .keepIndices)
        #expect(image.width == ref.width && image.height == ref.height)
        #expect(image.layout == .gray && image.depth == .eight)
        #expect(info.layout == .gray && info.depth == .eight && info.sourceWasPalette)
        #expect(SHA256.hex(image.bytes) == ref.indices_sha256, "\(name): indices differ from Pillow's")
        let palette = try #require(info.palette)
        #expect(palette.rgb == ref.palette)
        switch ref.transparency {
        case nil:
            #expect(palette.alpha == nil)
        case .alpha(let values):
            #expect(palette.alpha == values)
        case .index(let t):
            // Pillow's short form of a tRNS that is 255 everywhere but one 0.
            let alpha = try #require(palette.alpha)
            #expect(alpha.count > t && alpha[t] == 0)
            #expect(alpha.enumerated().allSatisfy { $0.offset == t || $0.element == 255 })
        }
    }

    /// The default decode (checked against Pillow's RGB/RGBA by ReferenceDecodeTests) is the expansion of the
    /// kept indices by the kept palette: one decoder, both modes, one after the other.
    @Test(arguments: paletteFiles)
    func defaultDecodeIsTheExpansionOfTheIndices(_ name: String) throws {
        let decoder = Decoder()
        let (indices, kept) = try decoder.decode(file: FixturePaths.path(name), mode: .keepIndices)
        let (expanded, info) = try decoder.decode(file: FixturePaths.path(name))
        #expect(info.palette == nil && info.sourceWasPalette)
        #expect(expanded == Self.expand(indices, try #require(kept.palette)), "\(name)")
        let (again, _) = try decoder.decode(file: FixturePaths.path(name), mode: .keepIndices)
        #expect(again == indices)
    }

    /// For every other reference file (gray 1...16 bits, RGB, alpha, tRNS keys, JPEG) the mode changes nothing.
    @Test func keepIndicesChangesNothingElse() throws {
        let decoder = Decoder()
        let others = FixturePaths.references.filter { $0.value.error == nil && Self.references[$0.key] == nil }
        #expect(others.count > 50)
        for (name, ref) in others {
            let (image, info) = try decoder.decode(file: FixturePaths.path(name), mode: .keepIndices)
            #expect(SHA256.hex(image.bytes) == ref.sha256, "\(name)")
            #expect(image.layout.channels == ref.channels && Int(image.depth.rawValue) == ref.depth, "\(name)")
            #expect(info.palette == nil)
        }
    }

    static func randomIndices(_ w: Int, _ h: Int, below count: Int, seed: UInt64) -> PixelBuffer {
        let noise = RoundTripTests.randomBuffer(w, h, .gray, .eight, seed: seed)
        let bytes = noise.bytes.map { UInt8(Int($0) % count) }
        return try! PixelBuffer(width: w, height: h, layout: .gray, bytes: bytes)
    }

    static func randomPalette(_ count: Int, alpha: Int?, seed: UInt64) -> Palette {
        let noise = RoundTripTests.randomBuffer(count, 1, .rgba, .eight, seed: seed).bytes
        let rgb = (0..<count).flatMap { noise[4 * $0 ..< 4 * $0 + 3] }
        return Palette(rgb: Array(rgb), alpha: alpha.map { n in (0..<n).map { noise[4 * $0 + 3] } })
    }

    /// The IHDR bit depth and colour type and the PLTE and tRNS lengths of a PNG.
    static func header(_ png: [UInt8]) -> (depth: Int, colorType: Int, plte: Int?, trns: Int?) {
        var at = 8, plte: Int?, trns: Int?
        while at + 8 <= png.count {
            let n = png[at ..< at + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: png[at + 4 ..< at + 8], as: UTF8.self)
            if type == "PLTE" { plte = n }
            if type == "tRNS" { trns = n }
            at += 12 + n
        }
        return (Int(png[24]), Int(png[25]), plte, trns)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 16, 17, 200, 256])
    func roundTripKeepsIndicesAndPalette(_ count: Int) throws {
        let decoder = Decoder()
        let encoder = Encoder()
        for alpha in [nil, 0, 1, (count + 1) / 2, count] {
            for (w, h) in [(1, 1), (13, 1), (1, 9), (37, 23)] {
                let indices = Self.randomIndices(w, h, below: count, seed: UInt64(count * 7919 + w * 31 + h))
                let palette = Self.randomPalette(count, alpha: alpha, seed: UInt64(count + 1000 * (alpha ?? 7)))
                let png = try encoder.encode(indices, options: EncodeOptions(format: .png, palette: palette))
                let label = "\(count) entries, \(alpha.map(String.init) ?? "no") alpha, \(w)x\(h)"
                let written = Self.header(png)
                let bits = count <= 2 ? 1 : count <= 4 ? 2 : count <= 16 ? 4 : 8
                #expect(written.colorType == 3 && written.depth == bits, "\(label)")
                #expect(written.plte == 3 * count && written.trns == (alpha == 0 ? nil : alpha), "\(label)")

                let (back, info) = try decoder.decode(data: png, mode: .keepIndices)
                #expect(back == indices, "\(label)")
                let expected = Palette(rgb: palette.rgb, alpha: alpha == 0 ? nil : palette.alpha)
                #expect(info.palette == expected, "\(label)")

                let (expanded, plain) = try decoder.decode(data: png)
                #expect(plain.palette == nil && plain.sourceWasPalette)
                #expect(expanded == Self.expand(indices, expected), "\(label)")
                #expect(expanded.layout == (expected.alpha == nil ? .rgb : .rgba))
            }
        }
    }

    /// A mask through a transform and back: the palette survives, the indices move as the pixels.
    @Test func maskThroughATransposeKeepsItsPalette() throws {
        let name = FixturePaths.path("pngsuite/tp1n3p08.png")
        let (mask, info) = try Decoder().decode(file: name, mode: .keepIndices)
        let palette = try #require(info.palette)
        let turned = mask.transposed(.rotate90)
        let png = try Encoder().encode(turned, options: EncodeOptions(format: .png, palette: palette))
        let (back, backInfo) = try Decoder().decode(data: png, mode: .keepIndices)
        #expect(back == turned && backInfo.palette == palette)
    }

    @Test func refusals() throws {
        let encoder = Encoder()
        let indices = Self.randomIndices(8, 4, below: 4, seed: 3)
        let four = Self.randomPalette(4, alpha: 2, seed: 3)
        func refusal(_ image: PixelBuffer, _ options: EncodeOptions) throws -> String {
            let error = try #require(throws: CodecError.self) { try encoder.encode(image, options: options) }
            #expect(error.code == .invalid)
            return error.message
        }
        #expect(try refusal(indices, EncodeOptions(format: .jpeg, palette: four)) == "a palette is written as PNG only")
        let rgb = RoundTripTests.randomBuffer(8, 4, .rgb, .eight, seed: 1)
        #expect(try refusal(rgb, EncodeOptions(format: .png, palette: four))
            == "a palette image is 8-bit gray indices, not 3 channels of 8 bits")
        let deep = RoundTripTests.randomBuffer(8, 4, .gray, .sixteen, seed: 1)
        #expect(try refusal(deep, EncodeOptions(format: .png, palette: four))
            == "a palette image is 8-bit gray indices, not 1 channel of 16 bits")
        var beyond = indices.bytes
        beyond[2 * 8 + 5] = 4
        let outside = try PixelBuffer(width: 8, height: 4, layout: .gray, bytes: beyond)
        #expect(try refusal(outside, EncodeOptions(format: .png, palette: four))
            == "palette index 4 at (5, 2) is beyond the 4 entries")
        for bad in [Palette(rgb: []), Palette(rgb: [1, 2, 3, 4]), Palette(rgb: [UInt8](repeating: 9, count: 3 * 257)),
                    Palette(rgb: [1, 2, 3], alpha: [0, 0])] {
            #expect(try refusal(indices, EncodeOptions(format: .png, palette: bad)).hasPrefix("a palette has 1 to 256 entries"))
        }
        // Whole-image encodes only: bands are JPEG without a palette.
        var workspace = Workspace()
        let sampled = try Pipeline(parsing: ["rotate=30"]).sample(seed: 0, key: [], copy: 0)
        let bands = try #require(sampled.bandRenderer(for: indices, workspace: &workspace))
        #expect(Encoder.canEncodeBands(bands, options: EncodeOptions(format: .jpeg)))
        #expect(!Encoder.canEncodeBands(bands, options: EncodeOptions(format: .jpeg, palette: four)))
        let error = try #require(throws: CodecError.self) {
            try encoder.withEncoded(bands, options: EncodeOptions(format: .jpeg, palette: four)) { _ in }
        }
        #expect(error.code == .invalid)
    }

    @Test func unpalettedGrayMasksStillRoundTrip() throws {
        for depth in PixelBuffer.SampleDepth.allCases {
            let mask = RoundTripTests.randomBuffer(17, 5, .gray, depth, seed: 5)
            let png = try Encoder().encode(mask, options: EncodeOptions(format: .png))
            let (back, info) = try Decoder().decode(data: png, mode: .keepIndices)
            #expect(back == mask && info.palette == nil && !info.sourceWasPalette)
        }
    }
}
