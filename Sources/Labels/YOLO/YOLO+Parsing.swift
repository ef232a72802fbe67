import Augment

extension YOLO {
    /// Reads a YOLO label file into objects in the image's pixel coordinates (normalised values times `width`
    /// or `height`, continuous frame).
    ///
    /// Blank lines are skipped; an empty file is an image with no objects. Coordinates may lie in
    /// `[-0.01, 1.01]` (ultralytics' tolerance) and are kept as read (the transform clips). The class must be a
    /// non-negative integer and is kept as written. For ``YOLOFormat/detect`` a file is read as polygons when any
    /// row has more than 6 values (ultralytics' rule), and then every row must be a polygon of at least 3 points.
    /// - Parameters:
    ///   - bytes: The file's content, UTF-8 (ASCII) text.
    ///   - format: The rows' kind.
    ///   - width: The image's width in pixels (as oriented, the frame its labels live in).
    ///   - height: The image's height in pixels.
    /// - Returns: One object per row, in file order.
    /// - Throws: ``LabelError`` with the 1-based line: ``LabelError/Code/columnCount``,
    ///   ``LabelError/Code/notANumber``, ``LabelError/Code/badClass``, ``LabelError/Code/outOfRange``,
    ///   ``LabelError/Code/badVisibility``; ``LabelError/Code/badFormat`` (no line) for a pose shape outside
    ///   K >= 1, D in {2, 3}, or a size that is not positive.
    public static func parse(_ bytes: [UInt8], format: YOLOFormat, width: Int, height: Int)
        throws(LabelError) -> [LabelObject]
    {
        guard width > 0, height > 0 else {
            throw LabelError(.badFormat, "the image size \(width)x\(height) is not positive")
        }
        if case .pose(let k, let d) = format, k < 1 || !(2...3).contains(d) {
            throw LabelError(.badFormat, "kpt_shape [\(k), \(d)]: needs at least 1 keypoint of 2 or 3 values")
        }
        let rows = rows(bytes)
        let polygons = format == .detect && rows.contains { $0.tokens.count > 6 }
        let reader = RowReader(width: Double(width), height: Double(height))
        var objects: [LabelObject] = []
        objects.reserveCapacity(rows.count)
        for row in rows {
            let classToken = try reader.classToken(row)
            let shape: Shape
            switch format {
            case .detect where polygons: shape = try reader.polygon(row)
            case .detect: shape = .box(try reader.box(row, count: 5, what: "a box row (class cx cy w h)"))
            case .obb: shape = try reader.orientedBox(row)
            case .pose(let k, let d): shape = try reader.pose(row, keypoints: k, dimensions: d)
            }
            objects.append(LabelObject(classToken: classToken, shape: shape))
        }
        return objects
    }
}

/// Reads the values of one row, with errors naming the row's line.
private struct RowReader {
    var width: Double, height: Double

    func classToken(_ row: YOLO.Row) throws(LabelError) -> String {
        let token = String(decoding: row.tokens[0], as: UTF8.self)
        guard let v = Double(token), v.isFinite, v >= 0, v.rounded(.towardZero) == v else {
            throw LabelError(.badClass, line: row.line, "the class '\(token)' is not a non-negative integer")
        }
        return token
    }

    /// Value `i` (0-based, the class is 0) as a number.
    func number(_ row: YOLO.Row, _ i: Int) throws(LabelError) -> Double {
        let token = String(decoding: row.tokens[i], as: UTF8.self)
        guard let v = Double(token), v.isFinite else {
            throw LabelError(.notANumber, line: row.line, "value \(i + 1) '\(token)' is not a number")
        }
        return v
    }

    /// Value `i` as a normalised coordinate within the tolerance.
    func coordinate(_ row: YOLO.Row, _ i: Int) throws(LabelError) -> Double {
        let v = try number(row, i)
        guard v >= -YOLO.tolerance, v <= 1 + YOLO.tolerance else {
            throw LabelError(.outOfRange, line: row.line,
                             "value \(i + 1) (\(v)) is outside [-0.01, 1.01]: coordinates are normalised to the image")
        }
        return v
    }

    /// The point of values `i`, `i + 1`, in pixels.
    func point(_ row: YOLO.Row, _ i: Int) throws(LabelError) -> Point {
        Point(x: try coordinate(row, i) * width, y: try coordinate(row, i + 1) * height)
    }

    func box(_ row: YOLO.Row, count: Int, what: String) throws(LabelError) -> Box {
        guard row.tokens.count == count else {
            throw LabelError(.columnCount, line: row.line, "\(what) needs \(count) values, found \(row.tokens.count)")
        }
        return Box(centerX: try coordinate(row, 1) * width, centerY: try coordinate(row, 2) * height,
                   width: try coordinate(row, 3) * width, height: try coordinate(row, 4) * height)
    }

    func polygon(_ row: YOLO.Row) throws(LabelError) -> Shape {
        let n = row.tokens.count
        guard n >= 7, n % 2 == 1 else {
            throw LabelError(.columnCount, line: row.line,
                             "this file holds polygons (a row has more than 6 values), so each row needs a class and "
                             + "3 or more x y pairs; this row has \(n) values")
        }
        var points: [Point] = []
        points.reserveCapacity(n / 2)
        for i in stride(from: 1, to: n, by: 2) { points.append(try point(row, i)) }
        return .polygon(points)
    }

    func orientedBox(_ row: YOLO.Row) throws(LabelError) -> Shape {
        guard row.tokens.count == 9 else {
            throw LabelError(.columnCount, line: row.line,
                             "an OBB row (class x1 y1 x2 y2 x3 y3 x4 y4) needs 9 values, found \(row.tokens.count)")
        }
        return .orientedBox([try point(row, 1), try point(row, 3), try point(row, 5), try point(row, 7)])
    }

    func pose(_ row: YOLO.Row, keypoints k: Int, dimensions d: Int) throws(LabelError) -> Shape {
        let expected = 5 + k * d
        guard row.tokens.count == expected else {
            throw LabelError(.columnCount, line: row.line,
                             "a pose row with kpt_shape [\(k), \(d)] needs 5 + \(k) x \(d) = \(expected) values, "
                             + "found \(row.tokens.count)")
        }
        let b = try box(row, count: expected, what: "a pose row")
        var points: [Keypoint] = []
        points.reserveCapacity(k)
        for j in 0..<k {
            let i = 5 + j * d
            let p = try point(row, i)
            var v: Double? = nil
            if d == 3 {
                let value = try number(row, i + 2)
                guard value >= 0 else {
                    throw LabelError(.badVisibility, line: row.line, "value \(i + 3) (\(value)): a visibility is >= 0")
                }
                v = value
            }
            points.append(Keypoint(x: p.x, y: p.y, visibility: v))
        }
        return .pose(box: b, keypoints: points)
    }
}
