import Augment

/// Deterministic pseudo-random samples (SplitMix64) for test buffers.
func randomBuffer(_ w: Int, _ h: Int, _ layout: PixelBuffer.Layout, _ depth: PixelBuffer.SampleDepth = .eight,
                  seed: UInt64 = 1) -> PixelBuffer {
    var s = seed
    let n = w * h * layout.channels * depth.bytes
    var bytes = [UInt8](repeating: 0, count: n)
    for i in 0..<n {
        s &+= 0x9e37_79b9_7f4a_7c15
        bytes[i] = UInt8(truncatingIfNeeded: AugmentRandom.mix(s) >> 32)
    }
    return try! PixelBuffer(width: w, height: h, layout: layout, depth: depth, bytes: bytes)
}

/// A buffer whose every pixel is distinct (its index in the first samples) where the pixel size allows.
func indexBuffer(_ w: Int, _ h: Int, _ layout: PixelBuffer.Layout, _ depth: PixelBuffer.SampleDepth = .eight)
    -> PixelBuffer {
    var b = PixelBuffer(width: w, height: h, layout: layout, depth: depth)
    let bpp = b.bytesPerPixel
    b.withUnsafeMutableBytes { raw in
        for i in 0..<(w * h) {
            for k in 0..<bpp { raw[i * bpp + k] = UInt8(truncatingIfNeeded: (i &* 2654435761) >> (8 * (k % 4))) }
        }
    }
    return b
}

/// The bytes of pixel (x, y).
func pixel(_ b: PixelBuffer, _ x: Int, _ y: Int) -> [UInt8] {
    let bpp = b.bytesPerPixel
    let o = y * b.rowStride + x * bpp
    return Array(b.bytes[o..<(o + bpp)])
}

/// Pillow's `Image.transpose` written pixel by pixel from its definition (the oracle for the fast kernels).
func referenceTranspose(_ b: PixelBuffer, _ t: Transpose) -> PixelBuffer {
    let (w, h) = (b.width, b.height)
    let (ow, oh) = t.outputSize(width: w, height: h)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(b.bytes.count)
    for y in 0..<oh {
        for x in 0..<ow {
            let (sx, sy): (Int, Int)
            switch t {
            case .flipLeftRight: (sx, sy) = (w - 1 - x, y)
            case .flipTopBottom: (sx, sy) = (x, h - 1 - y)
            case .rotate180: (sx, sy) = (w - 1 - x, h - 1 - y)
            case .rotate90: (sx, sy) = (w - 1 - y, x)
            case .rotate270: (sx, sy) = (y, h - 1 - x)
            case .transpose: (sx, sy) = (y, x)
            case .transverse: (sx, sy) = (w - 1 - y, h - 1 - x)
            }
            bytes += pixel(b, sx, sy)
        }
    }
    return try! PixelBuffer(width: ow, height: oh, layout: b.layout, depth: b.depth, bytes: bytes)
}

/// Every layout and depth.
let allFormats: [(PixelBuffer.Layout, PixelBuffer.SampleDepth)] =
    PixelBuffer.Layout.allCases.flatMap { l in PixelBuffer.SampleDepth.allCases.map { (l, $0) } }

/// Odd sizes: 1x1, 1xN, Nx1, primes, and a size larger than one 32-pixel tile.
let oddSizes: [(Int, Int)] = [(1, 1), (1, 7), (7, 1), (2, 3), (13, 17), (31, 29), (37, 23), (67, 41)]
