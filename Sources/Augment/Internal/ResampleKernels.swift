#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pillow's convolution resampler (`src/libImaging/Resample.c`, `ImagingResample`): separable, one pass per axis,
/// the filter widened by the downscale factor (antialiasing). 8-bit samples in Pillow's fixed point
/// (`PRECISION_BITS` = 22, half added, `clip8`), 16-bit in doubles rounded half away from zero (its `_16bpc` path).
/// The coefficients are computed with the same doubles in the same order as `precompute_coeffs`.
struct ResampleCoefficients {
    /// Taps per output sample (`ksize`).
    let ksize: Int
    /// For each output sample, the first source sample and the number of taps.
    let bounds: [(first: Int, count: Int)]
    /// `outSize * ksize` weights (normalised to sum 1), as doubles.
    let weights: [Double]

    /// Pillow's `precompute_coeffs(inSize, in0, in1, outSize, filter)` (the box edges are C floats there).
    init(inSize: Int, in0: Float, in1: Float, outSize: Int, filter: ResizeFilter) {
        let scale = Double(in1 - in0) / Double(outSize)
        let filterscale = scale < 1.0 ? 1.0 : scale
        let support = filter.support * filterscale
        let ksize = Int(support.rounded(.up)) * 2 + 1
        var bounds: [(Int, Int)] = []
        bounds.reserveCapacity(outSize)
        var kk = [Double](repeating: 0, count: outSize * ksize)
        let invFilterscale = 1.0 / filterscale
        for xx in 0..<outSize {
            let center = Double(in0) + (Double(xx) + 0.5) * scale
            var ww = 0.0
            var xmin = Int(center - support + 0.5)
            if xmin < 0 { xmin = 0 }
            var xmax = Int(center + support + 0.5)
            if xmax > inSize { xmax = inSize }
            xmax -= xmin
            let k = xx * ksize
            for x in 0..<max(xmax, 0) {
                let w = filter.weight((Double(x + xmin) - center + 0.5) * invFilterscale)
                kk[k + x] = w
                ww += w
            }
            if ww != 0.0 {
                for x in 0..<max(xmax, 0) { kk[k + x] /= ww }
            }
            bounds.append((xmin, max(xmax, 0)))
        }
        self.ksize = ksize
        self.bounds = bounds
        self.weights = kk
    }

    /// The weights in Pillow's 8-bit fixed point (`normalize_coeffs_8bpc`): `(int)(w * 2^22 +- 0.5)`.
    var fixed: [Int32] {
        weights.map { w in
            Int32(w < 0 ? -0.5 + w * Double(1 << ResampleKernel.precisionBits)
                        : 0.5 + w * Double(1 << ResampleKernel.precisionBits))
        }
    }
}

extension ResizeFilter {
    /// The filter's support at scale 1 (Pillow's `struct filter`).
    var support: Double {
        switch self {
        case .nearest, .box: return 0.5
        case .bilinear, .hamming: return 1.0
        case .bicubic: return 2.0
        case .lanczos: return 3.0
        }
    }

    /// The filter's value at `x` (Pillow's `*_filter` functions, the same arithmetic; `0.54f`/`0.46f` are C floats).
    func weight(_ x: Double) -> Double {
        switch self {
        case .nearest, .box:
            return x > -0.5 && x <= 0.5 ? 1.0 : 0.0
        case .bilinear:
            let x = x < 0 ? -x : x
            return x < 1.0 ? 1.0 - x : 0.0
        case .hamming:
            var x = x < 0 ? -x : x
            if x == 0.0 { return 1.0 }
            if x >= 1.0 { return 0.0 }
            x = x * Double.pi
            return sin(x) / x * (Double(Float(0.54)) + Double(Float(0.46)) * cos(x))
        case .bicubic:
            let a = -0.5
            let x = x < 0 ? -x : x
            if x < 1.0 { return ((a + 2.0) * x - (a + 3.0)) * x * x + 1 }
            if x < 2.0 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0.0
        case .lanczos:
            @inline(__always) func sinc(_ x: Double) -> Double {
                if x == 0.0 { return 1.0 }
                let y = x * Double.pi
                return sin(y) / y
            }
            return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0
        }
    }
}

/// One pass of Pillow's resampler over interleaved samples of type `T` with `C` channels.
struct ResampleKernel: SampleKernel {
    /// Pillow's `PRECISION_BITS`: 32 - 8 - 2.
    static let precisionBits = 22

    let src: UnsafeRawPointer
    let srcStride: Int
    let dst: UnsafeMutableRawPointer
    let dstStride: Int
    /// Output columns (horizontal) or the row width in pixels (vertical).
    let width: Int
    /// Output rows.
    let height: Int
    /// Source rows skipped before output row 0 (the horizontal pass's `offset`).
    let rowOffset: Int
    let horizontal: Bool
    let coefficients: ResampleCoefficients
    /// The fixed-point weights (8-bit samples only).
    let fixed: [Int32]
    /// Whether 8-bit samples take the vector kernels (``ResampleHorizontal8``, ``ResampleVertical8``); `false` runs
    /// the per-sample loops below, Pillow's own, which the tests compare them with.
    var vectorised = true

