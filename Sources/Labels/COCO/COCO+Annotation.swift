public import Augment

extension COCO {
    /// One annotation on an output image, or nil when the filter drops it.
    ///
    /// - `segmentation` polygons (several rings allowed): every vertex through the map, each ring clipped to the
    ///   canvas (a true clip, as YOLO polygons); rings left with fewer than 3 vertices or no area go. The object
    ///   is kept by albumentations' rule on the rings' areas (clipped over transformed), `area` is the clipped
    ///   rings' area and `bbox` their tight box (as Ultralytics' `segment2box`).
    /// - `segmentation` RLE (`{"size": [h, w], "counts": ...}`, compressed or a list): through `warp` (the mask
    ///   path, nearest sampling), encoded again compressed; kept by the same rule on pixel counts (the input's
    ///   scaled by the map's area factor), `area` the set pixels, `bbox` pycocotools' `toBbox`.
    /// - no segmentation: `bbox` by the transform's box method, clipped and filtered; `area` the clipped box's.
    /// - `keypoints` `[x, y, v] * K`: pixel indices (detectron2: a point's continuous position is `+ 0.5`), through
    ///   the map; `v = 0` points and points leaving the canvas are written `0, 0, 0`; a mirroring map permutes
    ///   them by the transform's ``LabelTransform/flipIndex``; `num_keypoints` counts `v > 0`.
    ///
    /// Every other member (`id`, `image_id`, `category_id`, `iscrowd`, ...) is kept as read: the caller sets the
    /// ids.
    /// - Parameters:
    ///   - annotation: The annotation object as read.
    ///   - transform: The output's transform, ``LabelTransform/flipIndex`` the annotation's category's.
    ///   - warp: Moves a mask of the input's size onto the output canvas with nearest sampling.
    /// - Returns: The output annotation, or nil when it is dropped.
    /// - Throws: ``LabelError`` naming the field: ``LabelError/Code/missingField`` (no `bbox` nor
    ///   `segmentation`), ``LabelError/Code/badJSON`` (a field of the wrong type), ``LabelError/Code/badRLE``,
    ///   ``LabelError/Code/sizeMismatch`` (an RLE whose size is not the image's), and the keypoint errors of
    ///   ``LabelTransform/apply(_:)``.
    public static func transform(annotation: [String: JSONValue], by transform: LabelTransform,
                                 inputSize: (width: Int, height: Int),
                                 warp: (RLE) throws(LabelError) -> RLE) throws(LabelError) -> [String: JSONValue]?
    {
        var out = annotation
        let (w, h) = (Double(transform.outputWidth), Double(transform.outputHeight))
        switch try Segmentation(annotation["segmentation"]) {
        case .polygons(let rings):
            var whole = 0.0, visible = 0.0
            var kept: [[Point]] = []
            for ring in rings {
                let moved = ring.map(transform.affine.apply)
                whole += Polygon.area(moved)
                let clipped = Polygon.clipped(moved, width: w, height: h)
                let area = Polygon.area(clipped)
                if clipped.count >= 3 && area > 0 {
                    kept.append(clipped)
                    visible += area
                }
            }
            guard !kept.isEmpty, transform.keeps(clippedArea: visible, transformedArea: whole) else { return nil }
            out["segmentation"] = .array(kept.map { ring in .array(ring.flatMap { [.number($0.x), .number($0.y)] }) })
            out["area"] = .number(visible)
            out["bbox"] = bbox(Box(bounding: kept.joined())!)
        case .rle(let rle):
            guard rle.width == inputSize.width, rle.height == inputSize.height else {
                throw LabelError(.sizeMismatch, "segmentation: the RLE is \(rle.width)x\(rle.height) (size [h, w] = "
                                 + "[\(rle.height), \(rle.width)]) but the image is \(inputSize.width)x\(inputSize.height)")
            }
            let moved = try warp(rle)
            let whole = Double(rle.area) * abs(transform.affine.determinant)
            guard moved.area > 0, transform.keeps(clippedArea: Double(moved.area), transformedArea: whole) else {
                return nil
            }
            out["segmentation"] = .object(["size": .array([.number(Double(moved.height)), .number(Double(moved.width))]),
                                           "counts": .string(moved.compressed)])
            out["area"] = .number(Double(moved.area))
            out["bbox"] = .array(moved.boundingBox.map { .number(Double($0)) })
        case .none:
            guard let box = try boxValue(annotation["bbox"]) else {
                throw LabelError(.missingField, "an annotation without bbox or segmentation")
            }
            guard case .box(let b)? = try transform.transform(.box(box)) else { return nil }
            out["area"] = .number(b.area)
            out["bbox"] = bbox(b)
        }
        if let value = annotation["keypoints"] {
            guard let items = value.arrayValue, items.count % 3 == 0 else {
                throw LabelError(.badJSON, "keypoints: expected [x, y, v] * K, got \(value.kindDescription)")
            }
            var points: [Keypoint] = []
            for i in stride(from: 0, to: items.count, by: 3) {
                guard let x = items[i].numberValue, let y = items[i + 1].numberValue, let v = items[i + 2].numberValue
                else { throw LabelError(.badJSON, "keypoints: value \(i + 1) is not a number") }
                // Pixel indices: the continuous position is half a pixel further.
                points.append(Keypoint(x: x + 0.5, y: y + 0.5, visibility: v))
            }
            let moved = try transform.transform(keypoints: points)
            out["keypoints"] = .array(moved.flatMap { k -> [JSONValue] in
                k.isMissing ? [.number(0), .number(0), .number(0)]
                    : [.number(k.x - 0.5), .number(k.y - 0.5), .number(k.visibility ?? 0)]
            })
            out["num_keypoints"] = .number(Double(moved.count { !$0.isMissing }))
        }
        return out
    }

