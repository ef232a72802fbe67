import Augment

extension VOCAnnotation {
    /// The annotation of an output image: every object's and part's box through `transform` (its box method,
    /// clip and filter, exactly as YOLO boxes), written back as whole pixels (``VOC/integerBox(_:width:height:)``);
    /// a dropped object is removed with its parts, a dropped part alone; `truncated` becomes 1 on an object whose
    /// box the clip cut (a `truncated` element is added before `bndbox` when there was none) and is kept otherwise;
    /// `filename` and `size/width`, `size/height` are the output's. Every other field is kept as read.
    /// - Parameters:
    ///   - transform: The output's label transform (affine and canvas).
    ///   - filename: The output image's file name.
    /// - Returns: The output's annotation, and the objects (not parts) kept and dropped, in output coordinates.
    /// - Throws: Never for boxes; typed as ``LabelTransform/transform(_:)``.
    public func transformed(by transform: LabelTransform, filename: String) throws(LabelError)
        -> (annotation: VOCAnnotation, result: LabelTransformResult)
    {
        let (w, h) = (transform.outputWidth, transform.outputHeight)
        var out = root
        var kept: [LabelObject] = []
        var objectCount = 0
        // Bottom-up, so that removing a child leaves the indices still to visit valid.
        let outcomes = try entries.map { (e) throws(LabelError) -> (Entry, moved: Box, kept: Box?) in
            let moved = transform.boxMethod.transform(e.box, by: transform.affine)
            guard case .box(let b)? = try transform.transform(.box(e.box)) else { return (e, moved, nil) }
            return (e, moved, b)
        }
        for (entry, moved, box) in outcomes.reversed() {
            if entry.part == nil { objectCount += 1 }
            guard let box else {
                out.modifyChild(at: entry.object) { object in
                    if let part = entry.part { object.removeChild(at: part) }
                }
                if entry.part == nil { out.removeChild(at: entry.object) }
                continue
            }
            if entry.part == nil { kept.append(LabelObject(classToken: entry.name, shape: .box(box))) }
            let cut = moved.minX < box.minX - VOC.tolerance || moved.minY < box.minY - VOC.tolerance
                || moved.maxX > box.maxX + VOC.tolerance || moved.maxY > box.maxY + VOC.tolerance
            let pixels = VOC.integerBox(box, width: w, height: h)
            out.modifyChild(at: entry.object) { object in
                func write(_ element: inout XMLTree) {
                    element.update("bndbox") { b in
                        b.setText(String(pixels.xmin), of: "xmin")
                        b.setText(String(pixels.ymin), of: "ymin")
                        b.setText(String(pixels.xmax), of: "xmax")
                        b.setText(String(pixels.ymax), of: "ymax")
                    }
                }
                if let part = entry.part {
                    object.modifyChild(at: part, write)
                    return
                }
                write(&object)
                if cut && !object.setText("1", of: "truncated") {
                    object.insert(XMLTree(name: "truncated", children: [.text("1")]), before: object.index(of: "bndbox")!)
                }
            }
        }
        out.setText(filename, of: "filename")
        out.update("size") { size in
            size.setText(String(w), of: "width")
            size.setText(String(h), of: "height")
        }
        let annotation = VOCAnnotation(root: out, hasDeclaration: hasDeclaration, entries: try Self.entries(of: out))
        return (annotation, LabelTransformResult(objects: kept.reversed(), inputCount: objectCount,
                                                 droppedCount: objectCount - kept.count))
    }
}

extension XMLTree {
    /// Applies `body` to the child element at `index` (nothing when it is text).
    mutating func modifyChild(at index: Int, _ body: (inout XMLTree) -> Void) {
        guard case .element(var e) = children[index] else { return }
        body(&e)
        children[index] = .element(e)
    }
}
