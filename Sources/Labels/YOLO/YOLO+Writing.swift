import Augment

extension YOLO {
    /// Writes objects as YOLO rows, one per line, each ending in `\n`: the class token as read, then the
    /// coordinates divided by `width` or `height`, clamped to `[0, 1]`, with up to 6 significant digits (C's
    /// `%.6g`, as ultralytics' converters write). Boxes and pose boxes are written `cx cy w h`; keypoint
    /// visibilities as they are. No objects gives an empty file.
    /// - Parameters:
    ///   - objects: Objects in pixel coordinates of an image of `width x height` (after ``LabelTransform/apply(_:)``,
    ///     the output size).
    ///   - width: The image's width in pixels.
    ///   - height: The image's height in pixels.
    /// - Returns: The file's bytes (ASCII).
    public static func write(_ objects: [LabelObject], width: Int, height: Int) -> [UInt8] {
        let w = Double(width), h = Double(height)
        func nx(_ x: Double) -> String { DecimalFormat.g(min(max(x / w, 0), 1)) }
        func ny(_ y: Double) -> String { DecimalFormat.g(min(max(y / h, 0), 1)) }
        func point(_ p: Point) -> [String] { [nx(p.x), ny(p.y)] }
        func box(_ b: Box) -> [String] { [nx(b.centerX), ny(b.centerY), nx(b.width), ny(b.height)] }
        var text = ""
        for object in objects {
            var fields = [object.classToken]
            switch object.shape {
            case .box(let b): fields += box(b)
            case .polygon(let points), .orientedBox(let points): fields += points.flatMap(point)
            case .pose(let b, let keypoints):
                fields += box(b)
                for k in keypoints {
                    fields += [nx(k.x), ny(k.y)]
                    if let v = k.visibility { fields.append(DecimalFormat.g(v)) }
                }
            }
            text += fields.joined(separator: " ")
            text += "\n"
        }
        return Array(text.utf8)
    }
}