    /// `[x, y, w, h]` of a box.
    static func bbox(_ b: Box) -> JSONValue {
        .array([.number(b.minX), .number(b.minY), .number(b.width), .number(b.height)])
    }

    /// A `bbox` `[x, y, w, h]` as a box; nil when absent.
    static func boxValue(_ value: JSONValue?) throws(LabelError) -> Box? {
        guard let value, value != .null else { return nil }
        guard let v = value.arrayValue?.compactMap(\.numberValue), v.count == 4, v[2] >= 0, v[3] >= 0 else {
            throw LabelError(.badJSON, "bbox: expected [x, y, w, h] with w, h >= 0, got \(value.kindDescription)")
        }
        return Box(minX: v[0], minY: v[1], maxX: v[0] + v[2], maxY: v[1] + v[3])
    }

    /// A COCO `segmentation`: polygons, a run-length mask, or none.
    enum Segmentation {
        case polygons([[Point]])
        case rle(RLE)
        case none

        init(_ value: JSONValue?) throws(LabelError) {
            switch value {
            case nil, .null?:
                self = .none
            case .array(let rings)?:
                var polygons: [[Point]] = []
                for ring in rings {
                    guard let v = ring.arrayValue?.compactMap(\.numberValue), v.count == ring.arrayValue?.count,
                        v.count % 2 == 0
                    else {
                        throw LabelError(.badJSON, "segmentation: a polygon is a list of x, y numbers, got "
                                         + ring.kindDescription)
                    }
                    // Fewer than 3 points: no area, as pycocotools would rasterise it; left out.
                    if v.count >= 6 { polygons.append(stride(from: 0, to: v.count, by: 2).map { Point(x: v[$0], y: v[$0 + 1]) }) }
                }
                self = polygons.isEmpty ? .none : .polygons(polygons)
            case .object(let m)?:
                guard let size = m["size"]?.arrayValue?.compactMap(\.intValue), size.count == 2 else {
                    throw LabelError(.badRLE, "segmentation: an RLE needs size [h, w]")
                }
                switch m["counts"] {
                case .string(let s)?: self = .rle(try RLE(compressed: s, height: size[0], width: size[1]))
                case .array(let a)?:
                    let counts = a.compactMap(\.intValue)
                    guard counts.count == a.count else { throw LabelError(.badRLE, "segmentation: counts are not integers") }
                    self = .rle(try RLE(height: size[0], width: size[1], counts: counts))
                default: throw LabelError(.badRLE, "segmentation: an RLE needs counts (a string or a list)")
                }
            case let other?:
                throw LabelError(.badJSON, "segmentation: expected polygons or an RLE, got \(other.kindDescription)")
            }
        }
    }
}
