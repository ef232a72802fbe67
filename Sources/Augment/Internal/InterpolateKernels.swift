import Synchronization

/// Bilinear and bicubic rotation kernels. Near the edges of the source (where taps are clamped and the fill
/// starts) every pixel is Pillow's `ImagingGenericTransform` with `bilinear_filter*` / `bicubic_filter*`:
/// the same doubles in the same order, so the fill boundary and the clamped taps are Pillow's to the bit.
/// Inside, where no tap is clamped, the source position steps in 32.32 fixed point and the taps are weighted
/// in 16.16 integers (the same formula, quantised): a few pixels then differ from Pillow by 1. With
/// ``RotationGeometry/exactInterpolation`` every pixel takes Pillow's value, bit-exact: bicubic and 16-bit
/// bilinear in doubles, 8-bit bilinear verified (``runVerifiedBilinear(_:_:)``).
struct InterpolateKernel: SampleKernel {
    /// ``Tuning/bilinearInDoubles``.
    static let inDoubles = Atomic<Bool>(false)

    let src: UnsafeRawPointer
    let srcWidth: Int, srcHeight: Int, srcStride: Int
    let target: RotationTarget
    let g: RotationGeometry
    let bicubic: Bool

    func run<T: Sample, C: ChannelCount>(_ sample: T.Type, _ channels: C.Type) {
        if bicubic { runBicubic(T.self, C.self) } else { runBilinear(T.self, C.self) }
    }

    @inline(__always) func fillPixel<T: Sample, C: ChannelCount>(_ d: UnsafeMutablePointer<T>, _: C.Type) {
        if let fill = target.fill {
            let f = fill.assumingMemoryBound(to: T.self)
            for k in 0..<C.count { d[k] = f[k] }
        } else {
            for k in 0..<C.count { d[k] = 0 }
        }
    }

    /// The x range of canvas row `y` (inside the window, 1 pixel in from each edge of it for safety) whose
    /// every tap lies inside the source without clamping, and the source position of x = 0 in 32.32 fixed
    /// point (pixel-centre convention: already minus 0.5) with its per-pixel step.
    /// - Parameter reach: Taps before/after the floor: 0/1 for bilinear, 1/2 for bicubic.
    @inline(__always) func interior(_ y: Int, before: Int, after: Int)
        -> (lo: Int, hi: Int, px: Int, py: Int, qx: Int, qy: Int)
    {
        let one = 4_294_967_296.0
        let yi = Double(y) + 0.5
        let qx = Int((g.a * one).rounded()), qy = Int((g.d * one).rounded())
        let px = Int(((g.a * 0.5 + g.b * yi + g.c) - 0.5) * one)
        let py = Int(((g.d * 0.5 + g.e * yi + g.f) - 0.5) * one)
        var lo = target.window.x0 + 1, hi = target.window.x0 + target.window.width - 2
        let wlim = srcWidth - before - after, hlim = srcHeight - before - after
        if wlim <= 0 || hlim <= 0 || abs(px) > 1 << 52 || abs(py) > 1 << 52 { return (1, 0, px, py, qx, qy) }
        clipSpan(px - before << 32, qx, wlim << 32, &lo, &hi)
        clipSpan(py - before << 32, qy, hlim << 32, &lo, &hi)
        return (lo, hi, px, py, qx, qy)
    }

