/// One keypoint of a pose, in pixel coordinates (continuous frame, as ``Box``).
///
/// YOLO pose files carry 2 values per point (`x y`) or 3 (`x y v`, `v` = 0 not labelled, 1 labelled but occluded,
/// 2 visible, as COCO). A point is *missing* when `v == 0`, or, without `v`, when `x < 0` or `y < 0` (the rule
/// ultralytics' `verify_image_label` uses for 2-value points).
public struct Keypoint: Sendable, Hashable {
    /// Pixels from the left edge.
    public var x: Double
    /// Pixels from the top edge.
    public var y: Double
    /// The visibility value as read (`nil` for 2-value points).
    public var visibility: Double?

    /// A keypoint.
    public init(x: Double, y: Double, visibility: Double? = nil) {
        self.x = x
        self.y = y
        self.visibility = visibility
    }

    /// Whether the point is not labelled: `v == 0`, or `x < 0` or `y < 0` for a 2-value point.
    public var isMissing: Bool {
        if let v = visibility { return v == 0 }
        return x < 0 || y < 0
    }

    /// The marker of a point that is not visible: `x = y = 0` and, with 3 values, `v = 0` (how ultralytics and
    /// COCO write an unlabelled point).
    public static func notVisible(dimensions: Int) -> Keypoint {
        Keypoint(x: 0, y: 0, visibility: dimensions == 3 ? 0 : nil)
    }
}
