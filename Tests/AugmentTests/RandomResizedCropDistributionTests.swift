import Augment
import Foundation
import Testing

/// `random-resized-crop`'s boxes, drawn as a run draws them (10,000 copies through ``Pipeline/sample(seed:key:copy:)``),
/// against torchvision's `RandomResizedCrop.get_params` written out again here on an unrelated generator: the same
/// distribution of width, height, left and top (two-sample Kolmogorov-Smirnov at alpha = 0.001) and the same share of
/// fallbacks, on a wide image, a square one and one so thin that most attempts fail.
@Suite struct RandomResizedCropDistributionTests {
    /// xorshift64*, unrelated to augment's counter-based generator.
    struct XorShift {
        var s: UInt64
        mutating func unit() -> Double {
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27
            return Double((s &* 0x2545_F491_4F6C_DD1D) >> 11) * 0x1p-53
        }
    }

    /// torchvision/transforms/transforms.py, `RandomResizedCrop.get_params`, line by line (`torch.empty(1).uniform_`
    /// is `lo + (hi - lo) u`; `torch.randint(0, n)` is `floor(u n)`; `round` is half to even). The last value says
    /// whether the fallback ran.
    static func torchvisionGetParams(width: Int, height: Int, scale: (Double, Double), ratio: (Double, Double),
                                     _ g: inout XorShift) -> ([Int], Bool) {
        let area = Double(height * width)
        let logRatio = (log(ratio.0), log(ratio.1))
        for _ in 0..<10 {
            let targetArea = area * (scale.0 + (scale.1 - scale.0) * g.unit())
            let aspectRatio = exp(logRatio.0 + (logRatio.1 - logRatio.0) * g.unit())
            let w = Int((targetArea * aspectRatio).squareRoot().rounded(.toNearestOrEven))
            let h = Int((targetArea / aspectRatio).squareRoot().rounded(.toNearestOrEven))
            if 0 < w && w <= width && 0 < h && h <= height {
                let i = Int(g.unit() * Double(height - h + 1))
                let j = Int(g.unit() * Double(width - w + 1))
                return ([j, i, w, h], false)
            }
        }
        let inRatio = Double(width) / Double(height)
        var w = width, h = height
        if inRatio < min(ratio.0, ratio.1) {
            h = Int((Double(w) / min(ratio.0, ratio.1)).rounded(.toNearestOrEven))
        } else if inRatio > max(ratio.0, ratio.1) {
            w = Int((Double(h) * max(ratio.0, ratio.1)).rounded(.toNearestOrEven))
        }
        return ([(width - w) / 2, (height - h) / 2, w, h], true)
    }

    /// The two-sample Kolmogorov-Smirnov statistic.
    static func ks(_ a: [Int], _ b: [Int]) -> Double {
        let a = a.sorted(), b = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < a.count && j < b.count {
            let v = min(a[i], b[j])
            while i < a.count && a[i] == v { i += 1 }
            while j < b.count && b[j] == v { j += 1 }
            d = max(d, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return d
    }

    @Test(arguments: [(640, 480, "0.08..1", "0.75..1.3333333333333333"), (300, 300, "0.25..0.9", "0.5..2"),
                      (200, 40, "0.08..1", "0.75..1.3333333333333333"), (400, 12, "0.08..1", "0.75..1.3333333333333333")])
    func boxesFollowTorchvisionsDistribution(_ w: Int, _ h: Int, _ scale: String, _ ratio: String) throws {
        let n = 10_000
        let p = try Pipeline(parsing: ["random-resized-crop=32x32,scale=\(scale),ratio=\(ratio)"])
        guard case .randomResizedCrop(let spec) = p.ops[0].kind else { Issue.record("\(p)"); return }
        var ours: [[Int]] = [], theirs: [[Int]] = []
        var oursFallback = 0, theirsFallback = 0
        var g = XorShift(s: 0x9E37_79B9_7F4A_7C15)
        for k in 0..<n {
            let s = p.sample(seed: 11, key: Array("img\(k).png".utf8), copy: k % 3)
            guard case .randomResizedCrop(let r) = s.ops[0] else { Issue.record("\(s)"); return }
            let b = r.box(width: w, height: h)
            ours.append([b.x, b.y, b.width, b.height])
            // A fallback is the one box no attempt can give: did any attempt fit?
            let fitted = (0..<10).contains { a in
                let area = Double(w * h) * (r.scale[0] + (r.scale[1] - r.scale[0]) * r.unit(4 * a))
                let asp = exp(log(r.ratio[0]) + (log(r.ratio[1]) - log(r.ratio[0])) * r.unit(4 * a + 1))
                let cw = Int((area * asp).squareRoot().rounded(.toNearestOrEven))
                let ch = Int((area / asp).squareRoot().rounded(.toNearestOrEven))
                return 0 < cw && cw <= w && 0 < ch && ch <= h
            }
            if !fitted { oursFallback += 1 }
            let (t, fell) = Self.torchvisionGetParams(width: w, height: h, scale: (spec.scale[0], spec.scale[1]),
                                                      ratio: (spec.ratio[0], spec.ratio[1]), &g)
            theirs.append(t)
            if fell { theirsFallback += 1 }
        }
        // c(alpha = 0.001) = 1.949: D > 1.949 sqrt(2 / n) rejects equal distributions.
        let critical = 1.949 * (2.0 / Double(n)).squareRoot()
        for (k, name) in ["left", "top", "width", "height"].enumerated() {
            let d = Self.ks(ours.map { $0[k] }, theirs.map { $0[k] })
            print("random-resized-crop \(w)x\(h) scale=\(scale) ratio=\(ratio): KS(\(name)) = \(d) (critical \(critical))")
            #expect(d < critical, "\(name): KS \(d) >= \(critical)")
        }
        // Fallback shares: binomial, 4 standard deviations.
        let pf = Double(oursFallback + theirsFallback) / Double(2 * n)
        let sd = (2 * pf * (1 - pf) / Double(n)).squareRoot()
        print("fallbacks: ours \(oursFallback), torchvision's algorithm \(theirsFallback) of \(n)")
        #expect(abs(Double(oursFallback - theirsFallback) / Double(n)) <= 4 * sd + 1e-9)
        // Every box is inside the image.
        #expect(ours.allSatisfy { $0[0] >= 0 && $0[1] >= 0 && $0[0] + $0[2] <= w && $0[1] + $0[3] <= h && $0[2] > 0 && $0[3] > 0 })
    }
}
