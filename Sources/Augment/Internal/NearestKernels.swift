/// Nearest-neighbour rotation kernels: Pillow's 16.16 fixed-point sampling, with the span of each output
/// row whose source lies inside the image computed analytically, the rest filled in one go, no per-pixel
/// bounds checks, and mirroring of the output folded into the write index.

/// Where and how a rotation kernel writes: the kept window of the canvas (canvas coordinates), the
/// output mirroring, and the fill pixel (`nil`: zero bytes).
struct RotationTarget {
    var dst: UnsafeMutableRawPointer
    var dstStride: Int
    var window: RotationWindow
    var flipX: Bool, flipY: Bool
    var fill: UnsafeRawPointer?

    /// The output row that canvas row `y` lands on.
    @inline(__always) func row(_ y: Int) -> UnsafeMutableRawPointer {
        let oy = y - window.y0
        return dst + (flipY ? window.height - 1 - oy : oy) * dstStride
    }

    /// The output column that canvas column `x` lands on.
    @inline(__always) func column(_ x: Int) -> Int {
        let ox = x - window.x0
        return flipX ? window.width - 1 - ox : ox
    }

    /// Fills `count` pixels from output column `col` of `row`.
    @inline(__always) func fillPixels<P: BitwiseCopyable>(_ row: UnsafeMutableRawPointer, _ col: Int, _ count: Int,
                                                          _ type: P.Type) {
        if count <= 0 { return }
        let size = MemoryLayout<P>.size
        if let fill {
            let v = fill.loadUnaligned(as: P.self)
            var p = row + col * size
            for _ in 0..<count {
                p.storeBytes(of: v, as: P.self)
                p += size
            }
        } else {
            (row + col * size).initializeMemory(as: UInt8.self, repeating: 0, count: count * size)
        }
    }
}

/// floor(a / b) for b > 0.
@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}

/// Narrows `lo...hi` to the x with `0 <= (P + x*Q) >> 16 < lim >> 16`, i.e. `0 <= P + x*Q <= lim - 1`.
@inline(__always) func clipSpan(_ P: Int, _ Q: Int, _ lim: Int, _ lo: inout Int, _ hi: inout Int) {
    if Q > 0 {
        lo = max(lo, -floorDiv(P, Q))  // ceil(-P / Q)
        hi = min(hi, floorDiv(lim - 1 - P, Q))
    } else if Q < 0 {
        lo = max(lo, -floorDiv(-(P - (lim - 1)), -Q))  // ceil((P - (lim-1)) / -Q)
        hi = min(hi, floorDiv(P, -Q))
    } else if P < 0 || P >= lim {
        lo = 1
        hi = 0
    }
}

/// Pillow's `affine_fixed` nearest, row spans, optionally walked in output tiles.
struct NearestFixedKernel: PixelKernel {
    let src: UnsafeRawPointer
    let srcWidth: Int, srcHeight: Int, srcStride: Int
    /// Bytes in the source (`srcStride * srcHeight`).
    let srcBytes: Int
    let target: RotationTarget
    let m: (a0: Int, a1: Int, a2: Int, a3: Int, a4: Int, a5: Int)
    /// Output tile side in pixels; 0 walks whole rows.
    let tile: Int

    /// The x span `lo...hi` (canvas coordinates, inside the window) of row `y` that maps inside the source,
    /// with the fixed-point row sums.
    @inline(__always) func span(_ y: Int) -> (lo: Int, hi: Int, p: Int, r: Int) {
        let p = m.a2 + y * m.a1, r = m.a5 + y * m.a4
        var lo = target.window.x0, hi = target.window.x0 + target.window.width - 1
        clipSpan(p, m.a0, srcWidth << 16, &lo, &hi)
        clipSpan(r, m.a3, srcHeight << 16, &lo, &hi)
        return (lo, hi, p, r)
    }

