/// The horizontal pass of Pillow's 8-bit resampler (`ImagingResampleHorizontal_8bpc`), vectorised across rows:
/// 8 source rows at a time are transposed (``ResampleSIMD/transpose(_:)``) into one vector of 8 samples per byte
/// column, widened to 16 bits; each output sample is then a vertical-style sum over its taps, two taps per
/// ``ResampleSIMD/madd(_:_:)`` against the split weights (``SplitWeights``), and the 8-row results are transposed back.
/// The same integers as Pillow's per-pixel loop, so the same bytes.
enum ResampleHorizontal8 {
    /// Writes `height` output rows of `width` pixels of `C` channels; output row `y` reads source row `y + rowOffset`
    /// and output pixel `x` the source pixels `bounds[x].first ..< bounds[x].first + bounds[x].count`. Returns
    /// `false`, having written nothing, where a weight does not split (``SplitWeights``).
    static func run<C: ChannelCount>(_: C.Type, src: UnsafeRawPointer, srcStride: Int, dst: UnsafeMutableRawPointer,
                                     dstStride: Int, width: Int, height: Int, rowOffset: Int,
                                     coefficients: ResampleCoefficients, fixed: [Int32]) -> Bool {
        let n = C.count
        guard let split = SplitWeights(fixed: fixed, ksize: coefficients.ksize, outSize: width) else { return false }
        let inEnd = coefficients.bounds.reduce(0) { max($0, $1.first + $1.count) }
        let inCols = inEnd * n, outCols = width * n
        // Byte columns, rounded up to whole 16-column chunks; the input has 16 more (zero) for the weight-0 tap past
        // an odd count, which reads up to `n` columns past the last pixel.
        let inChunks = (inCols + 15) / 16, outChunks = (outCols + 15) / 16
        split.table.withUnsafeBufferPointer { table in
            coefficients.bounds.withUnsafeBufferPointer { bounds in
                withUnsafeTemporaryAllocation(of: Halves8.self, capacity: 16 * (inChunks + 1)) { tb in
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16 * outChunks) { qb in
                        let t = tb.baseAddress!, q = qb.baseAddress!
                        t.initialize(repeating: .zero, count: 16 * (inChunks + 1))
                        q.initialize(repeating: 0, count: 16 * outChunks)
                        var y0 = 0
                        while y0 < height {
                            let rows = min(8, height - y0)
                            func line(_ r: Int) -> UnsafeRawPointer {
                                src + (y0 + min(r, rows - 1) + rowOffset) * srcStride
                            }
                            let lines = (line(0), line(1), line(2), line(3), line(4), line(5), line(6), line(7))
                            for k in 0..<inChunks { transposeIn(lines, 16 * k, inCols, t + 16 * k) }
                            sums(C.self, t, table.baseAddress!, split.pairs, bounds.baseAddress!, width, q)
                            for k in 0..<outChunks {
                                transposeOut(q + 16 * k, dst + y0 * dstStride, dstStride, rows,
                                             16 * k, outCols)
                            }
                            y0 += 8
                        }
                    }
                }
            }
        }
        return true
    }

    typealias Lines = (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer,
                       UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer)

    /// Byte columns `at ..< at + 16` of the 8 lines into `t[0..<16]`, one 16-bit vector (8 rows) per column; columns
    /// at or past `limit` are zero.
    @inline(__always)
    private static func transposeIn(_ l: Lines, _ at: Int, _ limit: Int, _ t: UnsafeMutablePointer<Halves8>) {
        @inline(__always) func load(_ p: UnsafeRawPointer) -> Bytes16 {
            if at &+ 16 <= limit { return p.loadUnaligned(fromByteOffset: at, as: Bytes16.self) }
            var v = Bytes16.zero
            for i in 0..<(limit - at) { v[i] = p.load(fromByteOffset: at + i, as: UInt8.self) }
            return v
        }
        let c = ResampleSIMD.transpose((load(l.0), load(l.1), load(l.2), load(l.3),
                                        load(l.4), load(l.5), load(l.6), load(l.7)))
        @inline(__always) func put(_ k: Int, _ v: Bytes16) {
            t[2 &* k] = ResampleSIMD.widenLo(v)
            t[2 &* k &+ 1] = ResampleSIMD.widenHi(v)
        }
        put(0, c.0); put(1, c.1); put(2, c.2); put(3, c.3); put(4, c.4); put(5, c.5); put(6, c.6); put(7, c.7)
    }

    /// Every output sample of the 8 rows: `q[x * C + c]` (8 bytes, one per row) from the transposed columns `t`.
    @inline(__always)
    private static func sums<C: ChannelCount>(_: C.Type, _ t: UnsafeMutablePointer<Halves8>,
                                              _ table: UnsafePointer<Halves8>, _ pairs: Int,
                                              _ bounds: UnsafePointer<(first: Int, count: Int)>, _ width: Int,
                                              _ q: UnsafeMutablePointer<UInt64>) {
        typealias S = ResampleSIMD
        let n = C.count
        for xx in 0..<width {
            let (xmin, count) = bounds[xx]
            let used = (count &+ 1) >> 1
            let w = table + 2 &* xx &* pairs
            for c in 0..<n {
                var h0 = Sums4.zero, h1 = Sums4.zero, l0 = Sums4.zero, l1 = Sums4.zero
                var j = xmin &* n &+ c
                for p in 0..<used {
                    let a = t[j], b = t[j &+ n]
                    let lo = S.zipLo16(a, b), hi = S.zipHi16(a, b)
                    let wh = w[2 &* p], wl = w[2 &* p &+ 1]
                    h0 &+= S.madd(lo, wh); h1 &+= S.madd(hi, wh); l0 &+= S.madd(lo, wl); l1 &+= S.madd(hi, wl)
                    j &+= 2 &* n
                }
                let v = S.clip8(h0, l0, h1, l1)
                q[xx &* n &+ c] = unsafeBitCast(S.narrow(v, v), to: SIMD2<UInt64>.self)[0]
            }
        }
    }

    /// Output columns `at ..< at + 16` (`q[0..<16]`, 8 rows each) back to rows: the first `rows` of the 8 lines
    /// from `dst` (`stride` apart), up to column `limit`.
    @inline(__always)
    private static func transposeOut(_ q: UnsafeMutablePointer<UInt64>, _ dst: UnsafeMutableRawPointer, _ stride: Int,
                                     _ rows: Int, _ at: Int, _ limit: Int) {
        let r = ResampleSIMD.transposeBack { unsafeBitCast(SIMD2<UInt64>(q[$0], 0), to: Bytes16.self) }
        @inline(__always) func put(_ i: Int, _ v: Bytes16) {
            if i >= rows { return }
            let p = dst + i &* stride
            if at &+ 16 <= limit {
                p.storeBytes(of: v, toByteOffset: at, as: Bytes16.self)
            } else {
                for b in 0..<(limit - at) { p.storeBytes(of: v[b], toByteOffset: at + b, as: UInt8.self) }
            }
        }
        put(0, r.0); put(1, r.1); put(2, r.2); put(3, r.3); put(4, r.4); put(5, r.5); put(6, r.6); put(7, r.7)
    }
}