    func run<T: Sample, C: ChannelCount>(_ sample: T.Type, _ channels: C.Type) {
        if T.bitWidth == 8 && vectorised && ResampleSIMD.available {
            let done = horizontal
                ? ResampleHorizontal8.run(C.self, src: src, srcStride: srcStride, dst: dst, dstStride: dstStride,
                                          width: width, height: height, rowOffset: rowOffset,
                                          coefficients: coefficients, fixed: fixed)
                : ResampleVertical8.run(src: src, srcStride: srcStride, dst: dst, dstStride: dstStride,
                                        samples: width * C.count, height: height, coefficients: coefficients,
                                        fixed: fixed)
            if done { return }
        }
        if horizontal { runHorizontal(T.self, C.self) } else { runVertical(T.self, C.self) }
    }

    @inline(__always) private static func clip8(_ ss: Int) -> Int {
        let v = ss >> precisionBits
        return v < 0 ? 0 : v > 255 ? 255 : v
    }

    /// Pillow's `CLIP16(ROUND_UP(ss))`.
    @inline(__always) private static func clip16(_ ss: Double) -> Int {
        let v = Int(ss >= 0.0 ? ss + 0.5 : ss - 0.5)
        return v < 0 ? 0 : v > 65535 ? 65535 : v
    }

    private func runHorizontal<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
        let n = C.count, ksize = coefficients.ksize
        let eight = T.bitWidth == 8
        let half = 1 << (Self.precisionBits - 1)
        coefficients.weights.withUnsafeBufferPointer { kd in
            fixed.withUnsafeBufferPointer { ki in
                coefficients.bounds.withUnsafeBufferPointer { bounds in
                    for yy in 0..<height {
                        let line = (src + (yy + rowOffset) * srcStride).assumingMemoryBound(to: T.self)
                        let out = (dst + yy * dstStride).assumingMemoryBound(to: T.self)
                        for xx in 0..<width {
                            let (xmin, count) = bounds[xx]
                            let p = line + xmin * n
                            let o = out + xx * n
                            if eight {
                                let k = ki.baseAddress! + xx * ksize
                                var ss = (0, 0, 0, 0)
                                for x in 0..<count {
                                    let w = Int(k[x]), q = p + x * n
                                    ss.0 &+= Int(q[0]) &* w
                                    if n > 1 { ss.1 &+= Int(q[1]) &* w }
                                    if n > 2 { ss.2 &+= Int(q[2]) &* w }
                                    if n > 3 { ss.3 &+= Int(q[3]) &* w }
                                }
                                o[0] = T(truncatingIfNeeded: Self.clip8(ss.0 &+ half))
                                if n > 1 { o[1] = T(truncatingIfNeeded: Self.clip8(ss.1 &+ half)) }
                                if n > 2 { o[2] = T(truncatingIfNeeded: Self.clip8(ss.2 &+ half)) }
                                if n > 3 { o[3] = T(truncatingIfNeeded: Self.clip8(ss.3 &+ half)) }
                            } else {
                                let k = kd.baseAddress! + xx * ksize
                                for c in 0..<C.count {
                                    var ss = 0.0
                                    for x in 0..<count { ss += Double(p[x * n + c]) * k[x] }
                                    o[c] = T(truncatingIfNeeded: Self.clip16(ss))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func runVertical<T: Sample, C: ChannelCount>(_: T.Type, _: C.Type) {
        let ksize = coefficients.ksize
        let samples = width * C.count
        let eight = T.bitWidth == 8
        let half = 1 << (Self.precisionBits - 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: eight ? samples : 0) { acc in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: eight ? 0 : samples) { accd in
                for yy in 0..<height {
                    let (ymin, count) = coefficients.bounds[yy]
                    let out = (dst + yy * dstStride).assumingMemoryBound(to: T.self)
                    if eight {
                        let a = acc.baseAddress!
                        for i in 0..<samples { a[i] = half }
                        for y in 0..<count {
                            let w = Int(fixed[yy * ksize + y])
                            let line = (src + (ymin + y) * srcStride).assumingMemoryBound(to: T.self)
                            for i in 0..<samples { a[i] &+= Int(line[i]) &* w }
                        }
                        for i in 0..<samples { out[i] = T(truncatingIfNeeded: Self.clip8(a[i])) }
                    } else {
                        let a = accd.baseAddress!
                        for i in 0..<samples { a[i] = 0 }
                        for y in 0..<count {
                            let w = coefficients.weights[yy * ksize + y]
                            let line = (src + (ymin + y) * srcStride).assumingMemoryBound(to: T.self)
                            for i in 0..<samples { a[i] += Double(line[i]) * w }
                        }
                        for i in 0..<samples { out[i] = T(truncatingIfNeeded: Self.clip16(a[i])) }
                    }
                }
            }
        }
    }
}
