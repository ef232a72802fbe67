import Augment
import Testing

@Suite struct WorkspaceTests {
    func address(_ b: PixelBuffer) -> UnsafeRawPointer? { b.withUnsafeBytes { $0.baseAddress } }

    @Test func applyReusesTheOutputAndWorkspaceBuffers() throws {
        let p = try Pipeline(parsing: ["rotate=-20..20,resample=bilinear", "flip=h|v", "rot90",
                                       "rotate=10,crop=inscribed-resized"])
        let images = (0..<6).map { randomBuffer(64, 48, .rgba, seed: UInt64($0)) }
        var ws = Workspace()
        var out = PixelBuffer()
        p.sample(seed: 1, key: [0], copy: 0).apply(to: images[0], into: &out, workspace: &ws)
        let first = address(out)
        for (i, image) in images.enumerated() {
            let s = p.sample(seed: 1, key: [UInt8(i)], copy: 0)
            s.apply(to: image, into: &out, workspace: &ws)
            #expect(address(out) == first, "the output's storage is reused")
            #expect(out == s.apply(to: image), "same pixels as with a fresh workspace")
        }
    }

    @Test func seedJobFusesIntoOnePass() throws {
        let s = try Pipeline(parsing: ["rotate=45", "flip=h"]).sample(seed: 0, key: [], copy: 0)
        let b = randomBuffer(40, 30, .rgb)
        #expect(s.apply(to: b) == b.rotated(degrees: 45).transposed(.flipLeftRight))
        #expect(s.outputSize(width: 40, height: 30) == (40, 30))
    }

    @Test func exifOrientationRunsFirst() {
        let b = randomBuffer(7, 5, .rgb)
        for o in 1...8 {
            let s = SampledPipeline(ops: [.transpose(.rotate90)], exifOrientation: o)
            let upright = Transpose(exifOrientation: o).map { b.transposed($0) } ?? b
            #expect(s.apply(to: b) == upright.transposed(.rotate90), "orientation \(o)")
        }
    }

    @Test func fillAdaptsToTheLayout() {
        #expect(Fill([10, 20, 30]).pixelBytes(layout: .rgba, depth: .eight) == [10, 20, 30, 255])
        #expect(Fill([7]).pixelBytes(layout: .rgb, depth: .eight) == [7, 7, 7])
        #expect(Fill([7, 9]).pixelBytes(layout: .grayAlpha, depth: .eight) == [7, 9])
        #expect(Fill([255, 255, 255]).pixelBytes(layout: .gray, depth: .eight) == [255])
        #expect(Fill([1]).pixelBytes(layout: .gray, depth: .sixteen) == [1, 1])  // 257, native-endian
    }
}
