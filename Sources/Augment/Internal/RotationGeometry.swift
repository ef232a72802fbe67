#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pillow's `Image.rotate` geometry, computed exactly as `PIL/Image.py` and `libImaging/Geometry.c` do
/// (see shared/bench/PIL_ROTATE_SEMANTICS.md): same doubles, same order of operations, same rounding.
struct RotationGeometry {
    enum Path {
        /// Pillow's fast path: a copy (identity) or an exact transpose.
        case exact(Dihedral)
        /// The affine resampling path with the inverse matrix.
        case affine
    }

    var path: Path
    /// The canvas (before any crop).
    var outWidth: Int, outHeight: Int
    /// The inverse matrix, output point -> input point (pixel-corner coordinates), as Pillow passes it on.
    var a = 1.0, b = 0.0, c = 0.0, d = 0.0, e = 1.0, f = 0.0
    /// Whether bilinear and bicubic give Pillow's doubles for every pixel (bit-exact: bicubic computes them all in
    /// doubles, 8-bit bilinear verifies integer results and recomputes the few it cannot vouch for), rather than
    /// the 16.16 fixed-point interior of ``InterpolateKernel`` (a few pixels 1 off). `affine` sets it.
    var exactInterpolation = false
    /// Intermediate canvases of a fused run (``FusedRun``): a canvas pixel whose centre falls off any of them is
    /// fill, as the op-by-op sequence would have cut it there. Empty for a single op.
    var clip: [CanvasClip] = []

    init(width w: Int, height h: Int, degrees: Double, expand: Bool, center: Point?) {
        let angle = Self.pythonMod360(degrees)
        outWidth = w
        outHeight = h
        if center == nil {
            if angle == 0 { path = .exact(Dihedral()); return }
            if angle == 180 { path = .exact(Dihedral(.rotate180)); return }
            if (angle == 90 || angle == 270) && (expand || w == h) {
                let t: Transpose = angle == 90 ? .rotate90 : .rotate270
                path = .exact(Dihedral(t))
                (outWidth, outHeight) = t.outputSize(width: w, height: h)
                return
            }
        }
        path = .affine
        let cx = center?.x ?? Double(w) / 2, cy = center?.y ?? Double(h) / 2
        let theta = -(angle * (Double.pi / 180.0))
        a = Self.pythonRound15(cos(theta))
        b = Self.pythonRound15(sin(theta))
        d = Self.pythonRound15(-sin(theta))
        e = Self.pythonRound15(cos(theta))
        c = (a * -cx + b * -cy) + 0.0
        f = (d * -cx + e * -cy) + 0.0
        c += cx
        f += cy
        if expand {
            var xs: [Double] = [], ys: [Double] = []
            for (x, y) in [(0.0, 0.0), (Double(w), 0.0), (Double(w), Double(h)), (0.0, Double(h))] {
                xs.append(a * x + b * y + c)
                ys.append(d * x + e * y + f)
            }
            let nw = Int((xs.max()!).rounded(.up)) - Int((xs.min()!).rounded(.down))
            let nh = Int((ys.max()!).rounded(.up)) - Int((ys.min()!).rounded(.down))
            let tx = Double(-(nw - w)) / 2.0, ty = Double(-(nh - h)) / 2.0
            let nc = a * tx + b * ty + c
            let nf = d * tx + e * ty + f
            (c, f) = (nc, nf)
            (outWidth, outHeight) = (nw, nh)
        }
    }

    /// The forward map input -> output canvas (pixel-corner coordinates).
    func forward(inputWidth w: Int, inputHeight h: Int) -> Affine {
        switch path {
        case .exact(let g): return g.affine(width: w, height: h)
        case .affine: return Affine(a: a, b: b, c: c, d: d, e: e, f: f).inverted
        }
    }

    /// Whether nearest takes Pillow's `ImagingScaleAffine` (no shear terms: angle 0 or 180 with a centre).
    var isScale: Bool { b == 0 && d == 0 }

    /// Whether the four canvas corners map inside +-32768, so that Pillow uses 16.16 fixed point.
    var fitsFixedPoint: Bool {
        func ok(_ x: Double, _ y: Double) -> Bool {
            abs(x * a + y * b + c) < 32768.0 && abs(x * d + y * e + f) < 32768.0
        }
        let W = Double(outWidth), H = Double(outHeight)
        return ok(0, 0) && ok(W, H) && ok(0, H) && ok(W, 0)
    }

    /// Pillow's 16.16 fixed-point coefficients `A0...A5` (`affine_fixed`).
    var fixed: (a0: Int, a1: Int, a2: Int, a3: Int, a4: Int, a5: Int) {
        (Self.fix(a), Self.fix(b), Self.fix(c + a * 0.5 + b * 0.5),
         Self.fix(d), Self.fix(e), Self.fix(f + d * 0.5 + e * 0.5))
    }

