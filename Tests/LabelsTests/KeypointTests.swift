import Augment
import Labels
import PropertyBased
import TestSupport
import Testing

@Suite struct KeypointTests {
    static let box = Box(minX: 10, minY: 10, maxX: 90, maxY: 40)

    /// nose, left eye, right eye: flip_idx = [0, 2, 1].
    static let face = [Keypoint(x: 50, y: 20, visibility: 2), Keypoint(x: 40, y: 15, visibility: 2),
                       Keypoint(x: 60, y: 15, visibility: 1)]

    @Test func aHorizontalFlipSwapsLeftAndRightByHand() throws {
        let t = exact(.flipLeftRight, width: 100, height: 50, flipIndex: [0, 2, 1])
        let out = try single(t, .pose(box: Self.box, keypoints: Self.face))
        // x' = 100 - x; output point 1 (left eye) is input point 2 (right eye) mirrored.
        #expect(out == .pose(box: Box(minX: 10, minY: 10, maxX: 90, maxY: 40), keypoints: [
            Keypoint(x: 50, y: 20, visibility: 2), Keypoint(x: 40, y: 15, visibility: 1),
            Keypoint(x: 60, y: 15, visibility: 2),
        ]))
    }

    @Test func rotationsDoNotSwap() throws {
        let t = exact(.rotate180, width: 100, height: 50, flipIndex: [0, 2, 1])
        let out = try single(t, .pose(box: Self.box, keypoints: Self.face))
        #expect(out == .pose(box: Box(minX: 10, minY: 10, maxX: 90, maxY: 40), keypoints: [
            Keypoint(x: 50, y: 30, visibility: 2), Keypoint(x: 60, y: 35, visibility: 2),
            Keypoint(x: 40, y: 35, visibility: 1),
        ]))
    }

    @Test func pointsOffTheCanvasBecomeNotVisible() throws {
        // Shift right by 45 on a 100-wide canvas: x = 60 lands on 105, off the canvas.
        let t = LabelTransform(affine: .translation(45, 0), outputSize: (100, 50))
        let out = try single(t, .pose(box: Self.box, keypoints: Self.face))
        guard case .pose(_, let kps)? = out else { Issue.record("dropped"); return }
        #expect(kps == [Keypoint(x: 95, y: 20, visibility: 2), Keypoint(x: 85, y: 15, visibility: 2),
                        Keypoint(x: 0, y: 0, visibility: 0)])
        let two = try single(t, .pose(box: Self.box, keypoints: [Keypoint(x: 60, y: 15), Keypoint(x: 55, y: 15)]))
        #expect(two == .pose(box: Box(minX: 55, minY: 10, maxX: 100, maxY: 40),
                             keypoints: [Keypoint(x: 0, y: 0), Keypoint(x: 100, y: 15)]))
    }

    @Test func missingPointsStayMissing() throws {
        let t = exact(.flipLeftRight, width: 100, height: 50, flipIndex: [1, 0])
        let out = try single(t, .pose(box: Self.box, keypoints: [Keypoint(x: 0, y: 0, visibility: 0),
                                                                 Keypoint(x: 30, y: 20, visibility: 2)]))
        #expect(out == .pose(box: Self.box, keypoints: [Keypoint(x: 70, y: 20, visibility: 2),
                                                        Keypoint(x: 0, y: 0, visibility: 0)]))
        // Two values: negative x or y marks a missing point (ultralytics).
        let two = try single(t, .pose(box: Self.box, keypoints: [Keypoint(x: -0.5, y: 3), Keypoint(x: 30, y: 20)]))
        #expect(two == .pose(box: Self.box, keypoints: [Keypoint(x: 70, y: 20), Keypoint(x: 0, y: 0)]))
    }

    @Test func mirroringWithoutAFlipIndexIsRefusedUpFront() throws {
        let t = exact(.transpose, width: 100, height: 50)
        #expect(t.mirrors)
        let e = try #require(throws: LabelError.self) { try t.check(keypoints: 3) }
        #expect(e.code == .missingFlipIndex)
        let e2 = try #require(throws: LabelError.self) {
            try t.apply([LabelObject(classToken: "0", shape: .pose(box: Self.box, keypoints: Self.face))])
        }
        #expect(e2.code == .missingFlipIndex)
        // Boxes alone need no flip index; nor do rotations.
        #expect(try t.apply([LabelObject(classToken: "0", shape: .box(Self.box))]).outputCount == 1)
        try exact(.rotate90, width: 100, height: 50).check(keypoints: 3)
    }

    @Test func flipIndexMustBeAnInvolutionOfTheRightLength() throws {
        for bad in [[0, 1], [0, 2, 1, 3], [1, 2, 0], [0, 3, 1], [0, 0, 1]] {
            let t = exact(.flipLeftRight, width: 100, height: 50, flipIndex: bad)
            let e = try #require(throws: LabelError.self) { try t.check(keypoints: 3) }
            #expect(e.code == .badFlipIndex, "\(bad)")
        }
        let t = exact(.flipLeftRight, width: 100, height: 50, flipIndex: [0, 2, 1])
        try t.check(keypoints: 3)
        let e = try #require(throws: LabelError.self) {
            try t.apply([LabelObject(classToken: "0", shape: .pose(box: Self.box, keypoints: [Self.face[0]]))])
        }
        #expect(e.code == .keypointCount)
    }

    /// A random involution of 0..<k: random disjoint pairs.
    static func involution(_ k: Int, seed: UInt64) -> [Int] {
        var g = SplitMix(seed)
        var idx = Array(0..<k)
        let order = idx.shuffled(using: &g)
        for i in stride(from: 0, to: k - 1, by: 2) where Bool.random(using: &g) {
            idx[order[i]] = order[i + 1]
            idx[order[i + 1]] = order[i]
        }
        return idx
    }

    @Test func mirroringTwiceRestoresTheKeypoints() async {
        let mirrors: [Transpose] = [.flipLeftRight, .flipTopBottom, .transpose, .transverse]
        await propertyCheck(count: 200, input: Gen<Int>.int(in: 0...3), Gen.int(in: 1...20), Gen.int(in: 2...300),
                            Gen.int(in: 2...300), Gen.uint64()) { m, k, w, h, seed in
            let op = mirrors[m]
            let idx = Self.involution(k, seed: seed)
            var g = SplitMix(seed ^ 0x5EED)
            let kps = (0..<k).map { _ in
                Keypoint(x: Double.random(in: 0...Double(w), using: &g), y: Double.random(in: 0...Double(h), using: &g),
                         visibility: Double(Int.random(in: 1...2, using: &g)))
            }
            let box = Box(minX: 0, minY: 0, maxX: Double(w), maxY: Double(h))
            let first = exact(op, width: w, height: h, flipIndex: idx)
            let size = op.outputSize(width: w, height: h)
            let second = exact(op, width: size.width, height: size.height, flipIndex: idx)
            guard case .pose(_, let once)? = try? single(first, .pose(box: box, keypoints: kps)),
                  case .pose(let b2, let twice)? = try? single(second, .pose(box: box.transformedForTest(op, w, h),
                                                                           keypoints: once)) else {
                Issue.record("dropped")
                return
            }
            #expect(close(b2, box))
            #expect(twice.count == k)
            for (a, b) in zip(twice, kps) {
                #expect(close(a.x, b.x) && close(a.y, b.y) && a.visibility == b.visibility)
            }
            // The oracle the property alone lacks: once mirrored, point i sits where input flip_idx[i] was mapped.
            let a = op.affine(width: w, height: h)
            for i in 0..<k {
                let want = a.apply(Point(x: kps[idx[i]].x, y: kps[idx[i]].y))
                #expect(close(once[i].x, want.x) && close(once[i].y, want.y))
            }
        }
    }
}

extension Box {
    /// The exact image of the box under `op` on a `w x h` canvas (for chaining two transforms in tests).
    func transformedForTest(_ op: Transpose, _ w: Int, _ h: Int) -> Box {
        Box(bounding: corners.map(op.affine(width: w, height: h).apply))!
    }
}
