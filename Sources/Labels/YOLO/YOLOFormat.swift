/// Which YOLO label rows a file holds (ultralytics' tasks).
public enum YOLOFormat: Sendable, Hashable, CustomStringConvertible {
    /// Detect and segment, told apart as ultralytics' `verify_image_label` does: when any row has more than 6
    /// values the whole file is polygons (`class x1 y1 ... xn yn`, n >= 3), otherwise boxes (`class cx cy w h`).
    case detect
    /// Oriented boxes: `class x1 y1 x2 y2 x3 y3 x4 y4`.
    case obb
    /// Poses: `class cx cy w h` then `keypoints` points of `dimensions` values (2: `x y`, 3: `x y v`), the data
    /// set's `kpt_shape: [keypoints, dimensions]`.
    case pose(keypoints: Int, dimensions: Int)

    /// `detect`, `obb` or `pose(K, D)`.
    public var description: String {
        switch self {
        case .detect: return "detect"
        case .obb: return "obb"
        case .pose(let k, let d): return "pose(\(k), \(d))"
        }
    }
}

/// The YOLO text label format (ultralytics): one object per line, the class then coordinates normalised by the
/// image's width and height. Reads bytes into ``LabelObject``s in pixel coordinates and writes them back; no files.
public enum YOLO {
    /// Coordinates may lie this far outside `[0, 1]`, as ultralytics' "1% tolerance" (`-0.01 ... 1.01`).
    public static let tolerance = 0.01
}
