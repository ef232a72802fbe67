import Foundation
import Testing

@testable import Augment

/// `apply(..., fuse: true)`: runs of affine-type ops composed and sampled once. The geometry (output size, forward
/// matrix) must be the unfused pipeline's, exact-only runs must give the same pixels, and a fused resampling run
/// must be closer to the ideal image than the op-by-op sequence.
@Suite struct FuseTests {
    static func sampled(_ specs: [String], exif: Int = 1) throws -> SampledPipeline {
        try Pipeline(parsing: specs).sample(seed: 3, key: Array("k".utf8), copy: 0).withEXIFOrientation(exif)
    }

    static let fusable: [[String]] = [
        ["rotate=17,resample=bilinear", "resize=136x85", "flip=h"],
        ["rotate=-30,expand=true,resample=bicubic", "affine,scale=1.3,shear=5,resample=bilinear", "rot90"],
        ["crop=80x50", "rotate=12,fill=9:8:7", "pad=90x70,fill=1:2:3", "transpose"],
        ["affine,rotate=10,translate=0.1", "letterbox=64x64", "flip=v"],
        ["rotate=20,crop=inscribed-resized,resample=bilinear", "flip=h", "resize=60x50,resample=bicubic"],
        ["random-resized-crop=50x50,scale=0.5..1,draw=0.3", "rotate=8"],
    ]

    /// The whole pipeline is one run whose matrix is the report's and whose canvas is the output size; the pass
    /// samples exactly that matrix's inverse onto that canvas.
    @Test(arguments: fusable)
    func oneRunHasTheReportsGeometry(_ specs: [String]) throws {
        for exif in [1, 6] {
            let s = try Self.sampled(specs, exif: exif)
            let runs = s.fusedRuns(width: 97, height: 61)
            try #require(runs.count == 1, "\(specs): \(runs.map(\.ops))")
            let run = runs[0]
            #expect(run.ops == 0..<s.allOps.count)
            #expect(run.forward == s.affine(width: 97, height: 61))
            let size = s.outputSize(width: 97, height: 61)
            #expect(run.width == size.width && run.height == size.height)
            var steps: [Workspace.Step] = []
            s.plan(width: 97, height: 61, fuse: true, into: &steps)
            try #require(steps.count == 1)
            guard case .rotate(_, let g, let win, let flips) = steps[0] else { Issue.record("not one warp"); return }
            let inv = run.forward.inverted
            #expect((g.a, g.b, g.c, g.d, g.e, g.f) == (inv.a, inv.b, inv.c, inv.d, inv.e, inv.f))
            #expect(win == RotationWindow(x0: 0, y0: 0, width: size.width, height: size.height) && flips.isIdentity)
            let out = s.apply(to: randomBuffer(97, 61, .rgb), fuse: true)
            #expect(out.width == size.width && out.height == size.height)
        }
    }

    /// A dot lands where the report's matrix sends it (the kernel is fed the map the right way round).
    @Test(arguments: fusable)
    func aDotLandsWhereTheMatrixSendsIt(_ specs: [String]) throws {
        let s = try Self.sampled(specs)
        var img = PixelBuffer(width: 97, height: 61, layout: .gray, depth: .eight)
        img.withUnsafeMutableBytes { b in
            for i in 0..<b.count { b[i] = 0 }
            for y in 28..<33 { for x in 40..<45 { b[y * 97 + x] = 255 } }
        }
        let out = s.forMask(fill: .maskValue(0)).apply(to: img, fuse: true)
        var (sx, sy, n) = (0.0, 0.0, 0.0)
        for y in 0..<out.height {
            for x in 0..<out.width where out.bytes[y * out.rowStride + x] == 255 {
                sx += Double(x) + 0.5
                sy += Double(y) + 0.5
                n += 1
            }
        }
        let p = s.affine(width: 97, height: 61).apply(x: 42.5, y: 30.5)
        guard p.x > 3, p.y > 3, p.x < Double(out.width) - 3, p.y < Double(out.height) - 3 else { return }
        try #require(n > 0, "\(specs): the dot is lost")
        #expect(abs(sx / n - p.x) <= 1 && abs(sy / n - p.y) <= 1, "\(specs): dot at \(sx / n), \(sy / n), map \(p)")
    }

