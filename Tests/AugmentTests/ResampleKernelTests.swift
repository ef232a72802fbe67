@testable import Augment
import PropertyBased
import Testing

/// The vector kernels of the 8-bit resampler (``ResampleHorizontal8``, ``ResampleVertical8``) against Pillow's
/// per-sample integer loops (``ResampleKernel`` with `vectorised: false`), byte for byte, on random samples and
/// sizes: every filter (bicubic's and lanczos's negative weights), 1 to 4 channels, sizes from 1 (tails shorter than
/// a vector, blocks of fewer than 8 rows), large reductions (many taps), odd strides and the horizontal pass's
/// row offset; samples random or only 0 and 255 (the clamps).
@Suite struct ResampleKernelTests {
    static let filters: [ResizeFilter] = [.box, .bilinear, .hamming, .bicubic, .lanczos]

    /// Runs one pass both ways and returns the two outputs.
    static func both(horizontal: Bool, channels: Int, inWidth: Int, inHeight: Int, outSize: Int, rowOffset: Int,
                     filter: ResizeFilter, seed: UInt64) -> ([UInt8], [UInt8]) {
        let srcStride = inWidth * channels + Int(seed % 5)
        var s = seed
        let extremes = seed % 3 == 0
        let src = (0..<(srcStride * inHeight)).map { _ -> UInt8 in
            s &+= 0x9e37_79b9_7f4a_7c15
            let v = UInt8(truncatingIfNeeded: AugmentRandom.mix(s) >> 32)
            return extremes ? (v & 1 == 0 ? 0 : 255) : v
        }
        let inSize = horizontal ? inWidth : inHeight
        let coefficients = ResampleCoefficients(inSize: inSize, in0: 0, in1: Float(inSize), outSize: outSize,
                                                filter: filter)
        let (width, height) = horizontal ? (outSize, inHeight - rowOffset) : (inWidth, outSize)
        let dstStride = width * channels + Int(seed % 3)
        func run(_ vectorised: Bool) -> [UInt8] {
            var dst = [UInt8](repeating: 7, count: dstStride * height)
            src.withUnsafeBytes { s in
                dst.withUnsafeMutableBytes { d in
                    var k = ResampleKernel(src: s.baseAddress!, srcStride: srcStride, dst: d.baseAddress!,
                                           dstStride: dstStride, width: width, height: height, rowOffset: rowOffset,
                                           horizontal: horizontal, coefficients: coefficients,
                                           fixed: coefficients.fixed)
                    k.vectorised = vectorised
                    switch channels {
                    case 1: k.run(UInt8.self, Channels1.self)
                    case 2: k.run(UInt8.self, Channels2.self)
                    case 3: k.run(UInt8.self, Channels3.self)
                    default: k.run(UInt8.self, Channels4.self)
                    }
                }
            }
            return dst
        }
        return (run(true), run(false))
    }

    @Test func horizontalPassIsPillows() async {
        await propertyCheck(input: Gen.int(in: 0..<5), Gen.int(in: 1...4), Gen.int(in: 1...90), Gen.int(in: 1...20),
                            Gen.int(in: 1...70), Gen.uint64()) { f, n, w, h, ow, seed in
            let offset = Int(seed % UInt64(h))
            let (v, s) = Self.both(horizontal: true, channels: n, inWidth: w, inHeight: h, outSize: ow,
                                   rowOffset: offset, filter: Self.filters[f], seed: seed)
            #expect(v == s, "\(Self.filters[f]) \(n) channels \(w)x\(h) -> \(ow) offset \(offset)")
        }
    }

    @Test func verticalPassIsPillows() async {
        await propertyCheck(input: Gen.int(in: 0..<5), Gen.int(in: 1...4), Gen.int(in: 1...40), Gen.int(in: 1...90),
                            Gen.int(in: 1...70), Gen.uint64()) { f, n, w, h, oh, seed in
            let (v, s) = Self.both(horizontal: false, channels: n, inWidth: w, inHeight: h, outSize: oh,
                                   rowOffset: 0, filter: Self.filters[f], seed: seed)
            #expect(v == s, "\(Self.filters[f]) \(n) channels \(w)x\(h) -> \(oh)")
        }
    }

    /// Strong reductions: hundreds of taps per output sample.
    @Test(arguments: filters)
    func manyTapsArePillows(_ filter: ResizeFilter) {
        for (n, size, out) in [(3, 701, 3), (1, 333, 1), (4, 260, 7), (2, 517, 2)] {
            let h = Self.both(horizontal: true, channels: n, inWidth: size, inHeight: 11, outSize: out, rowOffset: 2,
                              filter: filter, seed: UInt64(size))
            #expect(h.0 == h.1, "horizontal \(filter) \(n) channels \(size) -> \(out)")
            let v = Self.both(horizontal: false, channels: n, inWidth: 9, inHeight: size, outSize: out, rowOffset: 0,
                              filter: filter, seed: UInt64(size) + 1)
            #expect(v.0 == v.1, "vertical \(filter) \(n) channels \(size) -> \(out)")
        }
    }

    /// The split's range: any weight below 2^26 in magnitude splits exactly into `wh << 11 + wl`; beyond, the
    /// kernels decline (and the per-sample loops run).
    @Test func weightsSplitExactlyOrDecline() throws {
        let fixed: [Int32] = [1 << 22, -(1 << 22), 3, -3, (1 << 26) - 1, -((1 << 26) - 1), 0]
        let split = try #require(SplitWeights(fixed: fixed, ksize: 7, outSize: 1))
        for t in 0..<7 {
            let entry = 2 * (t / 2), lane = t % 2
            let w = Int(split.table[entry][lane]) << 11 + Int(split.table[entry + 1][lane])
            #expect(w == Int(fixed[t]) && (0..<2048).contains(Int(split.table[entry + 1][lane])))
        }
        #expect(split.table[7][1] == 0 && split.table[6][1] == 0)  // the tap past ksize
        #expect(SplitWeights(fixed: [1 << 26], ksize: 1, outSize: 1) == nil)
    }
}
