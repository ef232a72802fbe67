import Augment
import Codecs
import Foundation
import Testing

/// Encode then decode: lossless for PNG in every layout and depth; JPEG q95 within 40 dB PSNR.
@Suite struct RoundTripTests {
    static func randomBuffer(_ w: Int, _ h: Int, _ layout: PixelBuffer.Layout, _ depth: PixelBuffer.SampleDepth,
                             seed: UInt64) -> PixelBuffer {
        var state = seed | 1
        var bytes = [UInt8](repeating: 0, count: w * h * layout.channels * depth.bytes)
        for i in bytes.indices {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            bytes[i] = UInt8(truncatingIfNeeded: state)
        }
        return try! PixelBuffer(width: w, height: h, layout: layout, depth: depth, bytes: bytes)
    }

    @Test(arguments: PixelBuffer.Layout.allCases, PixelBuffer.SampleDepth.allCases)
    func pngIsLossless(_ layout: PixelBuffer.Layout, _ depth: PixelBuffer.SampleDepth) throws {
        for (w, h) in [(1, 1), (1, 7), (7, 1), (37, 23)] {
            let image = Self.randomBuffer(w, h, layout, depth, seed: UInt64(w * 100 + h))
            for level in [0, 1, 6, 9] {
                let bytes = try Encoder().encode(image, options: EncodeOptions(format: .png, pngLevel: level))
                #expect(Decoder.sniff(bytes) == .png)
                let (back, info) = try Decoder().decode(data: bytes)
                #expect(back == image, "\(layout) \(depth) \(w)x\(h) level \(level)")
                #expect(info.layout == layout && info.depth == depth)
            }
        }
    }

    @Test func pngFiltersAndStrategiesAreLossless() throws {
        let image = Self.randomBuffer(33, 17, .rgb, .eight, seed: 9)
        for filter in [EncodeOptions.PNGFilter.none, .sub, .up, .average, .paeth, .adaptive] {
            for strategy in [nil, 0, 1, 2, 3] {
                let options = EncodeOptions(format: .png, pngLevel: 3, pngFilter: filter, pngStrategy: strategy)
                let (back, _) = try Decoder().decode(data: try Encoder().encode(image, options: options))
                #expect(back == image)
            }
        }
    }

    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        var sum = 0.0
        for (x, y) in zip(a.bytes, b.bytes) { let d = Double(x) - Double(y); sum += d * d }
        let mse = sum / Double(a.bytes.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    @Test(arguments: ["jpeg/testorig.jpg", "jpeg/pillow_subsampling_444.jpg", "jpeg/pillow_gray.jpg"])
    func jpegQuality95RoundTrip(_ name: String) throws {
        let (image, _) = try Decoder().decode(file: FixturePaths.path(name))
        let options = EncodeOptions(format: .jpeg, quality: 95, subsampling: .s444)
        let (back, _) = try Decoder().decode(data: try Encoder().encode(image, options: options))
        #expect(back.hasSameShape(as: image))
        let value = Self.psnr(image, back)
        #expect(value >= 40, "\(name): PSNR \(value) dB")
    }

    @Test func jpegOptionsProduceValidFiles() throws {
        let (image, _) = try Decoder().decode(file: FixturePaths.path("jpeg/testorig.jpg"))
        for sub in [EncodeOptions.Subsampling.s444, .s422, .s420] {
            for progressive in [false, true] {
                let options = EncodeOptions(format: .jpeg, quality: 90, subsampling: sub, progressive: progressive,
                                            optimizeHuffman: progressive)
                let bytes = try Encoder().encode(image, options: options)
                let (back, info) = try Decoder().decode(data: bytes)
                #expect(back.hasSameShape(as: image) && info.interlaced == progressive)
            }
        }
    }

    @Test func jpegDropsAlphaAndReducesSixteenBits() throws {
        for (layout, depth) in [(PixelBuffer.Layout.rgba, PixelBuffer.SampleDepth.eight), (.grayAlpha, .eight),
                                (.rgb, .sixteen), (.gray, .sixteen), (.rgba, .sixteen)] {
            let image = Self.randomBuffer(20, 10, layout, depth, seed: 3)
            let (back, info) = try Decoder().decode(data: try Encoder().encode(image, options: EncodeOptions(format: .jpeg)))
            #expect(info.depth == .eight && back.width == 20)
            #expect(back.layout == (layout.channels <= 2 ? .gray : .rgb))
        }
    }

    @Test(arguments: [ImageFormat.png, .jpeg])
    func iccProfileIsKept(_ format: ImageFormat) throws {
        let icc = Array(try Data(contentsOf: URL(fileURLWithPath: FixturePaths.path("sRGB2014.icc"))))
        let image = Self.randomBuffer(16, 16, .rgb, .eight, seed: 5)
        let bytes = try Encoder().encode(image, options: EncodeOptions(format: format), icc: icc)
        let (_, info) = try Decoder().decode(data: bytes)
        #expect(info.iccProfile == icc)
    }
}
