import Augment
import Labels
import Testing

/// Bytes in, bytes out: parse, transform, write, as the CLI will.
@Suite struct EndToEndTests {
    @Test func aPoseFileFlippedLeftRight() throws {
        let input = "0 0.5 0.4 0.8 0.6 0.5 0.4 2 0.4 0.3 2 0.6 0.3 1\n"
        let objects = try YOLO.parse(bytes(input), format: .pose(keypoints: 3, dimensions: 3), width: 100, height: 50)
        let t = exact(.flipLeftRight, width: 100, height: 50, flipIndex: [0, 2, 1])
        try t.check(keypoints: 3)
        let r = try t.apply(objects)
        // The eyes swap places in the list and in the picture: point 1 is the old point 2 mirrored.
        #expect(String(decoding: YOLO.write(r.objects, width: 100, height: 50), as: UTF8.self)
            == "0 0.5 0.4 0.8 0.6 0.5 0.4 2 0.4 0.3 1 0.6 0.3 2\n")
    }

    @Test func aSegmentFileTurnedAndCut() throws {
        // A triangle on a 200 x 100 image, turned by rot90 (100 x 200), then shifted up 50 px: its tip leaves.
        let input = "2 0.1 0.2 0.5 0.2 0.3 0.8\n"
        let objects = try YOLO.parse(bytes(input), format: .detect, width: 200, height: 100)
        let a = Transpose.rotate90.affine(width: 200, height: 100).then(.translation(0, -50))
        let r = try LabelTransform(affine: a, outputSize: (100, 200)).apply(objects)
        // (20, 20) (100, 20) (60, 80) -> (y, W - x - 50): (20, 130) (20, 50) (80, 90): nothing cut.
        #expect(String(decoding: YOLO.write(r.objects, width: 100, height: 200), as: UTF8.self)
            == "2 0.2 0.65 0.2 0.25 0.8 0.45\n")
        let up = try LabelTransform(affine: a.then(.translation(0, -60)), outputSize: (100, 200)).apply(objects)
        // Shifted 60 px more: (20, 70) (20, -10) (80, 30); the edge y = 0 cuts (20, -10)-(80, 30) at x = 35
        // and (20, 70)-(20, -10) at (20, 0).
        #expect(String(decoding: YOLO.write(up.objects, width: 100, height: 200), as: UTF8.self)
            == "2 0.2 0.35 0.2 0 0.35 0 0.8 0.15\n")
    }
}
