import Augment
import Foundation
import Testing

/// The size-changing ops against Pillow 13 (Fixtures/geometry, scripts/fixtures/make-geometry-goldens): `resize`
/// (every target and filter), `crop`, `pad`, `letterbox` (Ultralytics' geometry written out in the script) and
/// `random-resized-crop` (torchvision's `get_params` written out in the script on the same uniforms).
@Suite struct SizeOpGoldenTests {
    /// Runs `op` through the pipeline (as a run does) and compares with the case's bytes: returns the agreement.
    static func compare(_ op: SampledOp, _ c: GeometryManifest.Case, _ image: PixelBuffer, _ out: [UInt8],
                        _ what: String) throws -> SampleAgreement {
        let s = SampledPipeline(ops: [op])
        let ours = s.apply(to: image)
        try #require((ours.width, ours.height) == (c.width, c.height), "\(what) size \(ours.width)x\(ours.height)")
        let size = s.outputSize(width: image.width, height: image.height)
        #expect(size == (c.width, c.height), "\(what) outputSize")
        var a = SampleAgreement()
        a.add(ours, out[c.offset..<(c.offset + ours.bytes.count)][...])
        return a
    }

    /// Every case of `kind`, by the op `make` builds from it (nil: skip).
    static func check(_ kind: String, _ make: (GeometryManifest.Case, GeometryManifest.Input) -> SampledOp?) throws
        -> (eight: SampleAgreement, sixteen: SampleAgreement, cases: Int)
    {
        let m = try GeometryManifest.load()
        var eight = SampleAgreement(), sixteen = SampleAgreement(), n = 0
        for input in m.inputs {
            let image = try input.image
            let out = try GeometryManifest.bytes(input.name + ".out.bin")
            for c in input.cases where c.kind == kind {
                guard let op = make(c, input) else { continue }
                let a = try compare(op, c, image, out, "\(input.name) \(op)")
                #expect(a.exact == a.pixels, "\(input.name) \(op): \(a)")
                if input.depth == 8 { eight.pixels += a.pixels; eight.exact += a.exact; eight.maxDiff = max(eight.maxDiff, a.maxDiff) } else {
                    sixteen.pixels += a.pixels; sixteen.exact += a.exact; sixteen.maxDiff = max(sixteen.maxDiff, a.maxDiff)
                }
                n += 1
            }
        }
        print("golden \(kind): 8-bit \(eight); 16-bit \(sixteen); \(n) cases")
        return (eight, sixteen, n)
    }

    @Test func resizeOpMatchesPillow() throws {
        let r = try Self.check("resize-op") { c, _ in
            .resize(ResizeParameters(target: ResizeTarget(parsing: c.target!)!, filter: ResizeFilter(rawValue: c.resample!)!))
        }
        #expect(r.cases == 6 * 6 * 6)
        #expect(r.eight.exact == r.eight.pixels && r.sixteen.exact == r.sixteen.pixels)
    }

    @Test func cropMatchesPillow() throws {
        let r = try Self.check("crop") { c, input in
            let op = CropParameters(width: c.size![0], height: c.size![1], at: c.at.map { Point(x: $0[0], y: $0[1]) })
            let (x, y) = op.origin(width: input.width, height: input.height)
            #expect([x, y] == Array(c.box![0..<2]), "origin \(op) on \(input.width)x\(input.height)")
            return .crop(op)
        }
        #expect(r.cases == 6 * 7 && r.eight.exact == r.eight.pixels && r.sixteen.exact == r.sixteen.pixels)
    }

    @Test func padMatchesPillow() throws {
        let r = try Self.check("pad") { c, input in
            .pad(PadParameters(width: c.size![0], height: c.size![1], fill: fill(c.fill, input)))
        }
        #expect(r.cases == 6 * 4 && r.eight.exact == r.eight.pixels && r.sixteen.exact == r.sixteen.pixels)
    }

    @Test func letterboxMatchesUltralyticsGeometryAndPillowPixels() throws {
        let r = try Self.check("letterbox") { c, input in
            let op = LetterboxParameters(width: c.size![0], height: c.size![1])
            let p = op.placement(width: input.width, height: input.height)
            #expect([p.width, p.height, p.left, p.top] == c.unpad! + [c.left!, c.top!], "placement \(op)")
            return .letterbox(op)
        }
        #expect(r.cases == 6 * 6 && r.eight.exact == r.eight.pixels && r.sixteen.exact == r.sixteen.pixels)
    }

    @Test func randomResizedCropMatchesTorchvisionBoxAndPillowPixels() throws {
        let r = try Self.check("rrc") { c, input in
            let op = RandomResizedCropParameters(width: c.size![0], height: c.size![1], scale: c.scaleRange!,
                                                 ratio: c.ratio!, filter: ResizeFilter(rawValue: c.resample!)!,
                                                 draw: c.draw!)
            let b = op.box(width: input.width, height: input.height)
            #expect([b.x, b.y, b.width, b.height] == c.box!, "box \(op)")
            return .randomResizedCrop(op)
        }
        #expect(r.cases == 6 * 6 * 4 && r.eight.exact == r.eight.pixels && r.sixteen.exact == r.sixteen.pixels)
    }

    /// The forward matrix of each op maps the input's corners to where the pixels went.
    @Test func forwardMatricesPlaceTheImage() {
        func map(_ op: SampledOp, _ w: Int, _ h: Int, _ x: Double, _ y: Double) -> (Double, Double) {
            let a = SampledPipeline(ops: [op]).affine(width: w, height: h)
            let p = a.apply(x: x, y: y)
            return (p.x, p.y)
        }
        #expect(map(.resize(ResizeParameters(target: .size(width: 20, height: 10))), 40, 40, 40, 40) == (20, 10))
        // torchvision: int(round(27 / 2)) = 14 and int(round(13 / 2)) = 6 (half to even).
        #expect(map(.crop(CropParameters(width: 10, height: 10)), 37, 23, 14, 6) == (0, 0))
        #expect(map(.pad(PadParameters(width: 41, height: 23)), 37, 23, 0, 0) == (2, 0))
        let lb = LetterboxParameters(width: 64, height: 64)
        #expect(map(.letterbox(lb), 40, 20, 0, 0) == (0, 16) && map(.letterbox(lb), 40, 20, 40, 20) == (64, 48))
    }
}