    private func runBilinear<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
        let win = target.window
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        let n = C.count
        let xEnd = win.x0 + win.width
        if g.exactInterpolation && T.bitWidth == 8 && !Self.inDoubles.load(ordering: .relaxed) {
            runVerifiedBilinear(T.self, C.self)
            return
        }
        for y in win.y0..<(win.y0 + win.height) {
            let row = target.row(y).assumingMemoryBound(to: T.self)
            if g.exactInterpolation {
                for x in win.x0..<xEnd { exactBilinear(x, y, row, T.self, C.self) }
                continue
            }
            let span = interior(y, before: 0, after: 1)
            let mid = span.lo <= span.hi
            for x in win.x0..<(mid ? span.lo : xEnd) { exactBilinear(x, y, row, T.self, C.self) }
            if !mid { continue }
            var xs = span.px + span.lo * span.qx, ys = span.py + span.lo * span.qy
            let colStep = target.flipX ? -n : n
            var out = row + target.column(span.lo) * n
            for _ in span.lo...span.hi {
                let fx = (xs >> 16) & 0xFFFF, fy = (ys >> 16) & 0xFFFF
                let p0 = s + ((ys >> 32) &* rowElems &+ (xs >> 32) &* n), p1 = p0 + rowElems
                let gx = 65536 &- fx, gy = 65536 &- fy
                for k in 0..<C.count {
                    let top = Int(p0[k]) &* gx &+ Int(p0[k + n]) &* fx
                    let bottom = Int(p1[k]) &* gx &+ Int(p1[k + n]) &* fx
                    out[k] = T(truncatingIfNeeded: (top &* gy &+ bottom &* fy) >> 32)
                }
                out += colStep
                xs &+= span.qx
                ys &+= span.qy
            }
            for x in (span.hi + 1)..<xEnd { exactBilinear(x, y, row, T.self, C.self) }
        }
    }

    /// Pillow's source position of canvas pixel (x, y) as its filters take it: `affine_transform_filter`'s
    /// `a[0] * (x + 0.5) + a[1] * (y + 0.5) + a[2]` (and the second row), then less half a pixel; nil where
    /// the filter's range check (`xin < 0 || xin >= xsize || ...`) gives the fill.
    @inline(__always) private func pillowPosition(_ x: Int, _ y: Int) -> (x: Double, y: Double)? {
        let xi = Double(x) + 0.5, yi = Double(y) + 0.5
        let xin = g.a * xi + g.b * yi + g.c
        let yin = g.d * xi + g.e * yi + g.f
        if xin < 0 || xin >= Double(srcWidth) || yin < 0 || yin >= Double(srcHeight) { return nil }
        return (xin - 0.5, yin - 0.5)
    }

    /// One output pixel exactly as Pillow's `bilinear_filter*` (doubles, clamped taps, truncation).
    @inline(__always) func exactBilinear<T: Sample, C: ChannelCount>(
        _ x: Int, _ y: Int, _ row: UnsafeMutablePointer<T>, _: T.Type, _: C.Type
    ) {
        let sw = srcWidth, sh = srcHeight
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        let n = C.count
        let out = row + target.column(x) * n
        guard let (xin, yin) = pillowPosition(x, y) else {
            fillPixel(out, C.self)
            return
        }
        let x0 = floorInt(xin), y0 = floorInt(yin)
        let dx = xin - Double(x0), dy = yin - Double(y0)
        let c0 = (x0 < 0 ? 0 : x0) * n
        let c1 = (x0 + 1 < sw ? x0 + 1 : sw - 1) * n
        let r0 = (y0 < 0 ? 0 : y0 < sh ? y0 : sh - 1) * rowElems
        let r1 = (y0 + 1 >= 0 && y0 + 1 < sh) ? (y0 + 1) * rowElems : r0
        for k in 0..<C.count {
            let p0 = Double(s[r0 + c0 + k]), q0 = Double(s[r0 + c1 + k])
            let v1 = p0 + (q0 - p0) * dx
            let p1 = Double(s[r1 + c0 + k]), q1 = Double(s[r1 + c1 + k])
            let v2 = p1 + (q1 - p1) * dx
            var v = v1 + (v2 - v1) * dy
            v = v < 0 ? 0 : v > T.maxDouble ? T.maxDouble : v
            out[k] = T(truncatingIfNeeded: Int(v))
        }
    }

    @inline(__always) private static func cubic(_ v1: Double, _ v2: Double, _ v3: Double, _ v4: Double,
                                                _ d: Double) -> Double {
        let p1 = v2
        let p2 = -v1 + v3
        let p3 = 2 * (v1 - v2) + v3 - v4
        let p4 = -v1 + v2 - v3 + v4
        return p1 + d * (p2 + d * (p3 + d * p4))
    }

    /// Pillow's cubic (a = -1) as four tap weights for the 16-bit fraction `f` (d = f / 65536), in 16.16
    /// fixed point, integers only: w0 = -d + 2d^2 - d^3, w1 = 1 - 2d^2 + d^3, w2 = d + d^2 - d^3, w3 = -d^2 + d^3.
    @inline(__always) private static func cubicWeights(_ f: Int) -> (Int, Int, Int, Int) {
        let d2 = (f &* f) >> 16, d3 = (d2 &* f) >> 16
        let w0 = 2 &* d2 &- f &- d3, w2 = f &+ d2 &- d3, w3 = d3 &- d2
        return (w0, 65536 &- w0 &- w2 &- w3, w2, w3)  // the weights sum to exactly 1
    }

    private func runBicubic<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
        let win = target.window
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        let n = C.count
        let maxV = Int(T.max)
        let xEnd = win.x0 + win.width
        for y in win.y0..<(win.y0 + win.height) {
            let row = target.row(y).assumingMemoryBound(to: T.self)
            if g.exactInterpolation {
                for x in win.x0..<xEnd { exactBicubic(x, y, row, T.self, C.self) }
                continue
            }
            let span = interior(y, before: 1, after: 2)
            let mid = span.lo <= span.hi
            for x in win.x0..<(mid ? span.lo : xEnd) { exactBicubic(x, y, row, T.self, C.self) }
            if !mid { continue }
            var xs = span.px + span.lo * span.qx, ys = span.py + span.lo * span.qy
            let colStep = target.flipX ? -n : n
            var out = row + target.column(span.lo) * n
            for _ in span.lo...span.hi {
                let wx = Self.cubicWeights((xs >> 16) & 0xFFFF), wy = Self.cubicWeights((ys >> 16) & 0xFFFF)
                let p0 = s + (((ys >> 32) &- 1) &* rowElems &+ ((xs >> 32) &- 1) &* n)
                for k in 0..<C.count {
                    @inline(__always) func tapRow(_ r: UnsafePointer<T>) -> Int {
                        Int(r[k]) &* wx.0 &+ Int(r[k + n]) &* wx.1 &+ Int(r[k + 2 * n]) &* wx.2
                            &+ Int(r[k + 3 * n]) &* wx.3
                    }
                    let v = (tapRow(p0) &* wy.0 &+ tapRow(p0 + rowElems) &* wy.1 &+ tapRow(p0 + 2 * rowElems) &* wy.2
                             &+ tapRow(p0 + 3 * rowElems) &* wy.3) >> 32
                    out[k] = T(truncatingIfNeeded: v < 0 ? 0 : v > maxV ? maxV : v)
                }
                out += colStep
                xs &+= span.qx
                ys &+= span.qy
            }
            for x in (span.hi + 1)..<xEnd { exactBicubic(x, y, row, T.self, C.self) }
        }
    }

    /// One output pixel exactly as Pillow's `bicubic_filter*`.
    @inline(__always) private func exactBicubic<T: Sample, C: ChannelCount>(
        _ x: Int, _ y: Int, _ row: UnsafeMutablePointer<T>, _: T.Type, _: C.Type
    ) {
        let sw = srcWidth, sh = srcHeight
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        let n = C.count
        let maxV = T.maxDouble
        @inline(__always) func xclip(_ x: Int) -> Int { (x < 0 ? 0 : x < sw ? x : sw - 1) * n }
        let out = row + target.column(x) * n
        guard let (xin, yin) = pillowPosition(x, y) else {
            fillPixel(out, C.self)
            return
        }
        var x0 = floorInt(xin), y0 = floorInt(yin)
        let dx = xin - Double(x0), dy = yin - Double(y0)
        x0 -= 1
        y0 -= 1
        let k0 = xclip(x0), k1 = xclip(x0 + 1), k2 = xclip(x0 + 2), k3 = xclip(x0 + 3)
        let r0 = (y0 < 0 ? 0 : y0 < sh ? y0 : sh - 1) * rowElems
        let r1 = (y0 + 1 >= 0 && y0 + 1 < sh) ? (y0 + 1) * rowElems : r0
        let r2 = (y0 + 2 >= 0 && y0 + 2 < sh) ? (y0 + 2) * rowElems : r1
        let r3 = (y0 + 3 >= 0 && y0 + 3 < sh) ? (y0 + 3) * rowElems : r2
        for k in 0..<C.count {
            @inline(__always) func rowValue(_ r: Int) -> Double {
                Self.cubic(Double(s[r + k0 + k]), Double(s[r + k1 + k]), Double(s[r + k2 + k]),
                           Double(s[r + k3 + k]), dx)
            }
            let v = Self.cubic(rowValue(r0), rowValue(r1), rowValue(r2), rowValue(r3), dy)
            out[k] = v <= 0 ? 0 : v >= maxV ? T.max : T(truncatingIfNeeded: Int(v))
        }
    }
}

