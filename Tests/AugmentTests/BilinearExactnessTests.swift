@_spi(Benchmark) import Augment
import Testing

/// The bit-exact bilinear kernel (`affine`'s) computes each 8-bit pixel in integers and recomputes in Pillow's
/// doubles only the pixels whose value lies too near an integer to be sure of its truncation. Its output must
/// equal, byte for byte, the kernel that takes every pixel in doubles (``Tuning/bilinearInDoubles``), which the
/// Pillow goldens (`GeometryGoldenTests`) pin to Pillow's `transform(AFFINE, BILINEAR)`.
@Suite(.serialized) struct BilinearExactnessTests {
    /// A photograph's mix on one canvas: flat blocks (four equal taps), smooth ramps (values that land on
    /// integers at aligned positions), noise, and a 0/255 checkerboard (the largest steps between taps).
    static func scene(_ w: Int, _ h: Int, _ layout: PixelBuffer.Layout, seed: UInt64) -> PixelBuffer {
        let noise = randomBuffer(w, h, layout, seed: seed)
        let n = layout.channels
        var bytes = [UInt8](repeating: 0, count: w * h * n)
        for y in 0..<h {
            for x in 0..<w {
                for k in 0..<n {
                    let i = (y * w + x) * n + k
                    switch (x * 4 / max(w, 1), y * 2 / max(h, 1)) {
                    case (0, _): bytes[i] = UInt8(40 + 50 * k)  // flat
                    case (1, 0): bytes[i] = UInt8(truncatingIfNeeded: x * 3 + y + k * 17)  // ramp
                    case (1, _): bytes[i] = UInt8(truncatingIfNeeded: (x + y) / 2 + k)  // slow ramp
                    case (2, _): bytes[i] = (x + y) % 2 == 0 ? 0 : 255  // checkerboard
                    default: bytes[i] = noise.bytes[i]
                    }
                }
            }
        }
        return try! PixelBuffer(width: w, height: h, layout: layout, bytes: bytes)
    }

    static let ops: [String] = [
        "affine,rotate=10,scale=0.9,translate=0.05,resample=bilinear",
        "affine,translate=0.25,resample=bilinear",  // whole-pixel shifts: positions on pixel centres
        "affine,scale=2,resample=bilinear",
        "affine,scale=0.5,resample=bilinear",
        "affine,rotate=90,resample=bilinear",
        "affine,shear=30,shear-y=-10,resample=bilinear",
        "affine,rotate=-37.5,scale=1.7,translate=-0.2,translate-y=0.1,shear=5,resample=bilinear",
        "affine,rotate=-30..30,scale=0.5..1.5,translate=-0.3..0.3,shear=-20..20,shear-y=-20..20,resample=bilinear",
    ]

    func outputs(_ images: [PixelBuffer], inDoubles: Bool) throws -> [PixelBuffer] {
        Tuning.bilinearInDoubles = inDoubles
        defer { Tuning.bilinearInDoubles = false }
        var out: [PixelBuffer] = []
        for (i, image) in images.enumerated() {
            for (j, op) in Self.ops.enumerated() {
                for copy in 0..<(op.contains("..") ? 12 : 1) {
                    let s = try Pipeline(parsing: [op]).sample(seed: UInt64(i * 100 + j), key: [], copy: copy)
                    out.append(s.apply(to: image))
                }
            }
        }
        return out
    }

    @Test func integerKernelEqualsPillowsDoublesEverywhere() throws {
        var images: [PixelBuffer] = []
        for (i, layout) in [PixelBuffer.Layout.gray, .grayAlpha, .rgb, .rgba].enumerated() {
            images.append(Self.scene(301, 203, layout, seed: UInt64(i + 1)))
            images.append(Self.scene(64, 48, layout, seed: UInt64(i + 9)))
        }
        images.append(Self.scene(1200, 90, .rgb, seed: 99))  // long rows: the position error grows with x
        let reference = try outputs(images, inDoubles: true)
        let fast = try outputs(images, inDoubles: false)
        #expect(reference.count == fast.count)
        var differing = 0
        for (a, b) in zip(reference, fast) where a != b { differing += 1 }
        #expect(differing == 0, "\(differing) of \(fast.count) outputs differ from Pillow's doubles")
    }
}
