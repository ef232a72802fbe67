@testable import Augment
import PropertyBased
import Testing

@Suite struct RotateTests {
    @Test func rotateZeroIsIdentity() async {
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.uint64()) { layout, depth, w, h, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            for r in Resample.allCases {
                #expect(b.rotated(degrees: 0, resample: r) == b)
                #expect(b.rotated(degrees: 360, resample: r) == b)
                #expect(b.rotated(degrees: -720, resample: r, expand: true) == b)
            }
        }
    }

    @Test func rotateMultiplesOf90TakeTheExactPath() async {
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.uint64()) { layout, depth, w, h, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            for r in Resample.allCases {
                #expect(b.rotated(degrees: 90, resample: r, expand: true) == b.transposed(.rotate90))
                #expect(b.rotated(degrees: -90, resample: r, expand: true) == b.transposed(.rotate270))
                #expect(b.rotated(degrees: 180, resample: r) == b.transposed(.rotate180))
                let sq = randomBuffer(w, w, layout, depth, seed: seed)
                #expect(sq.rotated(degrees: 90, resample: r) == sq.transposed(.rotate90))
                #expect(sq.rotated(degrees: 270, resample: r) == sq.transposed(.rotate270))
            }
        }
    }

    @Test func everyLayoutAndOddSizeRotates() {
        for (layout, depth) in allFormats {
            for (w, h) in oddSizes {
                let b = randomBuffer(w, h, layout, depth, seed: 7)
                for r in Resample.allCases {
                    for deg in [45.0, -30, 12.3456, 90, 200.5] {
                        let out = b.rotated(degrees: deg, resample: r)
                        #expect((out.width, out.height) == (w, h))
                        let ex = b.rotated(degrees: deg, resample: r, expand: true)
                        #expect(ex.width >= 1 && ex.height >= 1)
                    }
                }
            }
        }
    }

    @Test func nearestSamplesThePixelThatContainsTheMappedCentre() {
        // The 4x4 example of PIL_ROTATE_SEMANTICS.md: rotate(45) nearest, then FLIP_LEFT_RIGHT.
        let b = try! PixelBuffer(width: 4, height: 4, layout: .gray, bytes: (1...16).map { UInt8($0 * 10) })
        #expect(b.rotated(degrees: 45).bytes == [0, 30, 80, 0, 20, 70, 110, 120, 50, 100, 110, 150, 0, 90, 140, 0])
        let seed = try! Pipeline(parsing: ["rotate=45", "flip=h"]).sample(seed: 0, key: [], copy: 0)
        #expect(seed.apply(to: b).bytes == [0, 80, 30, 0, 120, 110, 70, 20, 150, 110, 100, 50, 0, 140, 90, 0])
    }

    @Test(arguments: [0, 1, 8, 32, 64, 200])
    func tiledNearestEqualsRowByRow(_ tile: Int) {
        for (layout, depth) in allFormats {
            let b = randomBuffer(67, 41, layout, depth, seed: 3)
            for deg in [45.0, 133.7, -12.5, 301] {
                let reference = rowByRow { b.rotated(degrees: deg, fill: Fill([9, 8, 7])) }
                let tiled = withTile(tile) { b.rotated(degrees: deg, fill: Fill([9, 8, 7])) }
                #expect(tiled == reference, "\(layout) \(depth) \(deg) tile \(tile)")
            }
        }
    }

    @Test func fusedFlipEqualsSeparatePasses() {
        for (layout, depth) in allFormats {
            let b = randomBuffer(37, 23, layout, depth, seed: 11)
            for r in Resample.allCases {
                for crop in Crop.allCases {
                    for t in [Transpose.flipLeftRight, .flipTopBottom, .rotate180, .rotate90, .transverse] {
                        let rot = Rotation(degrees: 33.3, resample: r, crop: crop)
                        let fused = SampledPipeline(ops: [.rotate(rot), .transpose(t)]).apply(to: b)
                        #expect(fused == b.rotated(rot).transposed(t), "\(layout) \(depth) \(r) \(crop) \(t)")
                    }
                }
            }
        }
    }

    @Test func inscribedCropHasNoFill() {
        for (w, h) in [(1, 1), (2, 3), (37, 23), (23, 37), (64, 64), (301, 97), (640, 360)] {
            let white = try! PixelBuffer(width: w, height: h, layout: .gray,
                                         bytes: [UInt8](repeating: 255, count: w * h))
            for deg in [0.5, 10, 30, 45, 60, 89.9, 90, 135, 200, 271, 359] {
                for r in Resample.allCases {
                    for expand in [false, true] {
                        let out = white.rotated(Rotation(degrees: deg, resample: r, expand: expand, crop: .inscribed))
                        #expect(out.width >= 1 && out.height >= 1)
                        #expect(!out.bytes.contains(where: { $0 < 250 }), "\(w)x\(h) \(deg) \(r) expand \(expand)")
                    }
                }
            }
        }
    }

    @Test func inscribedCropIsLarge() {
        // A 45-degree turn of a square keeps a centred square of side s / sqrt(2).
        let b = randomBuffer(200, 200, .rgb)
        let out = b.rotated(Rotation(degrees: 45, crop: .inscribed))
        #expect(abs(out.width - 141) <= 2 && abs(out.height - 141) <= 2)
        let resized = b.rotated(Rotation(degrees: 45, resample: .bilinear, crop: .inscribedResized))
        #expect((resized.width, resized.height) == (200, 200))
    }

    @Test func pythonRound15() {
        #expect(RotationGeometry.pythonRound15(0.7071067811865476) == 0.707106781186548)
        #expect(RotationGeometry.pythonRound15(6.123233995736766e-17) == 0)
        #expect(RotationGeometry.pythonRound15(-0.7071067811865475) == -0.707106781186547)
        #expect(RotationGeometry.pythonRound15(1) == 1)
    }
}

/// Runs `body` with the nearest kernel walking whole rows.
func rowByRow<R>(_ body: () -> R) -> R { withTile(0, body) }

/// Runs `body` with the nearest kernel's tile side set to `tile` for every source size (tests in this suite only
/// read it).
func withTile<R>(_ tile: Int, _ body: () -> R) -> R {
    // Other tests may run meanwhile with this tile side: harmless, every tile side gives the same pixels.
    tileLock.withLock { _ in
        let old = PixelBuffer.nearestTile.exchange(tile, ordering: .relaxed)
        // Small sources otherwise go row by row whatever the tile: every source takes the tile asked.
        let rows = PixelBuffer.nearestRowsUpTo.exchange(0, ordering: .relaxed)
        defer {
            PixelBuffer.nearestTile.store(old, ordering: .relaxed)
            PixelBuffer.nearestRowsUpTo.store(rows, ordering: .relaxed)
        }
        return body()
    }
}

import Synchronization
let tileLock = Mutex(())
