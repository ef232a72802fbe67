public import Augment

/// The geometry of one labelled object, in pixel coordinates (continuous frame, as ``Box``).
public enum Shape: Sendable, Hashable {
    /// An axis-aligned box (YOLO detect: `class cx cy w h`).
    case box(Box)
    /// A polygon of 3 or more vertices (YOLO segment: `class x1 y1 ... xn yn`), one ring, implicitly closed.
    case polygon([Point])
    /// An oriented box as its 4 corners (YOLO OBB: `class x1 y1 x2 y2 x3 y3 x4 y4`).
    case orientedBox([Point])
    /// A box and its keypoints (YOLO pose: `class cx cy w h` then K points of 2 or 3 values).
    case pose(box: Box, keypoints: [Keypoint])
}
