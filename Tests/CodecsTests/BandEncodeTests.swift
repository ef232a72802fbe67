import Augment
import Codecs
import Testing

/// JPEG encoded a band of rows at a time from a ``BandRenderer`` is byte for byte the JPEG of the whole output.
@Suite struct BandEncodeTests {
    @Test(arguments: [PixelBuffer.Layout.gray, .rgb, .rgba])
    func bandsEncodeToTheSameBytes(_ layout: PixelBuffer.Layout) throws {
        let encoder = Encoder()
        var ws = Workspace()
        for (w, h) in [(1, 1), (33, 17), (64, 48), (250, 131)] {
            let image = RoundTripTests.randomBuffer(w, h, layout, .eight, seed: UInt64(w * 1000 + h))
            for ops in [["rotate=45", "flip=h"], ["rotate=-13,expand=true,fill=9:200:30", "flip=v"],
                        ["rotate=77,resample=nearest,crop=inscribed"]] {
                let s = try Pipeline(parsing: ops).sample(seed: 3, key: [], copy: 0)
                let whole = s.apply(to: image)
                let bands = try #require(s.bandRenderer(for: image, workspace: &ws))
                for options in [EncodeOptions(format: .jpeg), EncodeOptions(format: .jpeg, quality: 75, subsampling: .s444),
                                EncodeOptions(format: .jpeg, subsampling: .s422, progressive: true, exifOrientation: 1)] {
                    #expect(Encoder.canEncodeBands(bands, options: options))
                    let expected = try encoder.encode(whole, options: options, icc: [1, 2, 3])
                    let got = try encoder.withEncoded(bands, options: options, icc: [1, 2, 3]) { Array($0) }
                    #expect(got == expected, "\(layout) \(w)x\(h) \(ops) \(options)")
                }
            }
        }
    }

    @Test func bandsAreJPEGFromEightBitGrayRGBOrRGBAOnly() throws {
        let s = try Pipeline(parsing: ["rotate=30"]).sample(seed: 0, key: [], copy: 0)
        var ws = Workspace()
        let rgb = try #require(s.bandRenderer(for: RoundTripTests.randomBuffer(8, 8, .rgb, .eight, seed: 1), workspace: &ws))
        #expect(!Encoder.canEncodeBands(rgb, options: EncodeOptions(format: .png)))
        let deep = try #require(s.bandRenderer(for: RoundTripTests.randomBuffer(8, 8, .rgb, .sixteen, seed: 1), workspace: &ws))
        #expect(!Encoder.canEncodeBands(deep, options: EncodeOptions(format: .jpeg)))
        #expect(throws: CodecError.self) { try Encoder().withEncoded(deep, options: EncodeOptions(format: .jpeg)) { _ in } }
        let grayAlpha = try #require(s.bandRenderer(for: RoundTripTests.randomBuffer(8, 8, .grayAlpha, .eight, seed: 1),
                                                    workspace: &ws))
        #expect(!Encoder.canEncodeBands(grayAlpha, options: EncodeOptions(format: .jpeg)))
    }

    /// A decoded photograph, the seed job: the worker's band path and the whole-image path write the same file.
    @Test func seedJobOnAPhotograph() throws {
        let (image, _) = try Decoder().decode(file: FixturePaths.path("images/testorig.jpg"))
        var ws = Workspace()
        let s = try Pipeline(parsing: ["rotate=45", "flip=h"]).sample(seed: 0, key: [], copy: 0)
        let bands = try #require(s.bandRenderer(for: image, workspace: &ws))
        let encoder = Encoder()
        let options = EncodeOptions(format: .jpeg, quality: 90)
        #expect(try encoder.withEncoded(bands, options: options) { Array($0) }
                == encoder.encode(s.apply(to: image), options: options))
    }
}
