import Augment
import Testing

/// `Transpose.then` and `SampledPipeline.exactness`: the composition of exact steps into the one transform that the
/// lossless JPEG path asks TurboJPEG for.
@Suite struct ExactnessTests {
    @Test func thenComposesAsApplyingBothInTurn() {
        let b = randomBuffer(5, 3, .rgb, seed: 11)
        for first in Transpose.allCases {
            for next in Transpose.allCases {
                let both = b.transposed(first).transposed(next)
                let composed = first.then(next)
                let one = composed.map { b.transposed($0) } ?? b
                #expect(one == both, "\(first) then \(next) = \(composed.map { "\($0)" } ?? "identity")")
            }
        }
        #expect(Transpose.rotate90.then(.rotate90) == .rotate180)
        #expect(Transpose.flipLeftRight.then(.flipLeftRight) == nil)
        #expect(Transpose.rotate90.then(.flipLeftRight) == .transverse)
    }

    /// The EXIF orientation comes first, then the ops; the combined transform makes the pipeline's pixels and size.
    @Test func exactPipelinesComposeWithTheEXIFOrientation() {
        let b = randomBuffer(6, 4, .gray, seed: 3)
        for orientation in 1...8 {
            let pipelines: [[SampledOp]] = [
                [.transpose(.flipLeftRight)], [.transpose(.rotate90), .transpose(.flipTopBottom)], [],
            ]
            for ops in pipelines {
                let sampled = SampledPipeline(ops: ops, exifOrientation: orientation)
                guard case .exact(let t) = sampled.exactness(width: 6, height: 4) else {
                    Issue.record("\(sampled) with orientation \(orientation) is exact")
                    continue
                }
                let one = t.map { b.transposed($0) } ?? b
                #expect(one == sampled.apply(to: b), "\(sampled) orientation \(orientation)")
            }
        }
    }

    @Test func rotationsAreExactWherePillowTakesTheTransposePath() {
        let exact90 = SampledOp.rotate(Rotation(degrees: 90, expand: true))
        #expect(SampledPipeline(ops: [exact90]).exactness(width: 6, height: 4) == .exact(.rotate90))
        let half = SampledOp.rotate(Rotation(degrees: -180))
        #expect(SampledPipeline(ops: [half]).exactness(width: 6, height: 4) == .exact(.rotate180))
        #expect(SampledPipeline(ops: [.rotate(Rotation(degrees: 0))]).exactness(width: 6, height: 4) == .exact(nil))
        // 90 degrees without expand is exact only on a square image.
        let plain90 = SampledOp.rotate(Rotation(degrees: 90))
        #expect(SampledPipeline(ops: [plain90]).exactness(width: 4, height: 4) == .exact(.rotate90))
        #expect(SampledPipeline(ops: [plain90]).exactness(width: 6, height: 4) == .inexact(plain90))
        let tilted = SampledOp.rotate(Rotation(degrees: 12.5, expand: true))
        let mixed = SampledPipeline(ops: [.transpose(.flipLeftRight), tilted])
        #expect(mixed.exactness(width: 6, height: 4) == .inexact(tilted))
    }
}
