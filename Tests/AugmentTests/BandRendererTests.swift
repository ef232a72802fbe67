import Augment
import PropertyBased
import Testing

@Suite struct BandRendererTests {
    /// Pipelines that are one rotation pass (flips folded in), and the bands they must agree with.
    static let singlePass: [[String]] = [
        ["rotate=45", "flip=h"],
        ["rotate=-30..30", "flip=v"],
        ["rotate=17,expand=true,fill=10:20:30", "rot180"],
        ["rotate=33,crop=inscribed"],
        ["rotate=12,resample=bilinear"],
        ["rotate=-71,resample=bicubic,expand=true", "flip=h"],
        ["rotate=100,center=3:4,fill=200:0:0:128"],
    ]

    /// Bands of any height, put together, are exactly the pipeline's whole output, for every layout and depth.
    @Test func bandsMakeTheWholeOutput() async throws {
        let pipelines = try Self.singlePass.map { try Pipeline(parsing: $0) }
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...60), Gen.int(in: 1...60), Gen.int(in: 0...(pipelines.count - 1)),
                            Gen.int(in: 1...40), Gen.uint64()) { layout, depth, w, h, which, band, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            let s = pipelines[which].sample(seed: seed, key: [1, 2], copy: 0)
            var ws = Workspace()
            let whole = s.apply(to: b)
            guard let r = s.bandRenderer(for: b, workspace: &ws) else {
                // Only interpolation over alpha (premultiplied over the whole image) is refused here.
                #expect(layout.hasAlpha && s.description.contains("resample=b"), "\(s) refused")
                return
            }
            #expect(r.width == whole.width && r.height == whole.height && r.layout == layout && r.depth == depth)
            let stride = r.width * r.bytesPerPixel + 5  // a wider stride than the row, as an encoder may use
            var bytes = [UInt8](repeating: 0xEE, count: stride * r.height)
            bytes.withUnsafeMutableBytes { raw in
                var y = 0
                while y < r.height {
                    let end = min(y + band, r.height)
                    r.render(rows: y..<end, into: raw.baseAddress! + y * stride, stride: stride)
                    y = end
                }
            }
            let rows = (0..<r.height).flatMap { bytes[($0 * stride)..<($0 * stride + r.width * r.bytesPerPixel)] }
            #expect(rows == whole.bytes, "\(s) on \(w)x\(h) \(layout) \(depth), bands of \(band)")
        }
    }

    @Test func otherPipelinesHaveNoBandRenderer() throws {
        let b = randomBuffer(20, 10, .rgb)
        var ws = Workspace()
        for ops in [["rot90"], ["flip=h"], ["rotate=45", "rot90"], ["rot90", "rotate=5"], ["rotate=10", "rotate=20"],
                    ["rotate=10,crop=inscribed-resized"], []] {
            let s = try Pipeline(parsing: ops).sample(seed: 0, key: [], copy: 0)
            #expect(s.bandRenderer(for: b, workspace: &ws) == nil, "\(ops)")
        }
        // 90 degrees on a square canvas is Pillow's exact transpose; on another it is an affine pass.
        let turn = try Pipeline(parsing: ["rotate=90"]).sample(seed: 0, key: [], copy: 0)
        #expect(turn.bandRenderer(for: randomBuffer(10, 10, .rgb), workspace: &ws) == nil)
        #expect(turn.bandRenderer(for: b, workspace: &ws) != nil)
        // Nearest in doubles (a canvas past 16.16 fixed point) steps from the canvas origin: no bands.
        let far = try Pipeline(parsing: ["rotate=10,center=400000:0"]).sample(seed: 0, key: [], copy: 0)
        #expect(far.bandRenderer(for: b, workspace: &ws) == nil)
        let alpha = randomBuffer(20, 10, .rgba)
        let bilinear = try Pipeline(parsing: ["rotate=10,resample=bilinear"]).sample(seed: 0, key: [], copy: 0)
        #expect(bilinear.bandRenderer(for: alpha, workspace: &ws) == nil)
        #expect(bilinear.bandRenderer(for: b, workspace: &ws) != nil)
    }
}
