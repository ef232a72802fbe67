import Augment
import Foundation
import Testing

/// Outputs of Pillow 13 for the geometric ops, made by scripts/fixtures/make-geometry-goldens (Fixtures/geometry).
struct GeometryManifest: Decodable {
    struct Case: Decodable {
        var kind: String
        var degrees: Double?
        var scale: Double?
        var translate: [Double]?
        var shear: [Double]?
        var resample: String?
        var fill: [UInt8]?
        var matrix: [Double]?
        var size: [Int]?
        var order: String??
        var target: String?
        var box: [Int]?
        var at: [Double]?
        var unpad: [Int]?
        var left: Int?
        var top: Int?
        var draw: Double?
        var scaleRange: [Double]?
        var ratio: [Double]?

        enum CodingKeys: String, CodingKey {
            case kind, degrees, scale, translate, shear, resample, fill, matrix, size, order, target, box, at, unpad
            case left, top, draw, ratio, offset, width, height
            case scaleRange = "scale_range"
        }
        var offset: Int
        var width: Int
        var height: Int
    }

    struct Input: Decodable {
        var name: String
        var mode: String
        var width: Int
        var height: Int
        var channels: Int
        var depth: Int
        var cases: [Case]

        var image: PixelBuffer {
            get throws {
                try PixelBuffer(width: width, height: height, layout: PixelBuffer.Layout(rawValue: UInt8(channels))!,
                                depth: depth == 16 ? .sixteen : .eight,
                                bytes: GeometryManifest.bytes(name + ".in.bin"))
            }
        }
    }

    var pillow: String
    var inputs: [Input]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/geometry").standardized

    static func load() throws -> GeometryManifest {
        try JSONDecoder().decode(GeometryManifest.self,
                                 from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    }
}

/// Per-sample agreement with Pillow: exact pixels, and the largest difference of any sample.
struct SampleAgreement: CustomStringConvertible {
    var pixels = 0, exact = 0, maxDiff = 0

    mutating func add(_ ours: PixelBuffer, _ theirs: ArraySlice<UInt8>) {
        let bpp = ours.bytesPerPixel, sb = ours.depth.bytes
        let base = theirs.startIndex
        for i in 0..<ours.pixelCount {
            var same = true
            for k in stride(from: 0, to: bpp, by: sb) {
                let o = i * bpp + k
                let a = sb == 1 ? Int(ours.bytes[o]) : Int(ours.bytes[o]) | Int(ours.bytes[o + 1]) << 8
                let b = sb == 1 ? Int(theirs[base + o]) : Int(theirs[base + o]) | Int(theirs[base + o + 1]) << 8
                if a != b { same = false; maxDiff = max(maxDiff, abs(a - b)) }
            }
            pixels += 1
            if same { exact += 1 }
        }
    }

