import Augment
import PropertyBased
import Testing

@Suite struct FlipTests {
    @Test func handWrittenAsymmetricCase() {
        // 3x2 gray: rows [1 2 3] [4 5 6]
        let b = try! PixelBuffer(width: 3, height: 2, layout: .gray, bytes: [1, 2, 3, 4, 5, 6])
        #expect(b.transposed(.flipLeftRight).bytes == [3, 2, 1, 6, 5, 4])
        #expect(b.transposed(.flipTopBottom).bytes == [4, 5, 6, 1, 2, 3])
        #expect(b.transposed(.rotate180).bytes == [6, 5, 4, 3, 2, 1])
    }

    @Test(arguments: [Transpose.flipLeftRight, .flipTopBottom, .rotate180])
    func matchesReferenceOnEveryFormatAndOddSize(_ t: Transpose) {
        for (layout, depth) in allFormats {
            for (w, h) in oddSizes {
                let b = randomBuffer(w, h, layout, depth, seed: UInt64(w * 1000 + h))
                #expect(b.transposed(t) == referenceTranspose(b, t), "\(t) \(layout) \(depth) \(w)x\(h)")
            }
        }
    }

    @Test func flipTwiceIsIdentity() async {
        await propertyCheck(input: Gen<PixelBuffer.Layout>.case, Gen<PixelBuffer.SampleDepth>.case,
                            Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.uint64()) { layout, depth, w, h, seed in
            let b = randomBuffer(w, h, layout, depth, seed: seed)
            for t in [Transpose.flipLeftRight, .flipTopBottom] {
                let once = b.transposed(t)
                #expect(once.transposed(t) == b)
                if w > 1 && t == .flipLeftRight || h > 1 && t == .flipTopBottom {
                    // Not the identity itself (a flip that did nothing would pass the line above).
                    #expect(once == referenceTranspose(b, t))
                }
            }
        }
    }

    @Test func intoReusesACallerOwnedBuffer() {
        var out = PixelBuffer()
        let big = randomBuffer(50, 40, .rgba)
        big.transpose(.flipLeftRight, into: &out)
        let small = randomBuffer(7, 5, .gray)
        small.transpose(.flipLeftRight, into: &out)
        #expect(out == referenceTranspose(small, .flipLeftRight))
        #expect(out.bytes.count == 35)
    }
}
