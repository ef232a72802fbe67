import Synchronization

/// Pixel-moving kernels of the transpose family. Pointers are taken once by the caller; the loops do
/// no bounds checks, no `Array` access and no allocation.

/// The axis-swapping transforms (transpose, rotate90, rotate270, transverse), in square output tiles so
/// that the source rows a tile reads stay in L1 while the tile is written.
@usableFromInline
struct TransposeKernel: PixelKernel {
    let src: UnsafeRawPointer
    let dst: UnsafeMutableRawPointer
    let srcWidth: Int, srcHeight: Int, srcStride: Int, dstStride: Int
    /// Mirror the output's x (after the swap), and its y.
    let flipX: Bool, flipY: Bool

    /// Output tile side in pixels.
    static let tile = Atomic<Int>(64)

    @usableFromInline
    func run<P: BitwiseCopyable>(_ pixel: P.Type) {
        let bpp = MemoryLayout<P>.size
        let ow = srcHeight, oh = srcWidth  // output size
        let tile = Self.tile.load(ordering: .relaxed)
        // Output (X, Y) reads source column x = Y0, row y = X0, where X0/Y0 undo the flips.
        let step = flipX ? -srcStride : srcStride  // source bytes per output pixel along an output row
        var ty = 0
        while ty < oh {
            let yEnd = min(ty + tile, oh)
            var tx = 0
            while tx < ow {
                let xEnd = min(tx + tile, ow)
                let n = xEnd - tx
                let row0 = flipX ? ow - 1 - tx : tx  // source row of the tile's first column
                var oy = ty
                if bpp == 3 {
                    // Two output rows at a time: they read neighbouring source columns, so one 8-byte word
                    // from one byte before the left one (never before the buffer's start nor past its end:
                    // checked below) holds both pixels; each is stored as a 4-byte word whose extra
                    // byte the next pixel overwrites, the segment's last pixel as 3 bytes.
                    while oy + 1 < yEnd {
                        let sx = flipY ? oh - 2 - oy : oy  // the left of the two source columns
                        var s = row0 * srcStride + sx * 3
                        if min(s, s + (n - 1) * step) < 1 { break }
                        // The 8-byte loads read bytes s - 1 ... s + 6 of every position the loop visits (the
                        // last pixel is copied as 3 bytes): all must lie inside the source (found by ASan).
                        if max(s, s + (n - 2) * step) + 7 > srcStride * srcHeight { break }
                        let upper = dst + oy * dstStride + tx * 3, lower = upper + dstStride
                        var dl = flipY ? lower : upper, dr = flipY ? upper : lower  // rows of columns sx, sx+1
                        var sp = src + (s - 1)
                        for _ in 0..<(n - 1) {
                            let v = sp.loadUnaligned(as: UInt64.self)
                            dl.storeBytes(of: UInt32(truncatingIfNeeded: v >> 8), as: UInt32.self)
                            dr.storeBytes(of: UInt32(truncatingIfNeeded: v >> 32), as: UInt32.self)
                            dl += 3
                            dr += 3
                            sp += step
                        }
                        s = sp - src + 1
                        dl.storeBytes(of: src.pixel(at: s, as: Pixel3.self), as: Pixel3.self)
                        dr.storeBytes(of: src.pixel(at: s + 3, as: Pixel3.self), as: Pixel3.self)
                        oy += 2
                    }
                }
                while oy < yEnd {
                    let sx = flipY ? oh - 1 - oy : oy
                    var sp = src + (row0 * srcStride + sx * bpp)
                    var d = dst + oy * dstStride + tx * bpp
                    for _ in 0..<n {
                        d.storeBytes(of: sp.loadUnaligned(as: P.self), as: P.self)
                        d += bpp
                        sp += step
                    }
                    oy += 1
                }
                tx = xEnd
            }
            ty = yEnd
        }
    }
}

/// Mirror every row left-right (flipLeftRight), optionally also taking the rows bottom-up (rotate180).
@usableFromInline
struct MirrorRowsKernel: PixelKernel {
    let src: UnsafeRawPointer
    let dst: UnsafeMutableRawPointer
    let width: Int, height: Int, srcStride: Int, dstStride: Int
    let flipY: Bool

    @usableFromInline
    func run<P: BitwiseCopyable>(_ pixel: P.Type) {
        let bpp = MemoryLayout<P>.size
        let w = width
        for y in 0..<height {
            let s = src + (flipY ? height - 1 - y : y) * srcStride + (w - 1) * bpp
            let d = dst + y * dstStride
            var k = 0
            if bpp == 3 {
                // Source pixel p = w-1-k >= 1 read as a 4-byte word from one byte before it (inside the
                // buffer), stored as 4 bytes; the next store overwrites the extra byte. (Two pixels per
                // 8-byte word, and unrolling by 4, measured slower.)
                var sp = s - 1, dp = d
                while k < w - 1 {
                    dp.storeBytes(of: sp.loadUnaligned(as: UInt32.self) >> 8, as: UInt32.self)
                    sp -= 3
                    dp += 3
                    k &+= 1
                }
            }
            var sp = s - k * bpp, dp = d + k * bpp
            while k < w {
                dp.storeBytes(of: sp.loadUnaligned(as: P.self), as: P.self)
                sp -= bpp
                dp += bpp
                k &+= 1
            }
        }
    }
}