    var fraction: Double { pixels == 0 ? 1 : Double(exact) / Double(pixels) }
    var description: String { "\(exact)/\(pixels) exact (\(fraction * 100)%), max diff \(maxDiff)" }
}

/// The case's fill for `input`: Pillow's `fillcolor=77` on I;16 is the sample value 77 (ours scales 8-bit
/// components by 257, so the test gives it as stored).
func fill(_ components: [UInt8]?, _ input: GeometryManifest.Input) -> Fill? {
    guard let components else { return nil }
    return input.depth == 16 ? .maskValue(UInt16(components[0])) : Fill(components)
}

@Suite struct GeometryGoldenTests {
    /// `affine` against Pillow's `Image.transform(AFFINE)` with torchvision's matrix: the matrix to the bit, every
    /// 8-bit pixel exact for every filter (RGBA and LA through Pillow's premultiplied round trip), and 16-bit
    /// nearest exact against Pillow's I;16.
    @Test(arguments: Resample.allCases)
    func affineMatchesPillowTransform(_ resample: Resample) throws {
        let m = try GeometryManifest.load()
        var eight = SampleAgreement(), sixteen = SampleAgreement()
        var checked = 0
        for input in m.inputs {
            let image = try input.image
            let out = try GeometryManifest.bytes(input.name + ".out.bin")
            for c in input.cases where c.kind == "affine" && c.resample == resample.rawValue {
                let p = AffineParameters(degrees: c.degrees!, scale: c.scale!, translateX: c.translate![0],
                                         translateY: c.translate![1], shearX: c.shear![0], shearY: c.shear![1],
                                         resample: resample, fill: fill(c.fill, input))
                let what = "\(input.name) \(AffineSpec.description(of: p))"
                let inv = p.inverse(width: input.width, height: input.height)
                #expect([inv.a, inv.b, inv.c, inv.d, inv.e, inv.f] == c.matrix!, "\(what) matrix")
                let ours = SampledPipeline(ops: [.affine(p)]).apply(to: image)
                try #require((ours.width, ours.height) == (c.width, c.height), "\(what) size")
                let theirs = out[c.offset..<(c.offset + ours.bytes.count)]
                var a = SampleAgreement()
                a.add(ours, theirs)
                if input.depth == 8 { eight.add(ours, theirs) } else { sixteen.add(ours, theirs) }
                if resample == .nearest && input.depth == 8 { #expect(a.exact == a.pixels, "\(what): \(a)") }
                checked += 1
            }
        }
        print("golden affine \(resample) 8-bit: \(eight); 16-bit (Pillow I;16): \(sixteen)")
        #expect(checked == 6 * 7)
        #expect(eight.exact == eight.pixels, "\(eight)")
        // Pillow's I;16 bilinear and bicubic are not a 16-bit interpolation (a 0x1234 image comes out 0x0023), so
        // only nearest is compared at 16 bits; ours interpolates 16-bit samples with the 8-bit formula.
        if resample == .nearest { #expect(sixteen.exact == sixteen.pixels, "\(sixteen)") }
    }
}

extension GeometryGoldenTests {
    /// `PixelBuffer.resample` against Pillow's `Image.resize` for every filter: every 8-bit pixel exact (the issue
    /// asks for >= 99.99% exact and none off by more than 1), 16-bit exact against Pillow's I;16, and the pass-order
    /// rule agreeing with the order Pillow 13 took wherever the order shows in the output.
    @Test(arguments: ResizeFilter.allCases)
    func resampleMatchesPillowResize(_ filter: ResizeFilter) throws {
        let m = try GeometryManifest.load()
        var eight = SampleAgreement(), sixteen = SampleAgreement()
        var rule = (total: 0, agree: 0)
        for input in m.inputs {
            let image = try input.image
            let out = try GeometryManifest.bytes(input.name + ".out.bin")
            for c in input.cases where c.kind == "resize" && c.resample == filter.rawValue {
                // The shipped path (Pillow 13's pass order by the fitted rule); the rule is also counted on its own.
                let ours = image.resampled(width: c.size![0], height: c.size![1], filter: filter)
                if case .some(.some(let taken)) = c.order {
                    rule.total += 1
                    let v = PixelBuffer.resampleVerticalFirst(width: input.width, height: input.height,
                                                              toWidth: c.size![0], toHeight: c.size![1])
                    if v == (taken == "vertical") { rule.agree += 1 }
                }
                try #require((ours.width, ours.height) == (c.width, c.height))
                let theirs = out[c.offset..<(c.offset + ours.bytes.count)]
                var a = SampleAgreement()
                a.add(ours, theirs)
                if input.depth == 8 { eight.add(ours, theirs) } else { sixteen.add(ours, theirs) }
            }
        }
        print("golden resize \(filter) 8-bit: \(eight); 16-bit (Pillow I;16): \(sixteen); pass order rule agrees "
              + "with Pillow 13 on \(rule.agree)/\(rule.total) order-sensitive cases")
        #expect(eight.pixels > 0 && sixteen.pixels > 0)
        #expect(eight.fraction >= 0.9999 && eight.maxDiff <= 1, "\(eight)")
        #expect(eight.exact == eight.pixels, "\(eight)")
        #expect(sixteen.exact == sixteen.pixels, "\(sixteen)")
        #expect(rule.agree == rule.total)
    }

    /// Both pass orders run the same kernels: an order-sensitive case comes out as Pillow's only in Pillow's order.
    @Test func resampleOrderIsHonoured() throws {
        let m = try GeometryManifest.load()
        let input = try #require(m.inputs.first { $0.name == "rgb-37x23" })
        let out = try GeometryManifest.bytes(input.name + ".out.bin")
        let c = try #require(input.cases.first { $0.kind == "resize" && $0.resample == "bilinear" && $0.order == "vertical" })
        let theirs = Array(out[c.offset..<(c.offset + c.width * c.height * 3)])
        let image = try input.image
        #expect(image.resampled(width: c.width, height: c.height, order: .verticalFirst).bytes == theirs)
        #expect(image.resampled(width: c.width, height: c.height, order: .horizontalFirst).bytes != theirs)
    }
}
