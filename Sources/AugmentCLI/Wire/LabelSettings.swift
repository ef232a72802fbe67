import Augment
import Labels

/// How a run transforms labels, decided by the parent and carried to every worker.
struct LabelSettings: Sendable, Codable, Hashable {
    /// The rows a label file holds.
    enum Format: Sendable, Codable, Hashable {
        case detect, obb
        case pose(keypoints: Int, dimensions: Int)
        /// Pascal VOC XML, one annotation file per image.
        case voc
        /// One COCO file for the run (`--labels coco:FILE.json`).
        case coco

        /// The YOLO rows, nil for the other formats.
        var yolo: YOLOFormat? {
            switch self {
            case .detect: .detect
            case .obb: .obb
            case .pose(let k, let d): .pose(keypoints: k, dimensions: d)
            case .voc, .coco: nil
            }
        }
    }

    var format: Format
    var boxMethod: String
    var minVisibility: Double
    var minArea: Double
    /// The keypoint permutation of a mirroring transform (pose only).
    var flipIndex: [Int]?
    /// COCO: the keypoint permutation of a mirror per category id (categories with keypoints only).
    var categoryFlipIndex: [Int: [Int]]? = nil

    /// The transform of labels by `affine` onto an output of `size`.
    func transform(affine: Affine, outputSize size: (width: Int, height: Int), flipIndex: [Int]? = nil) -> LabelTransform {
        LabelTransform(affine: affine, outputSize: size, boxMethod: BoxMethod(rawValue: boxMethod) ?? .largest,
                       minVisibility: minVisibility, minArea: minArea, flipIndex: flipIndex ?? self.flipIndex)
    }
}

/// How a run transforms masks: the geometry of the image with nearest sampling, uncovered pixels `fill`.
struct MaskSettings: Sendable, Codable, Hashable {
    var fill: Int
}