/// Pillow's premultiplied-alpha round trip for RGBA/LA with an interpolating filter
/// (`RGBA -> RGBa -> transform -> RGBA`, `rgbA2rgba` / `rgba2rgbA` in Convert.c).
struct PremultiplyKernel: SampleKernel {
    let src: UnsafeRawPointer
    let dst: UnsafeMutableRawPointer
    let count: Int  // pixels
    /// `true`: premultiply src into dst; `false`: undo it in place in dst.
    let forward: Bool

    func run<T: Sample, C: ChannelCount>(_ sample: T.Type, _ channels: C.Type) {
        let n = C.count
        let maxV = UInt64(T.max)
        let shift: UInt64 = T.bitWidth == 8 ? 8 : 16
        let half: UInt64 = 1 << (shift - 1)
        let s = src.assumingMemoryBound(to: T.self)
        let d = dst.assumingMemoryBound(to: T.self)
        if forward {
            for i in 0..<count {
                let p = i * n
                let alpha = UInt64(s[p + n - 1])
                for k in 0..<(C.count - 1) {
                    let t = UInt64(s[p + k]) * alpha + half  // MULDIV255
                    d[p + k] = T(truncatingIfNeeded: ((t >> shift) + t) >> shift)
                }
                d[p + n - 1] = s[p + n - 1]
            }
        } else {
            for i in 0..<count {
                let p = i * n
                let alpha = UInt64(d[p + n - 1])
                if alpha == 0 || alpha == maxV { continue }
                for k in 0..<(C.count - 1) {
                    let v = maxV * UInt64(d[p + k]) / alpha
                    d[p + k] = T(truncatingIfNeeded: v > maxV ? maxV : v)
                }
            }
        }
    }
}

/// floor(v) as an Int without a libm call (the baseline x86-64 target has no SSE4.1 `roundsd`); exact for
/// |v| < 2^53.
@inline(__always) func floorInt(_ v: Double) -> Int {
    let t = Int(v)
    return Double(t) > v ? t - 1 : t
}
