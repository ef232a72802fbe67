/// Vector building blocks of the 8-bit resampler (``ResampleKernel``), written so that LLVM lowers each to one
/// baseline x86-64 (SSE2) instruction: the zips to `punpck*`, ``madd(_:_:)`` to `pmaddwd`; on aarch64 to `zip1`/`zip2`
/// and `smull`/`addp`-style sequences.
///
/// The arithmetic stays Pillow's exactly: its 22-bit fixed-point weight `w` is split as `w = wh << 11 + wl` with
/// `wl` in `0..<2048`, so both halves fit 16 bits; `pmaddwd` multiplies a pair of 8-bit samples by a pair of halves
/// and adds (no overflow: `2 * 255 * 4096 < 2^31`), and `(Σ s*wh) << 11 + Σ s*wl` is `Σ s*w` modulo 2^32 with
/// wrapping adds, which is Pillow's `int` sum itself (it never leaves the 32-bit range for normalised weights).
///
/// The helpers avoid the standard library's generic SIMD conversions (`init(truncatingIfNeeded:)` between scalar
/// types), `clamped`, `replacing(with:where:)` and `UInt8(clamping:)`: inside kernels this size they were left as
/// calls, and the passes ran 2 to 5 times slower. After a change, look for calls in `objdump -d` of the kernels.
///
/// Bytes and 16-bit lanes are reinterpreted in place (`unsafeBitCast`), which assumes a little-endian machine
/// (``ResampleSIMD/available``).
typealias Bytes16 = SIMD16<UInt8>
typealias Halves8 = SIMD8<Int16>
typealias Sums4 = SIMD4<Int32>

enum ResampleSIMD {
    /// Whether the vector kernels may run: little-endian targets (all Swift's 64-bit ones).
    static var available: Bool {
        #if _endian(little)
        return true
        #else
        return false
        #endif
    }

