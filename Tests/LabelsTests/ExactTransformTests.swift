import Augment
import Labels
import Testing

/// Flips, 90-degree turns, transpose and transverse on a 200 x 100 canvas, against hand-computed boxes.
@Suite struct ExactTransformTests {
    static let box = Box(minX: 10, minY: 20, maxX: 50, maxY: 30)

    /// The image of ``box`` worked out by hand from Pillow's definitions (Transpose.swift), W = 200, H = 100.
    static let expected: [(Transpose, Box)] = [
        (.flipLeftRight, Box(minX: 150, minY: 20, maxX: 190, maxY: 30)),   // x' = W - x
        (.flipTopBottom, Box(minX: 10, minY: 70, maxX: 50, maxY: 80)),     // y' = H - y
        (.rotate180, Box(minX: 150, minY: 70, maxX: 190, maxY: 80)),       // (W - x, H - y)
        (.transpose, Box(minX: 20, minY: 10, maxX: 30, maxY: 50)),         // (y, x), canvas 100 x 200
        (.rotate90, Box(minX: 20, minY: 150, maxX: 30, maxY: 190)),        // (y, W - x): top edge to the left
        (.rotate270, Box(minX: 70, minY: 10, maxX: 80, maxY: 50)),         // (H - y, x)
        (.transverse, Box(minX: 70, minY: 150, maxX: 80, maxY: 190)),      // (H - y, W - x)
    ]

    @Test(arguments: BoxMethod.allCases)
    func exactOpsGiveExactBoxes(method: BoxMethod) throws {
        for (op, want) in Self.expected {
            let t = exact(op, width: 200, height: 100, method: method)
            #expect(try single(t, .box(Self.box)) == .box(want), "\(op) \(method)")
        }
    }

    @Test func exactOpsMoveEveryKindExactly() throws {
        for (op, want) in Self.expected {
            let t = exact(op, width: 200, height: 100, flipIndex: [0])
            let a = op.affine(width: 200, height: 100)
            let corners = Self.box.corners
            // A polygon's vertices and an OBB's corners are the mapped corners; their box is the expected one.
            guard case .polygon(let poly)? = try single(t, .polygon(corners)),
                  case .orientedBox(let obb)? = try single(t, .orientedBox(corners)) else {
                Issue.record("\(op): dropped")
                continue
            }
            #expect(poly == corners.map(a.apply))
            #expect(obb == corners.map(a.apply))
            #expect(Box(bounding: poly) == want)
            let kp = Keypoint(x: 10, y: 20, visibility: 2)
            let pose = try single(t, .pose(box: Self.box, keypoints: [kp]))
            let p = a.apply(Point(x: 10, y: 20))
            #expect(pose == .pose(box: want, keypoints: [Keypoint(x: p.x, y: p.y, visibility: 2)]))
        }
    }

    @Test func mirroringOpsAreTheOddOnes() {
        let mirrors = Set(Transpose.allCases.filter { $0.affine(width: 200, height: 100).isMirroring })
        #expect(mirrors == [.flipLeftRight, .flipTopBottom, .transpose, .transverse])
        #expect(Transpose.allCases.allSatisfy { $0.affine(width: 200, height: 100).isAxisAligned })
    }

    @Test func ninetyDegreeRotationWithExpandIsRotate90() throws {
        let (a, size) = expandedRotation(degrees: 90, width: 200, height: 100)
        let t = LabelTransform(affine: a, outputSize: size, boxMethod: .ellipse)
        #expect(try single(t, .box(Self.box)) == .box(Box(minX: 20, minY: 150, maxX: 30, maxY: 190)))
    }

    @Test func exactOpsRoundTripThroughTheWriter() throws {
        // Written on the output canvas: rot90 of a 200 x 100 image is 100 x 200.
        let t = exact(.rotate90, width: 200, height: 100)
        let r = try t.apply([LabelObject(classToken: "5", shape: .box(Self.box))])
        #expect(String(decoding: YOLO.write(r.objects, width: 100, height: 200), as: UTF8.self)
            == "5 0.25 0.85 0.1 0.2\n")
    }
}
