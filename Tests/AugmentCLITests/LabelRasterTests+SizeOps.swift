import Augment
import Foundation
import Testing

/// The size-changing ops through the raster scene of ``LabelRasterTests``, end to end: the CLI resizes, crops,
/// pads or letterboxes the image (nearest resizing, so colours stay exact) and writes the labels; each box must
/// equal the bounds of its colour in the output within a pixel, keypoints land on their dots, and a class mask
/// follows the image pixel for pixel.
extension LabelRasterTests {
    static let sizeOps: [[String]] = [
        ["resize=80x50,resample=nearest"], ["resize=240x150,resample=nearest"], ["resize=short:64,resample=nearest"],
        ["resize=long:320,resample=nearest"], ["resize=fit:100x100,resample=nearest"], ["crop=100x60"],
        ["crop=100x60,at=random"], ["crop=200x120"], ["pad=200x120"], ["pad=170x100,fill=7"],
        ["letterbox=128x128,resample=nearest"], ["letterbox=64x96,resample=nearest"],
        ["random-resized-crop=96x96,scale=0.5..1,resample=nearest"],
        ["random-resized-crop=64x64,scale=0.6..1,ratio=1..2,resample=nearest,draw=0.25"],
        ["rotate=90,expand=true", "letterbox=128x128,resample=nearest", "flip=h"],
    ]

    @Test(arguments: sizeOps)
    func sizeOpsGiveTheColoursBounds(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.detect, format: "yolo", ops: ops)
        let (W, H) = (Double(out.width), Double(out.height))
        guard let b = Self.bounds(of: Self.boxColor, in: out) else {
            #expect(rows.isEmpty, "the box is off the output, so is its label: \(rows), ops \(ops)")
            return
        }
        let row = try #require(rows.first, "the box is on the output, so is its label, ops \(ops)")
        let (x0, x1) = ((row[1] - row[3] / 2) * W, (row[1] + row[3] / 2) * W)
        let (y0, y1) = ((row[2] - row[4] / 2) * H, (row[2] + row[4] / 2) * H)
        #expect(abs(x0 - Double(b.x0)) <= 1 && abs(x1 - Double(b.x1)) <= 1 && abs(y0 - Double(b.y0)) <= 1
                && abs(y1 - Double(b.y1)) <= 1, "label [\(x0), \(x1)) x [\(y0), \(y1)) vs colour \(b), ops \(ops)")
    }

    @Test(arguments: [["resize=240x150,resample=nearest"], ["letterbox=128x128,resample=nearest"], ["crop=120x80"],
                      ["pad=200x120"]])
    func keypointsFollowSizeOps(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try Self.scene()
        let (out, rows) = try Self.run(dir, labels: scene.pose, format: "yolo-pose", ops: ops,
                                       extra: ["--kpt-shape", "2,3"])
        let row = try #require(rows.first)
        let (W, H) = (Double(out.width), Double(out.height))
        for (k, color) in [(0, Self.leftColor), (1, Self.rightColor)] {
            let d = try #require(Self.bounds(of: color, in: out), "dot \(k) on the canvas, ops \(ops)")
            let (cx, cy) = (Double(d.x0 + d.x1) / 2, Double(d.y0 + d.y1) / 2)
            let (x, y) = (row[5 + 3 * k] * W, row[6 + 3 * k] * H)
            #expect(abs(x - cx) <= 1.5 && abs(y - cy) <= 1.5, "keypoint \(k) at (\(x), \(y)), dot at (\(cx), \(cy)), ops \(ops)")
        }
    }
}
