import Synchronization

/// The bit-exact bilinear of `affine` (``RotationGeometry/exactInterpolation``) on 8-bit samples: integer or float
/// interpolation verified against a proven bound, Pillow's doubles only where the bound cannot vouch.
extension InterpolateKernel {
    /// ``Tuning/bilinearStrip``.
    static let strip = Atomic<Int>(32)

    /// Bilinear, bit-exact with Pillow, for 8-bit samples: each row's fill where the position is surely off the
    /// source, its edges (clamped taps, the fill boundary) in Pillow's doubles, its interior by
    /// ``verifiedBilinearSpanVector`` (3-4 channels) or ``verifiedBilinearSpan``, walked in strips of
    /// ``Tuning/bilinearStrip`` output columns so that the source lines one output row reads are still in the L1
    /// cache for the next (32 measured best on 1080p RGB, interleaved with other work or alone).
    func runVerifiedBilinear<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
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
}
