import Augment

extension LabelTransform {
    /// Transforms, clips and filters every object.
    ///
    /// - Boxes (and pose boxes): through ``boxMethod``, then clipped to `[0, W] x [0, H]`.
    /// - Polygons: every vertex through the map, then clipped to the canvas (Sutherland–Hodgman, a true clip).
    /// - Oriented boxes: the 4 corners through the map; when they leave the canvas, the minimum-area rectangle
    ///   around the clipped polygon.
    /// - Keypoints: through the map; a point off the canvas, or missing on input, becomes ``Keypoint/notVisible(dimensions:)``;
    ///   when the map mirrors, output point `i` is input point `flipIndex[i]`.
    ///
    /// An object is dropped when nothing of it is left on the canvas (area 0), when its area on the canvas is
    /// below ``minArea``, or when that area over its whole transformed area is below ``minVisibility``
    /// (albumentations' `filter_bboxes`; the areas are the box's for boxes and poses, the polygon's for polygons and
    /// oriented boxes). A dropped pose drops its keypoints with it.
    /// - Returns: The surviving objects, in input order, with the counts.
    /// - Throws: ``LabelError/Code/missingFlipIndex``, ``LabelError/Code/badFlipIndex`` or
    ///   ``LabelError/Code/keypointCount`` for poses that cannot be mirrored (see ``check(keypoints:)``).
    public func apply(_ objects: [LabelObject]) throws(LabelError) -> LabelTransformResult {
        var out: [LabelObject] = []
        out.reserveCapacity(objects.count)
        for object in objects {
            if let shape = try transform(object.shape) {
                out.append(LabelObject(classToken: object.classToken, shape: shape))
            }
        }
        return LabelTransformResult(objects: out, inputCount: objects.count, droppedCount: objects.count - out.count)
    }

    /// The image of one shape on the output canvas, or `nil` when the filter drops it (see ``apply(_:)``).
    /// - Throws: As ``apply(_:)``.
    public func transform(_ shape: Shape) throws(LabelError) -> Shape? {
        switch shape {
        case .box(let box):
            return transform(box).map(Shape.box)
        case .polygon(let points):
            return transform(polygon: points).map(Shape.polygon)
        case .orientedBox(let corners):
            return transform(orientedBox: corners).map(Shape.orientedBox)
        case .pose(let box, let keypoints):
            let moved = try transform(keypoints: keypoints)
            guard let b = transform(box) else { return nil }
            return .pose(box: b, keypoints: moved)
        }
    }

    private var width: Double { Double(outputWidth) }
    private var height: Double { Double(outputHeight) }

    /// albumentations' filter: something left, at least `minArea`, at least `minVisibility` of the whole.
    func keeps(clippedArea: Double, transformedArea: Double) -> Bool {
        guard clippedArea > 0, transformedArea > 0, clippedArea >= minArea else { return false }
        return minVisibility <= 0 || clippedArea >= minVisibility * transformedArea * (1 - 1e-9)
    }

    private func transform(_ box: Box) -> Box? {
        let moved = boxMethod.transform(box, by: affine)
        let clipped = moved.clipped(width: width, height: height)
        return keeps(clippedArea: clipped.area, transformedArea: moved.area) ? clipped : nil
    }

    private func transform(polygon points: [Point]) -> [Point]? {
        let moved = points.map(affine.apply)
        let clipped = Polygon.clipped(moved, width: width, height: height)
        guard clipped.count >= 3 else { return nil }
        return keeps(clippedArea: Polygon.area(clipped), transformedArea: Polygon.area(moved)) ? clipped : nil
    }

    private func transform(orientedBox corners: [Point]) -> [Point]? {
        let moved = corners.map(affine.apply)
        let whole = Polygon.area(moved)
        // Corners on the border up to rounding (a rotation by a multiple of 90 degrees through sin/cos) are inside.
        let eps = 1e-9 * max(width, height, 1)
        if moved.allSatisfy({ $0.x >= -eps && $0.x <= width + eps && $0.y >= -eps && $0.y <= height + eps }) {
            return keeps(clippedArea: whole, transformedArea: whole) ? moved : nil
        }
        let clipped = Polygon.clipped(moved, width: width, height: height)
        guard clipped.count >= 3, keeps(clippedArea: Polygon.area(clipped), transformedArea: whole) else { return nil }
        return Polygon.minimumAreaRectangle(clipped)
    }

    func transform(keypoints: [Keypoint]) throws(LabelError) -> [Keypoint] {
        let moved = keypoints.map { k -> Keypoint in
            let dims = k.visibility == nil ? 2 : 3
            if k.isMissing { return .notVisible(dimensions: dims) }
            let p = affine.apply(Point(x: k.x, y: k.y))
            guard p.x >= 0, p.x <= width, p.y >= 0, p.y <= height else { return .notVisible(dimensions: dims) }
            return Keypoint(x: p.x, y: p.y, visibility: k.visibility)
        }
        if let idx = flipIndex, idx.count != keypoints.count {
            throw LabelError(.keypointCount, "a pose has \(keypoints.count) keypoints but flip_idx has \(idx.count) entries")
        }
        if flipIndex != nil || mirrors { try check(keypoints: keypoints.count) }
        guard mirrors, let idx = flipIndex else { return moved }
        return idx.map { moved[$0] }
    }
}