    /// Fills the parts of output row `y` outside `lo...hi`; returns the output columns of the span.
    @inline(__always) func fillOutside<P: BitwiseCopyable>(_ y: Int, _ lo: Int, _ hi: Int, _ t: P.Type)
        -> (first: Int, last: Int)
    {
        let row = target.row(y), w = target.window.width
        if lo > hi {
            target.fillPixels(row, 0, w, P.self)
            return (1, 0)
        }
        let c0 = target.column(target.flipX ? hi : lo), c1 = target.column(target.flipX ? lo : hi)
        target.fillPixels(row, 0, c0, P.self)
        target.fillPixels(row, c1 + 1, w - 1 - c1, P.self)
        return (c0, c1)
    }

    /// Whether every 4-byte word read of row `y`'s span (`lo...hi`, row sums `p`, `r`) stays inside the source:
    /// the offsets are linear in x, so checking the two ends is enough.
    @inline(__always) func wordSafe(_ lo: Int, _ hi: Int, _ p: Int, _ r: Int) -> Bool {
        if lo > hi { return false }
        let o1 = ((r + lo * m.a3) >> 16) * srcStride + ((p + lo * m.a0) >> 16) * 3
        let o2 = ((r + hi * m.a3) >> 16) * srcStride + ((p + hi * m.a0) >> 16) * 3
        return max(o1, o2) + 4 <= srcBytes
    }

    /// Copies output columns `c0...c1` of canvas row `y` (fixed-point row sums `p`, `r`); `words`: 3-byte
    /// pixels may be read as 4-byte words (see ``wordSafe(_:_:_:_:)``).
    @inline(__always) func copy<P: BitwiseCopyable>(_ y: Int, _ p: Int, _ r: Int, _ c0: Int, _ c1: Int,
                                                     _ words: Bool, _ t: P.Type) {
        let size = MemoryLayout<P>.size
        let x = target.flipX ? target.window.x0 + target.window.width - 1 - c0 : target.window.x0 + c0
        var xx = p + x * m.a0, yy = r + x * m.a3
        let dx = target.flipX ? -m.a0 : m.a0, dy = target.flipX ? -m.a3 : m.a3
        var d = target.row(y) + c0 * size
        let ss = srcStride
        var count = c1 - c0 + 1
        if size == 3 && words {
            // 3-byte pixels move as 4-byte words: the extra byte lands on the next pixel, which is written
            // next; the segment's last pixel is moved as 3 bytes.
            while count > 1 {
                d.storeBytes(of: src.pixel(at: (yy >> 16) &* ss &+ (xx >> 16) &* 3, as: UInt32.self), as: UInt32.self)
                d += 3
                xx &+= dx
                yy &+= dy
                count &-= 1
            }
        }
        while count > 0 {
            d.storeBytes(of: src.pixel(at: (yy >> 16) &* ss &+ (xx >> 16) &* size, as: P.self), as: P.self)
            d += size
            xx &+= dx
            yy &+= dy
            count &-= 1
        }
    }

    func run<P: BitwiseCopyable>(_ pixel: P.Type) {
        let win = target.window
        if win.width <= 0 || win.height <= 0 { return }
        let yEnd = win.y0 + win.height
        if tile <= 0 {
            for y in win.y0..<yEnd {
                let s = span(y)
                let (c0, c1) = fillOutside(y, s.lo, s.hi, P.self)
                if c0 <= c1 { copy(y, s.p, s.r, c0, c1, MemoryLayout<P>.size == 3 && wordSafe(s.lo, s.hi, s.p, s.r), P.self) }
            }
            return
        }
        let t = tile
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 5 * t) { buf in
            let b = buf.baseAddress!
            var y0 = win.y0
            while y0 < yEnd {
                let n = min(t, yEnd - y0)
                for k in 0..<n {
                    let s = span(y0 + k)
                    let (c0, c1) = fillOutside(y0 + k, s.lo, s.hi, P.self)
                    b[5 * k] = c0
                    b[5 * k + 1] = c1
                    b[5 * k + 2] = s.p
                    b[5 * k + 3] = s.r
                    b[5 * k + 4] = MemoryLayout<P>.size == 3 && wordSafe(s.lo, s.hi, s.p, s.r) ? 1 : 0
                }
                var tx = 0
                while tx < win.width {
                    let tEnd = min(tx + t, win.width) - 1
                    for k in 0..<n {
                        let c0 = max(b[5 * k], tx), c1 = min(b[5 * k + 1], tEnd)
                        if c0 <= c1 { copy(y0 + k, b[5 * k + 2], b[5 * k + 3], c0, c1, b[5 * k + 4] != 0, P.self) }
                    }
                    tx += t
                }
                y0 += n
            }
        }
    }
}

