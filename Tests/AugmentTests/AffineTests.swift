import Augment
import Testing

@Suite struct AffineTests {
    /// For each output pixel, the inverse of the affine maps its centre back into the input pixel whose value
    /// it holds (nearest resampling: at most a rounding step away).
    func check(_ s: SampledPipeline, _ w: Int, _ h: Int, exactAtLeast fraction: Double) {
        let image = indexBuffer(w, h, .rgba)
        let out = s.apply(to: image)
        let size = s.outputSize(width: w, height: h)
        #expect((out.width, out.height) == (size.width, size.height), "\(s)")
        let inv = s.affine(width: w, height: h).inverted
        var total = 0, exact = 0, far = 0
        for y in 0..<out.height {
            for x in 0..<out.width {
                let v = pixel(out, x, y)
                if v == [0, 0, 0, 0] { continue }  // fill
                let p = inv.apply(x: Double(x) + 0.5, y: Double(y) + 0.5)
                let (i, j) = (Int(p.x.rounded(.down)), Int(p.y.rounded(.down)))
                total += 1
                if i >= 0 && i < w && j >= 0 && j < h && pixel(image, i, j) == v {
                    exact += 1
                } else {
                    var near = false
                    for dj in -1...1 {
                        for di in -1...1 where (0..<w).contains(i + di) && (0..<h).contains(j + dj) {
                            if pixel(image, i + di, j + dj) == v { near = true }
                        }
                    }
                    if !near { far += 1 }
                }
            }
        }
        #expect(total > 0)
        #expect(far == 0, "\(s): \(far) pixels not next to their mapped source")
        #expect(Double(exact) >= fraction * Double(total), "\(s): \(exact)/\(total)")
    }

    @Test func transposesAreExact() {
        for t in Transpose.allCases {
            check(SampledPipeline(ops: [.transpose(t)]), 13, 7, exactAtLeast: 1)
        }
        for o in 1...8 {
            check(SampledPipeline(ops: []).withEXIFOrientation(o), 13, 7, exactAtLeast: 1)
        }
    }

    @Test func rotationsCropsAndFlipsCompose() {
        let cases: [[SampledOp]] = [
            [.rotate(Rotation(degrees: 45))],
            [.rotate(Rotation(degrees: 45)), .transpose(.flipLeftRight)],
            [.rotate(Rotation(degrees: -30, expand: true)), .transpose(.rotate90)],
            [.rotate(Rotation(degrees: 17, crop: .inscribed)), .transpose(.flipTopBottom)],
            [.transpose(.rotate270), .rotate(Rotation(degrees: 200.5, expand: true, crop: .inscribed))],
            [.rotate(Rotation(degrees: 10, center: Point(x: 3, y: 4)))],
            [.rotate(Rotation(degrees: 90))],  // non-square, no expand: the affine path
        ]
        for ops in cases {
            check(SampledPipeline(ops: ops), 37, 23, exactAtLeast: 0.97)
            check(SampledPipeline(ops: ops, exifOrientation: 6), 37, 23, exactAtLeast: 0.97)
        }
    }

    @Test func knownMatrices() {
        #expect(Transpose.rotate90.affine(width: 4, height: 3) == Affine(a: 0, b: 1, c: 0, d: -1, e: 0, f: 4))
        #expect(Transpose.flipLeftRight.affine(width: 4, height: 3) == Affine(a: -1, b: 0, c: 4, d: 0, e: 1, f: 0))
        let r = SampledPipeline(ops: [.rotate(Rotation(degrees: 90, expand: true))]).affine(width: 4, height: 3)
        #expect(r == Transpose.rotate90.affine(width: 4, height: 3))
        // rotate(45) about the centre keeps the centre.
        let m = SampledPipeline(ops: [.rotate(Rotation(degrees: 45))]).affine(width: 10, height: 6)
        let c = m.apply(x: 5, y: 3)
        #expect(abs(c.x - 5) < 1e-9 && abs(c.y - 3) < 1e-9)
        // Counter-clockwise on screen: a point right of the centre moves up.
        let p = m.apply(x: 6, y: 3)
        #expect(p.y < 3)
        #expect(m.rows.count == 2 && m.rows[0].count == 3)
    }

    @Test func resizedCropMapsBackOntoTheInputSize() {
        let s = SampledPipeline(ops: [.rotate(Rotation(degrees: 30, resample: .bilinear, crop: .inscribedResized))])
        let m = s.affine(width: 40, height: 30)
        #expect(s.outputSize(width: 40, height: 30) == (40, 30))
        let c = m.apply(x: 20, y: 15)
        #expect(abs(c.x - 20) < 0.6 && abs(c.y - 15) < 0.6)
    }

    /// The `affine` op reports the map it samples with: labels land on the pixels that moved there, alone, after a
    /// transpose (EXIF) and before a flip (folded into the pass).
    @Test func affineOpsReportTheirMap() {
        let a = AffineParameters(degrees: 20, scale: 0.9, translateX: 0.1, translateY: -0.05, shearX: 8, shearY: -4)
        let cases: [[SampledOp]] = [
            [.affine(a)],
            [.affine(a), .transpose(.flipLeftRight)],
            [.transpose(.rotate90), .affine(AffineParameters(scale: 1.4, translateX: -0.2))],
            [.affine(AffineParameters(degrees: -35, shearX: 15)), .transpose(.rotate180)],
        ]
        for ops in cases {
            check(SampledPipeline(ops: ops), 37, 23, exactAtLeast: 0.97)
            check(SampledPipeline(ops: ops, exifOrientation: 6), 37, 23, exactAtLeast: 0.97)
        }
        // Counter-clockwise, about the centre, canvas kept; scale about the centre too.
        let m = SampledPipeline(ops: [.affine(AffineParameters(degrees: 90))]).affine(width: 10, height: 6)
        let c = m.apply(x: 5, y: 3), p = m.apply(x: 6, y: 3)
        #expect(abs(c.x - 5) < 1e-12 && abs(c.y - 3) < 1e-12)
        #expect(abs(p.x - 5) < 1e-12 && abs(p.y - 2) < 1e-12)
        let s = SampledPipeline(ops: [.affine(AffineParameters(scale: 2, translateX: 0.1, translateY: 0.5))])
        #expect(s.outputSize(width: 10, height: 6) == (10, 6))
        let q = s.affine(width: 10, height: 6).apply(x: 6, y: 3)
        #expect(abs(q.x - 8) < 1e-12 && abs(q.y - 6) < 1e-12)  // 5 + 2 * 1 + 0.1 * 10, 3 + 0 + 0.5 * 6
    }
}
