import Synchronization

/// Bilinear and bicubic rotation kernels. Near the edges of the source (where taps are clamped and the fill
/// starts) every pixel is Pillow's `ImagingGenericTransform` with `bilinear_filter*` / `bicubic_filter*`:
/// the same doubles in the same order, so the fill boundary and the clamped taps are Pillow's to the bit.
/// Inside, where no tap is clamped, the source position steps in 32.32 fixed point and the taps are weighted
/// in 16.16 integers (the same formula, quantised): a few pixels then differ from Pillow by 1. With
/// ``RotationGeometry/exactInterpolation`` every pixel takes Pillow's value, bit-exact: bicubic and 16-bit
/// bilinear in doubles, 8-bit bilinear verified (``runVerifiedBilinear(_:_:)``).
struct InterpolateKernel: SampleKernel {
    /// ``Tuning/bilinearStrip``.
    static let strip = Atomic<Int>(32)
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

    @inline(__always) private func fillPixel<T: Sample, C: ChannelCount>(_ d: UnsafeMutablePointer<T>, _: C.Type) {
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
    @inline(__always) private func interior(_ y: Int, before: Int, after: Int)
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
                exactBilinearRow(y, row, from: win.x0, to: xEnd, T.self, C.self)
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

    /// Bilinear, bit-exact with Pillow, for 8-bit samples: each row's fill where the position is surely off the
    /// source, its edges (clamped taps, the fill boundary) in Pillow's doubles, its interior by
    /// ``verifiedBilinearSpanVector`` (3-4 channels) or ``verifiedBilinearSpan``, walked in strips of
    /// ``Tuning/bilinearStrip`` output columns so that the source lines one output row reads are still in the L1
    /// cache for the next (32 measured best on 1080p RGB, interleaved with other work or alone).
    private func runVerifiedBilinear<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
        let win = target.window
        let xEnd = win.x0 + win.width, yEnd = win.y0 + win.height
        var spans = [(lo: Int, hi: Int, px: Int, py: Int, qx: Int, qy: Int)]()
        spans.reserveCapacity(win.height)
        let n = C.count
        for y in win.y0..<yEnd {
            let row = target.row(y).assumingMemoryBound(to: T.self)
            let span = interior(y, before: 0, after: 1)
            spans.append(span)
            // Outside `outer` the position is more than half a pixel off the source (Pillow fills where
            // xin < 0 or xin >= width, and so on): fill, with no doubles to compute.
            var outer = (lo: win.x0, hi: xEnd - 1)
            if abs(span.px) < 1 << 52 && abs(span.py) < 1 << 52 {
                clipSpan(span.px &+ (1 << 32), span.qx, (srcWidth + 1) << 32, &outer.lo, &outer.hi)
                clipSpan(span.py &+ (1 << 32), span.qy, (srcHeight + 1) << 32, &outer.lo, &outer.hi)
            }
            if outer.lo > outer.hi { outer = (xEnd, xEnd - 1) }
            for x in win.x0..<outer.lo { fillPixel(row + target.column(x) * n, C.self) }
            for x in (outer.hi + 1)..<xEnd { fillPixel(row + target.column(x) * n, C.self) }
            if span.lo > span.hi {
                for x in outer.lo..<(outer.hi + 1) { exactBilinear(x, y, row, T.self, C.self) }
            } else {
                for x in outer.lo..<span.lo { exactBilinear(x, y, row, T.self, C.self) }
                for x in (span.hi + 1)..<(outer.hi + 1) { exactBilinear(x, y, row, T.self, C.self) }
            }
        }
        let strip = max(Self.strip.load(ordering: .relaxed), 1)
        // The x of each pixel near an integer, recomputed after its strip row.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: min(strip, win.width)) { nearList in
            for x0 in stride(from: win.x0, to: xEnd, by: strip) {
                let x1 = min(x0 + strip, xEnd) - 1
                for y in win.y0..<yEnd {
                    let span = spans[y - win.y0]
                    let lo = max(span.lo, x0), hi = min(span.hi, x1)
                    if lo > hi { continue }
                    let row = target.row(y)
                    let xs = span.px &+ lo &* span.qx, ys = span.py &+ lo &* span.qy
                    if C.count >= 3 {
                        verifiedBilinearSpanVector(y, row.assumingMemoryBound(to: UInt8.self), lo, hi, xs, ys,
                                                   span.qx, span.qy, nearList.baseAddress!, C.self)
                    } else {
                        verifiedBilinearSpan(y, row.assumingMemoryBound(to: T.self), lo, hi, xs, ys, span.qx,
                                             span.qy, nearList.baseAddress!, T.self, C.self)
                    }
                }
            }
        }
    }

    /// ``verifiedBilinearSpan`` for 3 and 4 channels of 8 bits, the channels of a pixel in the lanes of one
    /// `SIMD4<Float>`. Every tap and weight is a float with few enough bits that only the last two steps
    /// round (by at most 2^-17 each, the values being under 256), so the float result is within `margin` of
    /// Pillow's: the fixed-point position's error times 255 per pixel along each axis (as in the integer
    /// span), the weights' rounding to 24 bits (2^-25 each, times 255), and eight half-units of the last
    /// place at 256 (2^-17 each). Flat taps give an exact integer in both. The truncation is a rounding to
    /// nearest of `v - (0.5 - 2^-14)` by the 1.5 * 2^23 trick (exact wherever `v` is `margin` from an
    /// integer or is one), so no float-to-integer conversion is checked per pixel.
    @inline(__always) private func verifiedBilinearSpanVector<C: ChannelCount>(
        _ y: Int, _ row: UnsafeMutablePointer<UInt8>, _ lo: Int, _ hi: Int, _ xs0: Int, _ ys0: Int,
        _ qx: Int, _ qy: Int, _ nearList: UnsafeMutablePointer<Int>, _: C.Type
    ) {
        let n = C.count
        let s = src.assumingMemoryBound(to: UInt8.self)
        // A 4-byte load at a 3-byte pixel reads one byte past it: the last pixel of the image takes the
        // recomputation instead.
        let lastLoad = srcStride &* (srcHeight &- 1) &+ srcWidth &* n &- 4
        let steps = Float(max(abs(lo), abs(hi)) + 2)
        let posError = 1.0 / 2_147_483_648 + steps / 8_589_934_592 + 1.0 / 1_099_511_627_776
        let margin: Float = 2 * 255 * (posError + 1.0 / 33_554_432) + 8.0 / 131_072 + 1.0 / 65_536
        let magic: Float = 12_582_912  // 1.5 * 2^23: adding it rounds a float under 2^22 to an integer
        let lanes = C.count == 4 ? SIMD4<Float>(1, 1, 1, 1) .!= 0 : SIMD4<Float>(1, 1, 1, 0) .!= 0
        let scale: Float = 1.0 / 4_294_967_296
        var xs = xs0, ys = ys0
        let colStep = target.flipX ? -n : n
        var out = row + target.column(lo) * n
        var listed = 0
        @inline(__always) func taps(_ p: UnsafePointer<UInt8>) -> SIMD4<Float> {
            SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt8>.self)))
        }
        for x in lo...hi {
            let offset = (ys >> 32) &* srcStride &+ (xs >> 32) &* n
            if offset &+ srcStride &+ n > lastLoad {
                nearList[listed] = x
                listed &+= 1
            } else {
                let fx = Float(xs & 0xFFFF_FFFF) * scale, fy = Float(ys & 0xFFFF_FFFF) * scale
                let p0 = s + offset, p1 = p0 + srcStride
                let l0 = taps(p0), r0 = taps(p0 + n), l1 = taps(p1), r1 = taps(p1 + n)
                let d0 = r0 - l0, d1 = r1 - l1
                let top = l0 + d0 * fx, bottom = l1 + d1 * fx
                let v = top + (bottom - top) * fy
                let distance = v - ((v + magic) - magic)
                let nearFraction = (distance .< margin) .& (distance .> -margin)
                let flat = (d0 .== 0) .& (d1 .== 0) .& (l0 .== l1)
                let bits = unsafeBitCast((v - 0.499_938_964_843_75) + magic, to: SIMD4<UInt32>.self)
                out[0] = UInt8(truncatingIfNeeded: bits[0])
                out[1] = UInt8(truncatingIfNeeded: bits[1])
                out[2] = UInt8(truncatingIfNeeded: bits[2])
                if C.count == 4 { out[3] = UInt8(truncatingIfNeeded: bits[3]) }
                nearList[listed] = x
                listed &+= any(nearFraction .& .!flat .& lanes) ? 1 : 0
            }
            out += colStep
            xs &+= qx
            ys &+= qy
        }
        for i in 0..<listed { exactBilinear(nearList[i], y, row, UInt8.self, C.self) }
    }

    /// The interior span `lo...hi` of canvas row `y` (8-bit samples), bit-exact with Pillow's doubles at
    /// integer speed. Each pixel is interpolated from its fixed-point position (32.32 steps from the row's
    /// start) with 24-bit weights, in 64-bit integers: the exact value of the bilinear interpolation at that
    /// position, times 2^48. That position is within `posError` pixels of Pillow's, and bilinear
    /// interpolation of samples in 0...255 moves by at most 255 per pixel moved along each axis, so Pillow's
    /// value lies within `margin` of ours. Where our value's fraction is farther than that from an integer,
    /// both truncate to the same sample, and where the four taps are equal both are exact; elsewhere (about
    /// one pixel in a hundred on a photograph) the pixel is recomputed in Pillow's doubles.
    @inline(__always) private func verifiedBilinearSpan<T: Sample, C: ChannelCount>(
        _ y: Int, _ row: UnsafeMutablePointer<T>, _ lo: Int, _ hi: Int, _ xs0: Int, _ ys0: Int,
        _ qx: Int, _ qy: Int, _ nearList: UnsafeMutablePointer<Int>, _: T.Type, _: C.Type
    ) {
        let n = C.count
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        // Position error per axis: the row start's truncation and doubles (2^-31), the step's rounding (2^-33
        // per pixel from x = 0), the weights' truncation to 24 bits (2^-24), Pillow's rounding (below 2^-40).
        let steps = Double(max(abs(lo), abs(hi)) + 2)
        let posError = 1.0 / 2_147_483_648 + steps / 8_589_934_592 + 1.0 / 16_777_216 + 1.0 / 1_099_511_627_776
        let one48 = 281_474_976_710_656.0
        let margin = Int(2 * 255 * posError * one48) + 2
        let fracMask = (1 << 48) - 1
        let nearLimit = UInt(fracMask - 2 * margin)
        var xs = xs0, ys = ys0
        let colStep = target.flipX ? -n : n
        var out = row + target.column(lo) * n
        var listed = 0
        for x in lo...hi {
            let fx = (xs >> 8) & 0xFF_FFFF, fy = (ys >> 8) & 0xFF_FFFF
            let p0 = s + ((ys >> 32) &* rowElems &+ (xs >> 32) &* n), p1 = p0 + rowElems
            var near = 0
            for k in 0..<C.count {
                // l (1 - f) + r f = l + (r - l) f: the same integers with one multiply per lerp.
                let l0 = Int(p0[k]), l1 = Int(p1[k])
                let d0 = Int(p0[k + n]) &- l0, d1 = Int(p1[k + n]) &- l1
                let top = l0 << 24 &+ d0 &* fx
                let bottom = l1 << 24 &+ d1 &* fx
                let v = top << 24 &+ (bottom &- top) &* fy
                // Near an integer: the fraction is under `margin` or over 1 - `margin`. Four equal taps (flat
                // areas, common) give an exact integer here and in Pillow's lerps alike: not near.
                let fractionNear = UInt(bitPattern: (v & fracMask) &- margin) > nearLimit ? 1 : 0
                let taps = (d0 | d1 | (l1 &- l0)) != 0 ? 1 : 0
                near |= fractionNear & taps
                out[k] = T(truncatingIfNeeded: v >> 48)
            }
            // Listed without a branch, and recomputed after the span.
            nearList[listed] = x
            listed &+= near
            out += colStep
            xs &+= qx
            ys &+= qy
        }
        for i in 0..<listed { exactBilinear(nearList[i], y, row, T.self, C.self) }
    }

    /// Canvas row `y` from `x0` to `x1` (exclusive), every pixel exactly as ``exactBilinear(_:_:_:_:_:)``
    /// computes it, but with the row's constant products hoisted and, where no tap is clamped (the source
    /// position is at least half a pixel inside every edge), none of the clamps: Pillow's doubles in Pillow's
    /// order (`(a x + b y) + c`, then `- 0.5`, then three lerps and a truncation), so bit-exact, at a few
    /// nanoseconds a pixel. Positions off the interior take the general per-pixel path.
    @inline(__always) private func exactBilinearRow<T: Sample, C: ChannelCount>(
        _ y: Int, _ row: UnsafeMutablePointer<T>, from x0: Int, to x1: Int, _: T.Type, _: C.Type
    ) {
        let n = C.count
        let rowElems = srcStride / MemoryLayout<T>.size
        let s = src.assumingMemoryBound(to: T.self)
        let yi = Double(y) + 0.5
        let byi = g.b * yi, eyi = g.e * yi
        let xLimit = Double(srcWidth - 1), yLimit = Double(srcHeight - 1)
        let colStep = target.flipX ? -n : n
        var out = row + target.column(x0) * n
        for x in x0..<x1 {
            let xi = Double(x) + 0.5
            // Pillow: xin = a[0] * xin + a[1] * yin + a[2]; then xin -= 0.5 (exact for these magnitudes).
            let xm = (g.a * xi + byi) + g.c - 0.5
            let ym = (g.d * xi + eyi) + g.f - 0.5
            if xm >= 0 && xm < xLimit && ym >= 0 && ym < yLimit {
                let ix = Int(xm), iy = Int(ym)  // truncation is the floor here: both are >= 0
                let dx = xm - Double(ix), dy = ym - Double(iy)
                let p0 = s + (iy &* rowElems &+ ix &* n), p1 = p0 + rowElems
                for k in 0..<C.count {
                    let l0 = Double(p0[k]), r0 = Double(p0[k + n])
                    let v1 = l0 + (r0 - l0) * dx
                    let l1 = Double(p1[k]), r1 = Double(p1[k + n])
                    let v2 = l1 + (r1 - l1) * dx
                    // Lerps of in-range samples stay in range (rounding is monotonic): no clamp to do.
                    out[k] = T(truncatingIfNeeded: Int(v1 + (v2 - v1) * dy))
                }
            } else {
                exactBilinear(x, y, row, T.self, C.self)
            }
            out += colStep
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
    @inline(__always) private func exactBilinear<T: Sample, C: ChannelCount>(
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

