/// The vertical pass of Pillow's 8-bit resampler (`ImagingResampleVertical_8bpc`), vectorised: 16 samples of an
/// output row at a time, two source rows per step, their bytes interleaved into pairs for
/// ``ResampleSIMD/madd(_:_:)`` against the split weights (``SplitWeights``). The same integers as Pillow's, so the
/// same bytes; the samples past the last multiple of 16 go through ``ResampleVertical8/scalar(_:_:_:_:_:)``.
enum ResampleVertical8 {
    /// Writes `height` output rows of `samples` bytes each; output row `y` reads source rows
    /// `bounds[y].first ..< bounds[y].first + bounds[y].count`. Returns `false`, having written nothing, where a
    /// weight does not split (``SplitWeights``).
    static func run(src: UnsafeRawPointer, srcStride: Int, dst: UnsafeMutableRawPointer, dstStride: Int,
                    samples: Int, height: Int, coefficients: ResampleCoefficients, fixed: [Int32]) -> Bool {
        let ksize = coefficients.ksize
        guard let split = SplitWeights(fixed: fixed, ksize: ksize, outSize: height) else { return false }
        let pairs = split.pairs
        let full = samples & ~15
        // Zero at run time (no buffer has 2^56 samples), not to the optimiser.
        let zero = Bytes16(repeating: UInt8(truncatingIfNeeded: samples >> 56))
        split.table.withUnsafeBufferPointer { table in
            fixed.withUnsafeBufferPointer { fx in
                coefficients.bounds.withUnsafeBufferPointer { bounds in
                    withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: 2 * pairs) { rows in
                        for yy in 0..<height {
                            let (ymin, count) = bounds[yy]
                            let used = (count + 1) / 2
                            // A tap past the count has weight 0: it reads the first row again.
                            for t in 0..<2 * used { rows[t] = src + (ymin + (t < count ? t : 0)) * srcStride }
                            let w = table.baseAddress! + 2 * yy * pairs
                            let out = dst + yy * dstStride
                            var i = 0
                            while i < full {
                                block(rows.baseAddress!, w, used, i, out, zero)
                                i &+= 16
                            }
                            for s in full..<samples {
                                out.storeBytes(of: scalar(rows.baseAddress!, fx.baseAddress! + yy * ksize, count, s),
                                               toByteOffset: s, as: UInt8.self)
                            }
                        }
                    }
                }
            }
        }
        return true
    }

    /// Samples `i ..< i + 16` of one output row.
    @inline(__always)
    private static func block(_ rows: UnsafeMutablePointer<UnsafeRawPointer>, _ w: UnsafePointer<Halves8>,
                              _ pairs: Int, _ i: Int, _ out: UnsafeMutableRawPointer, _ zero: Bytes16) {
        typealias S = ResampleSIMD
        var h0 = Sums4.zero, h1 = Sums4.zero, h2 = Sums4.zero, h3 = Sums4.zero
        var l0 = Sums4.zero, l1 = Sums4.zero, l2 = Sums4.zero, l3 = Sums4.zero
        for p in 0..<pairs {
            let a = rows[2 &* p].loadUnaligned(fromByteOffset: i, as: Bytes16.self)
            let b = rows[2 &* p &+ 1].loadUnaligned(fromByteOffset: i, as: Bytes16.self)
            // Bytes of the two rows interleaved, then widened: 16-bit pairs (a[k], b[k]). The `| zero` (a zero LLVM
            // cannot see) keeps it from merging the two shuffles into one that SSE2 lowers badly.
            let z0 = S.zipLo8(a, b) | zero, z1 = S.zipHi8(a, b) | zero
            let p0 = S.widen(S.zipLo8(z0, .zero)), p1 = S.widen(S.zipHi8(z0, .zero))
            let p2 = S.widen(S.zipLo8(z1, .zero)), p3 = S.widen(S.zipHi8(z1, .zero))
            let wh = w[2 &* p], wl = w[2 &* p &+ 1]
            h0 &+= S.madd(p0, wh); h1 &+= S.madd(p1, wh); h2 &+= S.madd(p2, wh); h3 &+= S.madd(p3, wh)
            l0 &+= S.madd(p0, wl); l1 &+= S.madd(p1, wl); l2 &+= S.madd(p2, wl); l3 &+= S.madd(p3, wl)
        }
        let v = S.narrow(S.clip8(h0, l0, h1, l1), S.clip8(h2, l2, h3, l3))
        out.storeBytes(of: v, toByteOffset: i, as: Bytes16.self)
    }

    /// Pillow's arithmetic for one sample `s` (32-bit, wrapping): `clip8(2^21 + Σ line[s] * k[y])`.
    @inline(__always)
    static func scalar(_ rows: UnsafeMutablePointer<UnsafeRawPointer>, _ k: UnsafePointer<Int32>, _ count: Int,
                       _ s: Int) -> UInt8 {
        var ss: Int32 = 1 << 21
        for y in 0..<count { ss &+= Int32(rows[y].load(fromByteOffset: s, as: UInt8.self)) &* k[y] }
        let v = ss >> 22
        return UInt8(truncatingIfNeeded: v < 0 ? 0 : v > 255 ? 255 : v)
    }
}
