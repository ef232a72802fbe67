/// Bilinear resizing, used to bring an inscribed crop back to the input size.
extension PixelBuffer {
    /// Writes this buffer resized to `width x height` into `output` with bilinear interpolation on pixel
    /// centres (source x = (X + 0.5) * w / width - 0.5, clamped to the edge), rounding to nearest.
    ///
    /// Not Pillow's `resize` (which widens its filter when shrinking): this is for the small scale-ups after
    /// an inscribed crop. Its forward map is a pure scaling, `x' = x * width / w`.
    /// - Parameters:
    ///   - width: Output width.
    ///   - height: Output height.
    ///   - output: A caller-owned buffer, reshaped; must not share storage with `self`.
    public func resize(width ow: Int, height oh: Int, into output: inout PixelBuffer) {
        if ow == width && oh == height { return copy(into: &output) }
        output.reshape(width: ow, height: oh, layout: layout, depth: depth)
        if output.pixelCount == 0 { return }
        if pixelCount == 0 {
            output.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
            return
        }
        let (w, h, ss, ds) = (width, height, rowStride, output.rowStride)
        withUnsafeBytes { s in
            output.withUnsafeMutableBytes { d in
                dispatchSamples(ResizeKernel(src: s.baseAddress!, srcWidth: w, srcHeight: h, srcStride: ss,
                                             dst: d.baseAddress!, dstWidth: ow, dstHeight: oh, dstStride: ds))
            }
        }
    }
}

struct ResizeKernel: SampleKernel {
    let src: UnsafeRawPointer
    let srcWidth: Int, srcHeight: Int, srcStride: Int
    let dst: UnsafeMutableRawPointer
    let dstWidth: Int, dstHeight: Int, dstStride: Int

    /// The two taps and the 16.16 weight of the second, for output position `o`.
    @inline(__always) private static func taps(_ o: Int, _ scale: Double, _ limit: Int) -> (Int, Int, Int) {
        var s = (Double(o) + 0.5) * scale - 0.5
        s = s < 0 ? 0 : s > Double(limit - 1) ? Double(limit - 1) : s
        let i = Int(s)
        return (i, min(i + 1, limit - 1), Int((s - Double(i)) * 65536))
    }

    func run<T: Sample, C: ChannelCount>(_ sample: T.Type, _ channels: C.Type) {
        let n = C.count
        let sx = Double(srcWidth) / Double(dstWidth), sy = Double(srcHeight) / Double(dstHeight)
        let s = src.assumingMemoryBound(to: T.self)
        let rowElems = srcStride / MemoryLayout<T>.size
        withUnsafeTemporaryAllocation(of: (Int, Int, Int).self, capacity: dstWidth) { xt in
            for x in 0..<dstWidth {
                let (i0, i1, f) = Self.taps(x, sx, srcWidth)
                xt[x] = (i0 * n, i1 * n, f)
            }
            for y in 0..<dstHeight {
                let (j0, j1, fy) = Self.taps(y, sy, srcHeight)
                let gy = 65536 - fy
                let r0 = s + j0 * rowElems, r1 = s + j1 * rowElems
                let out = (dst + y * dstStride).assumingMemoryBound(to: T.self)
                for x in 0..<dstWidth {
                    let (c0, c1, fx) = xt[x]
                    let gx = 65536 - fx
                    for k in 0..<C.count {
                        let top = Int(r0[c0 + k]) * gx + Int(r0[c1 + k]) * fx
                        let bottom = Int(r1[c0 + k]) * gx + Int(r1[c1 + k]) * fx
                        out[x * n + k] = T(truncatingIfNeeded: (top * gy + bottom * fy + (1 << 31)) >> 32)
                    }
                }
            }
        }
    }
}
