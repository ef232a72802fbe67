import Augment
@testable import Labels

/// The UTF-8 bytes of a label file.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `|a - b| <= tolerance`.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

/// Boxes equal within `tolerance` on every edge.
func close(_ a: Box, _ b: Box, _ tolerance: Double = 1e-9) -> Bool {
    close(a.minX, b.minX, tolerance) && close(a.minY, b.minY, tolerance)
        && close(a.maxX, b.maxX, tolerance) && close(a.maxY, b.maxY, tolerance)
}

/// Points equal within `tolerance`.
func close(_ a: Point, _ b: Point, _ tolerance: Double = 1e-9) -> Bool {
    close(a.x, b.x, tolerance) && close(a.y, b.y, tolerance)
}

/// Pillow's `rotate(degrees, expand=True)` about the centre on a `w x h` image: the affine and the output size.
func expandedRotation(degrees: Double, width w: Int, height h: Int) -> (Affine, (width: Int, height: Int)) {
    let p = SampledPipeline(ops: [.rotate(Rotation(degrees: degrees, expand: true))])
    return (p.affine(width: w, height: h), p.outputSize(width: w, height: h))
}

/// A transform for one exact op on a `w x h` image.
func exact(_ t: Transpose, width w: Int, height h: Int, method: BoxMethod = .largest, flipIndex: [Int]? = nil)
    -> LabelTransform
{
    LabelTransform(affine: t.affine(width: w, height: h), outputSize: t.outputSize(width: w, height: h),
                   boxMethod: method, flipIndex: flipIndex)
}

/// The one object that survived, or `nil`.
func single(_ t: LabelTransform, _ shape: Shape) throws -> Shape? {
    let r = try t.apply([LabelObject(classToken: "0", shape: shape)])
    return r.objects.first?.shape
}