    /// Runs of exact ops only (flips, quarter turns, transposes, windows) are not resampled: the same pixels.
    @Test(arguments: [["flip=h"], ["rot90", "flip=v"], ["transpose", "rot180", "flip=h"],
                      ["rotate=90,expand=true", "flip=h"], ["crop=40x30", "rot270", "pad=70x70,fill=5"],
                      ["resize=97x61", "flip=h"]])
    func exactRunsGiveTheSamePixels(_ specs: [String]) throws {
        for exif in [1, 3] {
            let s = try Self.sampled(specs, exif: exif)
            #expect(s.fusedRuns(width: 97, height: 61).isEmpty)
            for layout in [PixelBuffer.Layout.gray, .rgb, .rgba] {
                let img = randomBuffer(97, 61, layout)
                let same = s.apply(to: img, fuse: true) == s.apply(to: img)
                #expect(same, "\(specs) \(layout)")
            }
        }
    }

    /// A resize that shrinks by more than 2x breaks the run; the filter is the run's strongest; the fill is the
    /// first one named.
    @Test func runsBreakAtAntialiasedResizes() throws {
        let s = try Self.sampled(["rotate=10", "flip=h", "resize=30x20", "rotate=5,resample=bilinear",
                                  "affine,scale=1.1,resample=bicubic,fill=4", "crop=20x20,fill=6"])
        let runs = s.fusedRuns(width: 97, height: 61)
        #expect(runs.map(\.ops) == [0..<2, 3..<6])
        #expect(runs.map(\.resample) == [.nearest, .bicubic])
        #expect(runs[1].fill == Fill([4]))
        let half = try Self.sampled(["rotate=10", "resize=49x31", "flip=h"])
        #expect(half.fusedRuns(width: 97, height: 61).map(\.ops) == [0..<3])
        #expect(half.fusedRuns(width: 97, height: 61)[0].resample == .bilinear)  // the resize's bilinear
        let unfused = s.apply(to: randomBuffer(97, 61, .rgb))
        let fused = s.apply(to: randomBuffer(97, 61, .rgb), fuse: true)
        #expect(fused.width == unfused.width && fused.height == unfused.height)
    }

    /// A mask's run is a nearest warp with the mask's fill: no value but the input's and the fill.
    @Test func maskRunsAreNearest() throws {
        let s = try Self.sampled(["rotate=23,resample=bicubic,fill=200", "resize=120x80", "flip=h"])
        let m = s.forMask(fill: .maskValue(255))
        let run = try #require(m.fusedRuns(width: 97, height: 61).first)
        #expect(run.resample == .nearest && run.fill == .maskValue(255))
        var img = PixelBuffer(width: 97, height: 61, layout: .gray, depth: .eight)
        img.withUnsafeMutableBytes { b in for i in 0..<b.count { b[i] = UInt8(i % 7) } }
        let out = m.apply(to: img, fuse: true)
        #expect(Set(out.bytes).isSubset(of: Set(0...6).union([255])))
    }

    /// What an op in the run cut off stays cut: a pad's border and a rotation's corners are fill in the fused pass
    /// too (to within a pixel of their edges), not the input they would otherwise show.
    @Test(arguments: [["crop=60x40", "rotate=10,fill=7", "pad=97x61,fill=7"], ["rotate=30,fill=7", "rotate=-30,fill=7"],
                      ["letterbox=80x80,resample=nearest,fill=7", "rotate=5,fill=7"],
                      ["pad=120x90,fill=7", "rotate=3,fill=7", "crop=110x80"]])
    func intermediateCanvasesStillCut(_ specs: [String]) throws {
        var img = PixelBuffer(width: 97, height: 61, layout: .gray, depth: .eight)
        img.withUnsafeMutableBytes { b in for i in 0..<b.count { b[i] = UInt8(100 + i % 97) } }
        let s = try Self.sampled(specs)
        try #require(s.fusedRuns(width: 97, height: 61).count == 1)
        let fused = s.apply(to: img, fuse: true), unfused = s.apply(to: img)
        try #require(fused.width == unfused.width && fused.height == unfused.height)
        let fillF = fused.bytes.map { $0 == 7 }, fillU = unfused.bytes.map { $0 == 7 }
        let differ = zip(fillF, fillU).filter { $0 != $1 }.count
        #expect(fillU.filter { $0 }.count > 0 || specs[0].hasPrefix("pad"), "\(specs): the sequence fills somewhere")
        #expect(differ <= fused.width + fused.height, "\(specs): \(differ) pixels fill in one and not the other")
    }