    /// `FIX(v) = FLOOR(v * 65536.0 + 0.5)` with Pillow's FLOOR (floor below 0, truncation above).
    static func fix(_ v: Double) -> Int {
        let t = v * 65536.0 + 0.5
        return t < 0 ? Int(t.rounded(.down)) : Int(t)
    }

    /// Python's `x % 360.0`: the result has the sign of 360 (it may round up to exactly 360.0).
    static func pythonMod360(_ x: Double) -> Double {
        var m = x.truncatingRemainder(dividingBy: 360.0)  // C fmod
        if m != 0 {
            if m < 0 { m += 360.0 }
        } else {
            m = 0.0
        }
        return m
    }

    /// Python's `round(x, 15)` for |x| <= 2: `x` correctly rounded (half to even) to 15 decimal places,
    /// then back to the nearest double, computed exactly in 128-bit integers.
    static func pythonRound15(_ x: Double) -> Double {
        precondition(x.isFinite && abs(x) <= 2)
        if x == 0 { return x }
        if abs(x) < 0x1p-60 { return x < 0 ? -0.0 : 0.0 }
        // x = m * 2^-k exactly, m < 2^53.
        let m = UInt128(x.significandBitPattern | (1 << 52))
        let k = 52 - Int(x.exponent)  // 51...112
        let n = m * 1_000_000_000_000_000  // < 2^103
        var q = n >> k
        let r = n - (q << k)
        let half = UInt128(1) << (k - 1)
        if r > half || (r == half && q & 1 == 1) { q += 1 }
        let v = Double(q) / 1e15
        return x < 0 ? -v : v
    }
}

/// The part of a rotated canvas that is kept: the whole canvas or the inscribed rectangle.
struct RotationWindow: Equatable {
    var x0: Int, y0: Int, width: Int, height: Int

    /// The largest axis-aligned rectangle, centred on the rotated image's centre, whose every pixel centre
    /// maps inside the source (so it holds no fill), shrunk by a small margin for the fixed-point rounding.
    static func inscribed(_ g: RotationGeometry, inputWidth w: Int, inputHeight h: Int) -> RotationWindow {
        let full = RotationWindow(x0: 0, y0: 0, width: g.outWidth, height: g.outHeight)
        guard case .affine = g.path else { return full }
        let fwd = g.forward(inputWidth: w, inputHeight: h)
        let p = fwd.apply(x: Double(w) / 2, y: Double(h) / 2)
        let ca = abs(g.a), sb = abs(g.b)
        let W = Double(w) / 2, H = Double(h) / 2
        let U = min(p.x, Double(g.outWidth) - p.x), V = min(p.y, Double(g.outHeight) - p.y)
        // Constraints alpha*u + beta*v <= gamma on the half-sizes (u, v); maximise u*v.
        let cons: [(Double, Double, Double)] = [(ca, sb, W), (sb, ca, H), (1, 0, U), (0, 1, V)]
        func feasible(_ u: Double, _ v: Double) -> Bool {
            u >= 0 && v >= 0 && cons.allSatisfy { $0.0 * u + $0.1 * v <= $0.2 * (1 + 1e-12) + 1e-12 }
        }
        var best = (u: 0.0, v: 0.0)
        func consider(_ u: Double, _ v: Double) {
            if feasible(u, v) && u * v > best.u * best.v { best = (u, v) }
        }
        for (al, be, ga) in cons where al > 0 && be > 0 { consider(ga / (2 * al), ga / (2 * be)) }
        for i in 0..<cons.count {
            for j in (i + 1)..<cons.count {
                let (a1, b1, g1) = cons[i], (a2, b2, g2) = cons[j]
                let det = a1 * b2 - a2 * b1
                if abs(det) < 1e-15 { continue }
                consider((g1 * b2 - g2 * b1) / det, (a1 * g2 - a2 * g1) / det)
            }
        }
        let margin = 0.01 + Double(w + h + g.outWidth + g.outHeight) / 65536.0
        let u = best.u - margin, v = best.v - margin
        var x0 = Int((p.x - u - 0.5).rounded(.up)), x1 = Int((p.x + u - 0.5).rounded(.down))
        var y0 = Int((p.y - v - 0.5).rounded(.up)), y1 = Int((p.y + v - 0.5).rounded(.down))
        if x1 < x0 { x0 = max(0, min(g.outWidth - 1, Int(p.x.rounded(.down)))); x1 = x0 }
        if y1 < y0 { y0 = max(0, min(g.outHeight - 1, Int(p.y.rounded(.down)))); y1 = y0 }
        x0 = max(x0, 0)
        y0 = max(y0, 0)
        x1 = min(x1, g.outWidth - 1)
        y1 = min(y1, g.outHeight - 1)
        return RotationWindow(x0: x0, y0: y0, width: max(0, x1 - x0 + 1), height: max(0, y1 - y0 + 1))
    }
}