    /// Bytes 0..<8 of `a` and `b` interleaved (`punpcklbw`).
    @inline(__always)
    static func zipLo8(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        Bytes16(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
    }

    /// Bytes 8..<16 of `a` and `b` interleaved (`punpckhbw`).
    @inline(__always)
    static func zipHi8(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        Bytes16(a[8], b[8], a[9], b[9], a[10], b[10], a[11], b[11],
                a[12], b[12], a[13], b[13], a[14], b[14], a[15], b[15])
    }

    /// 16-bit units 0..<4 of `a` and `b` interleaved (`punpcklwd`).
    @inline(__always)
    static func zipLo16(_ a: Halves8, _ b: Halves8) -> Halves8 {
        Halves8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
    }

    /// 16-bit units 4..<8 of `a` and `b` interleaved (`punpckhwd`).
    @inline(__always)
    static func zipHi16(_ a: Halves8, _ b: Halves8) -> Halves8 {
        Halves8(a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
    }

    /// 16-bit units 0..<4 of two byte vectors interleaved.
    @inline(__always)
    static func zipLo16(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        unsafeBitCast(zipLo16(unsafeBitCast(a, to: Halves8.self), unsafeBitCast(b, to: Halves8.self)), to: Bytes16.self)
    }

    /// 16-bit units 4..<8 of two byte vectors interleaved.
    @inline(__always)
    static func zipHi16(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        unsafeBitCast(zipHi16(unsafeBitCast(a, to: Halves8.self), unsafeBitCast(b, to: Halves8.self)), to: Bytes16.self)
    }

    /// 32-bit units 0..<2 of `a` and `b` interleaved (`punpckldq`).
    @inline(__always)
    static func zipLo32(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        let x = unsafeBitCast(a, to: SIMD4<UInt32>.self), y = unsafeBitCast(b, to: SIMD4<UInt32>.self)
        return unsafeBitCast(SIMD4<UInt32>(x[0], y[0], x[1], y[1]), to: Bytes16.self)
    }

    /// 32-bit units 2..<4 of `a` and `b` interleaved (`punpckhdq`).
    @inline(__always)
    static func zipHi32(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        let x = unsafeBitCast(a, to: SIMD4<UInt32>.self), y = unsafeBitCast(b, to: SIMD4<UInt32>.self)
        return unsafeBitCast(SIMD4<UInt32>(x[2], y[2], x[3], y[3]), to: Bytes16.self)
    }

    /// 64-bit unit 0 of `a` and of `b` (`punpcklqdq`).
    @inline(__always)
    static func zipLo64(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        let x = unsafeBitCast(a, to: SIMD2<UInt64>.self), y = unsafeBitCast(b, to: SIMD2<UInt64>.self)
        return unsafeBitCast(SIMD2<UInt64>(x[0], y[0]), to: Bytes16.self)
    }

    /// 64-bit unit 1 of `a` and of `b` (`punpckhqdq`).
    @inline(__always)
    static func zipHi64(_ a: Bytes16, _ b: Bytes16) -> Bytes16 {
        let x = unsafeBitCast(a, to: SIMD2<UInt64>.self), y = unsafeBitCast(b, to: SIMD2<UInt64>.self)
        return unsafeBitCast(SIMD2<UInt64>(x[1], y[1]), to: Bytes16.self)
    }

    /// `a[2i] * b[2i] + a[2i+1] * b[2i+1]` in 32 bits (`pmaddwd`). The conversions are written lane by lane: the
    /// standard library's generic `init(truncatingIfNeeded:)` is not always inlined into a large kernel.
    @inline(__always)
    static func madd(_ a: Halves8, _ b: Halves8) -> Sums4 {
        let x = SIMD8<Int32>(Int32(a[0]), Int32(a[1]), Int32(a[2]), Int32(a[3]),
                             Int32(a[4]), Int32(a[5]), Int32(a[6]), Int32(a[7]))
        let y = SIMD8<Int32>(Int32(b[0]), Int32(b[1]), Int32(b[2]), Int32(b[3]),
                             Int32(b[4]), Int32(b[5]), Int32(b[6]), Int32(b[7]))
        let p = x &* y
        return p.evenHalf &+ p.oddHalf
    }

    /// The same 16 bytes as 8 16-bit lanes.
    @inline(__always)
    static func widen(_ v: Bytes16) -> Halves8 { unsafeBitCast(v, to: Halves8.self) }

    /// Bytes 0..<8 of `v` zero-extended to 16 bits.
    @inline(__always)
    static func widenLo(_ v: Bytes16) -> Halves8 {
        Halves8(Int16(v[0]), Int16(v[1]), Int16(v[2]), Int16(v[3]), Int16(v[4]), Int16(v[5]), Int16(v[6]), Int16(v[7]))
    }

    /// Bytes 8..<16 of `v` zero-extended to 16 bits.
    @inline(__always)
    static func widenHi(_ v: Bytes16) -> Halves8 {
        Halves8(Int16(v[8]), Int16(v[9]), Int16(v[10]), Int16(v[11]),
                Int16(v[12]), Int16(v[13]), Int16(v[14]), Int16(v[15]))
    }

    /// Pillow's `clip8(ss)` of two vectors of split sums (`a` rows' `ah`, `al`, then `b`'s; half not yet added), as
    /// one vector of 16-bit lanes: narrowed after the shift (`>> 22` leaves at most 10 significant bits), then
    /// clamped to 0...255 in 16 bits.
    @inline(__always)
    static func clip8(_ ah: Sums4, _ al: Sums4, _ bh: Sums4, _ bl: Sums4) -> Halves8 {
        let half = Sums4(repeating: 1 << 21)
        let v = narrow(((ah &<< 11) &+ al &+ half) &>> 22, ((bh &<< 11) &+ bl &+ half) &>> 22)
        let positive = v & ~(v &>> 15)
        return (positive | ((Halves8(repeating: 255) &- positive) &>> 15)) & Halves8(repeating: 255)
    }

    /// The low 16 bits of two vectors, `a`'s first.
    @inline(__always)
    static func narrow(_ a: Sums4, _ b: Sums4) -> Halves8 {
        Halves8(Int16(truncatingIfNeeded: a[0]), Int16(truncatingIfNeeded: a[1]), Int16(truncatingIfNeeded: a[2]),
                Int16(truncatingIfNeeded: a[3]), Int16(truncatingIfNeeded: b[0]), Int16(truncatingIfNeeded: b[1]),
                Int16(truncatingIfNeeded: b[2]), Int16(truncatingIfNeeded: b[3]))
    }

    /// The low bytes of two vectors of values in 0...255, `a`'s first.
    @inline(__always)
    static func narrow(_ a: Halves8, _ b: Halves8) -> Bytes16 {
        Bytes16(UInt8(truncatingIfNeeded: a[0]), UInt8(truncatingIfNeeded: a[1]), UInt8(truncatingIfNeeded: a[2]),
                UInt8(truncatingIfNeeded: a[3]), UInt8(truncatingIfNeeded: a[4]), UInt8(truncatingIfNeeded: a[5]),
                UInt8(truncatingIfNeeded: a[6]), UInt8(truncatingIfNeeded: a[7]), UInt8(truncatingIfNeeded: b[0]),
                UInt8(truncatingIfNeeded: b[1]), UInt8(truncatingIfNeeded: b[2]), UInt8(truncatingIfNeeded: b[3]),
                UInt8(truncatingIfNeeded: b[4]), UInt8(truncatingIfNeeded: b[5]), UInt8(truncatingIfNeeded: b[6]),
                UInt8(truncatingIfNeeded: b[7]))
    }

    /// The 8x16 byte transpose: `r.k` holds 16 bytes of row `k`; the result's vector `k` holds column `2k` (bytes
    /// 0..<8, one per row) and column `2k + 1` (bytes 8..<16).
    @inline(__always)
    static func transpose(_ r: (Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16))
        -> (Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16) {
        let a0 = zipLo8(r.0, r.1), a1 = zipHi8(r.0, r.1), a2 = zipLo8(r.2, r.3), a3 = zipHi8(r.2, r.3)
        let a4 = zipLo8(r.4, r.5), a5 = zipHi8(r.4, r.5), a6 = zipLo8(r.6, r.7), a7 = zipHi8(r.6, r.7)
        let b0 = zipLo16(a0, a2), b1 = zipHi16(a0, a2), b2 = zipLo16(a1, a3), b3 = zipHi16(a1, a3)
        let b4 = zipLo16(a4, a6), b5 = zipHi16(a4, a6), b6 = zipLo16(a5, a7), b7 = zipHi16(a5, a7)
        return (zipLo32(b0, b4), zipHi32(b0, b4), zipLo32(b1, b5), zipHi32(b1, b5),
                zipLo32(b2, b6), zipHi32(b2, b6), zipLo32(b3, b7), zipHi32(b3, b7))
    }
}

extension ResampleSIMD {
    /// The 16x8 byte transpose back: `c(m)` holds column `m`'s 8 bytes (one per row) in its low half; the result's
    /// vector `r` holds row `r`'s 16 columns.
    @inline(__always)
    static func transposeBack(_ c: (Int) -> Bytes16)
        -> (Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16, Bytes16) {
        // Column pairs, row by row; then groups of 4 columns (rows 0..<4 and 4..<8); of 8 (2 rows each); of 16.
        let p0 = zipLo8(c(0), c(1)), p1 = zipLo8(c(2), c(3)), p2 = zipLo8(c(4), c(5)), p3 = zipLo8(c(6), c(7))
        let p4 = zipLo8(c(8), c(9)), p5 = zipLo8(c(10), c(11)), p6 = zipLo8(c(12), c(13)), p7 = zipLo8(c(14), c(15))
        let g0 = zipLo16(p0, p1), g1 = zipHi16(p0, p1), g2 = zipLo16(p2, p3), g3 = zipHi16(p2, p3)
        let g4 = zipLo16(p4, p5), g5 = zipHi16(p4, p5), g6 = zipLo16(p6, p7), g7 = zipHi16(p6, p7)
        let h0 = zipLo32(g0, g2), h1 = zipHi32(g0, g2), h2 = zipLo32(g1, g3), h3 = zipHi32(g1, g3)
        let h4 = zipLo32(g4, g6), h5 = zipHi32(g4, g6), h6 = zipLo32(g5, g7), h7 = zipHi32(g5, g7)
        return (zipLo64(h0, h4), zipHi64(h0, h4), zipLo64(h1, h5), zipHi64(h1, h5),
                zipLo64(h2, h6), zipHi64(h2, h6), zipLo64(h3, h7), zipHi64(h3, h7))
    }
}

/// Pillow's fixed-point weights split into 11-bit halves and laid out for ``ResampleSIMD/madd(_:_:)``: for output
/// `o` and tap pair `p` (taps `2p`, `2p + 1`), entry `2 * (o * pairs + p)` holds `(wh[2p], wh[2p+1])` four times and
/// the next entry `(wl[2p], wl[2p+1])` four times. A tap past the output's count has weight 0.
struct SplitWeights {
    /// Tap pairs per output: `(ksize + 1) / 2`.
    let pairs: Int
    let table: [Halves8]

    /// `nil` where a weight's high half does not fit 16 bits (|w| >= 2^26, weights far above 1).
    init?(fixed: [Int32], ksize: Int, outSize: Int) {
        guard fixed.allSatisfy({ abs(Int($0)) < 1 << 26 }) else { return nil }
        let pairs = (ksize + 1) / 2
        var table = [Halves8](repeating: .zero, count: outSize * pairs * 2)
        for o in 0..<outSize {
            for p in 0..<pairs {
                let t = 2 * p
                let w0 = Int(fixed[o * ksize + t]), w1 = t + 1 < ksize ? Int(fixed[o * ksize + t + 1]) : 0
                let h0 = Int16(w0 >> 11), h1 = Int16(w1 >> 11), l0 = Int16(w0 & 2047), l1 = Int16(w1 & 2047)
                table[2 * (o * pairs + p)] = Halves8(h0, h1, h0, h1, h0, h1, h0, h1)
                table[2 * (o * pairs + p) + 1] = Halves8(l0, l1, l0, l1, l0, l1, l0, l1)
            }
        }
        self.pairs = pairs
        self.table = table
    }
}