    /// A fused single run renders in bands exactly as `apply` does.
    @Test func fusedBandsEqualApply() throws {
        let s = try Self.sampled(["rotate=17,resample=bilinear", "resize=136x85", "flip=h"])
        let img = randomBuffer(97, 61, .rgb)
        var ws = Workspace()
        #expect(s.bandRenderer(for: img, workspace: &ws) == nil)  // two passes unfused
        let bands = try #require(s.bandRenderer(for: img, workspace: &ws, fuse: true))
        let whole = s.apply(to: img, fuse: true)
        var rows = [UInt8](repeating: 0, count: bands.height * bands.width * 3)
        rows.withUnsafeMutableBytes { d in
            var y = 0
            while y < bands.height {
                bands.render(rows: y..<min(y + 16, bands.height), into: d.baseAddress! + y * bands.width * 3,
                             stride: bands.width * 3)
                y += 16
            }
        }
        #expect(rows == whole.bytes)
    }

    // MARK: sharper

    /// A smooth test pattern: three sinusoids of 7 to 13 px per channel, values 128 +- 100.
    static func pattern(_ x: Double, _ y: Double, _ k: Int) -> Double {
        let (p, t, ph) = [(9.0, 0.3, 0.1), (11.0, 1.2, 1.0), (13.0, 2.2, 2.0)][k]
        return 128 + 60 * sin(2 * .pi * (x * cos(t) + y * sin(t)) / p + ph) + 40 * cos(2 * .pi * (x - y) / (p + 4))
    }

    /// PSNR of `out` against the pattern seen through `inverse`, over output pixels whose source is at least 4 px
    /// inside the input (no fill, no clamped taps).
    static func psnr(_ out: PixelBuffer, inverse m: Affine, width w: Int, height h: Int) -> Double {
        var se = 0.0, n = 0.0
        for y in 0..<out.height {
            for x in 0..<out.width {
                let p = m.apply(x: Double(x) + 0.5, y: Double(y) + 0.5)
                guard p.x > 4, p.y > 4, p.x < Double(w) - 4, p.y < Double(h) - 4 else { continue }
                for k in 0..<3 {
                    let d = Double(out.bytes[y * out.rowStride + x * 3 + k]) - pattern(p.x, p.y, k)
                    se += d * d
                    n += 1
                }
            }
        }
        return 10 * log10(255 * 255 / (se / n))
    }

    @Test(arguments: [["rotate=17,resample=bilinear", "resize=240x150", "flip=h"],
                      ["rotate=-25,resample=bicubic", "affine,scale=1.25,resample=bicubic", "flip=v"],
                      ["rotate=33,expand=true,resample=bilinear", "resize=150x90",
                       "rotate=-12,expand=true,resample=bilinear", "flip=h"]])
    func fusedIsCloserToTheIdeal(_ specs: [String]) throws {
        let (w, h) = (160, 100)
        var img = PixelBuffer(width: w, height: h, layout: .rgb, depth: .eight)
        img.withUnsafeMutableBytes { b in
            for y in 0..<h {
                for x in 0..<w {
                    for k in 0..<3 {
                        b[(y * w + x) * 3 + k] = UInt8(Self.pattern(Double(x) + 0.5, Double(y) + 0.5, k).rounded())
                    }
                }
            }
        }
        let s = try Self.sampled(specs)
        let inverse = s.affine(width: w, height: h).inverted
        let fused = Self.psnr(s.apply(to: img, fuse: true), inverse: inverse, width: w, height: h)
        let unfused = Self.psnr(s.apply(to: img), inverse: inverse, width: w, height: h)
        #expect(fused > unfused + 0.5, "\(specs): fused \(fused) dB, unfused \(unfused) dB")
        print("fuse-psnr \(specs.joined(separator: " ")): fused \(fused) dB, unfused \(unfused) dB")
    }
}
