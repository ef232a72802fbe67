import Augment
import PropertyBased
import Testing

@Suite struct Rotate90Tests {
    @Test func handWrittenAsymmetricCase() {
        // 3x2 gray: rows [1 2 3] [4 5 6]; Pillow ROTATE_90 is counter-clockwise.
        let b = try! PixelBuffer(width: 3, height: 2, layout: .gray, bytes: [1, 2, 3, 4, 5, 6])
        let r90 = b.transposed(.rotate90)
        #expect((r90.width, r90.height) == (2, 3))
        #expect(r90.bytes == [3, 6, 2, 5, 1, 4])
        #expect(b.transposed(.rotate270).bytes == [4, 1, 5, 2, 6, 3])
        #expect(b.transposed(.transpose).bytes == [1, 4, 2, 5, 3, 6])
        #expect(b.transposed(.transverse).bytes == [6, 3, 5, 2, 4, 1])
    }

    @Test(arguments: [Transpose.rotate90, .rotate270, .transpose, .transverse])
    func matchesReferenceOnEveryFormatAndOddSize(_ t: Transpose) {
        for (layout, depth) in allFormats {
            for (w, h) in oddSizes + [(100, 3), (3, 100), (65, 64)] {
                let b = randomBuffer(w, h, layout, depth, seed: UInt64(w * 1000 + h))
                #expect(b.transposed(t) == referenceTranspose(b, t), "\(t) \(layout) \(depth) \(w)x\(h)")
            }
        }
    }

    @Test func fourRot90IsIdentity() async {
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...70), Gen.int(in: 1...70), Gen.uint64()) { layout, depth, w, h, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            var r = b
            for _ in 0..<4 { r = r.transposed(.rotate90) }
            #expect(r == b)
            #expect(b.transposed(.rotate90).transposed(.rotate270) == b)
        }
    }

    @Test func transposeIsRot90ThenFlip() async {
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...50), Gen.int(in: 1...50), Gen.uint64()) { layout, depth, w, h, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            #expect(b.transposed(.transpose) == b.transposed(.rotate90).transposed(.flipTopBottom))
            #expect(b.transposed(.transverse) == b.transposed(.rotate90).transposed(.flipLeftRight))
            #expect(b.transposed(.rotate180) == b.transposed(.rotate90).transposed(.rotate90))
        }
    }

    @Test func inverseUndoesEveryTranspose() {
        let b = randomBuffer(13, 7, .rgb)
        for t in Transpose.allCases {
            #expect(b.transposed(t).transposed(t.inverse) == b, "\(t)")
        }
    }

    @Test func exifOrientationMapping() {
        #expect(Transpose(exifOrientation: 1) == nil)
        #expect(Transpose(exifOrientation: 0) == nil)
        #expect(Transpose(exifOrientation: 9) == nil)
        let expected: [Int: Transpose] = [2: .flipLeftRight, 3: .rotate180, 4: .flipTopBottom, 5: .transpose,
                                          6: .rotate270, 7: .transverse, 8: .rotate90]
        for (o, t) in expected { #expect(Transpose(exifOrientation: o) == t) }
    }
}