/// Pillow's floating-point nearest paths, for what 16.16 fixed point cannot take: `ImagingScaleAffine`
/// (no shear: angle 0 or 180 about a given centre) and the double loop for canvases beyond +-32768.
struct NearestDoubleKernel {
    let src: UnsafeRawPointer
    let srcWidth: Int, srcHeight: Int, srcStride: Int, bpp: Int
    let target: RotationTarget
    let g: RotationGeometry

    /// Pillow's COORD(v) with the bounds check: the source index, or -1 outside `0..<limit`.
    @inline(__always) private func coord(_ v: Double, _ limit: Int) -> Int {
        v >= 0 && v < Double(limit) ? Int(v) : -1
    }

    @inline(__always) private func put(_ x: Int, _ y: Int, _ xs: Int, _ ys: Int) {
        let d = target.row(y) + target.column(x) * bpp
        if xs >= 0 && ys >= 0 {
            d.copyMemory(from: src + ys * srcStride + xs * bpp, byteCount: bpp)
        } else if let fill = target.fill {
            d.copyMemory(from: fill, byteCount: bpp)
        } else {
            d.initializeMemory(as: UInt8.self, repeating: 0, count: bpp)
        }
    }

    /// Pillow's `ImagingGenericTransform` with `nearest_filter16` (its path for I;16): every pixel's source
    /// computed afresh in doubles, `COORD` truncating.
    func runGeneric() {
        let win = target.window
        for y in win.y0..<(win.y0 + win.height) {
            let yi = Double(y) + 0.5
            for x in win.x0..<(win.x0 + win.width) {
                let xi = Double(x) + 0.5
                let xs = coord(g.a * xi + g.b * yi + g.c, srcWidth), ys = coord(g.d * xi + g.e * yi + g.f, srcHeight)
                put(x, y, ys >= 0 ? xs : -1, xs >= 0 ? ys : -1)
            }
        }
    }

    func run() {
        let win = target.window
        let xr = win.x0..<(win.x0 + win.width), yr = win.y0..<(win.y0 + win.height)
        if g.isScale {
            var xtab = [Int](repeating: -1, count: g.outWidth)
            var xo = g.c + g.a * 0.5
            for x in 0..<g.outWidth {
                xtab[x] = coord(xo, srcWidth)
                xo += g.a
            }
            var yo = g.f + g.e * 0.5
            for y in 0..<g.outHeight {
                let yi = coord(yo, srcHeight)
                if yr.contains(y) {
                    for x in xr { put(x, y, yi >= 0 ? xtab[x] : -1, yi) }
                }
                yo += g.e
            }
        } else {
            var xo = g.c + g.b * 0.5 + g.a * 0.5
            var yo = g.f + g.e * 0.5 + g.d * 0.5
            for y in 0..<g.outHeight {
                var xx = xo, yy = yo
                for x in 0..<g.outWidth {
                    if yr.contains(y) && xr.contains(x) {
                        let xi = coord(xx, srcWidth), yi = coord(yy, srcHeight)
                        put(x, y, yi >= 0 ? xi : -1, xi >= 0 ? yi : -1)
                    }
                    xx += g.a
                    yy += g.d
                }
                xo += g.b
                yo += g.e
            }
        }
    }
}
