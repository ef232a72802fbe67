/// A pipeline with its random parameters drawn for one item: the concrete ops that fired.
public struct SampledPipeline: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The EXIF orientation (1...8) applied before the ops; 1 (or anything outside 2...8) is none.
    public var exifOrientation: Int
    /// The ops that fired, in order, with the parameters that were drawn.
    public var ops: [SampledOp]

    /// A sampled pipeline from concrete ops.
    public init(ops: [SampledOp], exifOrientation: Int = 1) {
        self.ops = ops
        self.exifOrientation = exifOrientation
    }

    enum CodingKeys: String, CodingKey {
        case exifOrientation = "exif_orientation"
        case ops
    }

    /// Decodes `{"exif_orientation": 6, "ops": [...]}` (`exif_orientation` optional).
    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        ops = try k.decode([SampledOp].self, forKey: .ops)
        exifOrientation = try k.decodeIfPresent(Int.self, forKey: .exifOrientation) ?? 1
    }

    /// The same pipeline with the EXIF orientation `o` (1...8) applied first: the image as stored is turned
    /// upright (as Pillow's `ImageOps.exif_transpose`), then the ops run; ``affine(width:height:)`` then maps
    /// the stored image's coordinates.
    public func withEXIFOrientation(_ o: Int) -> SampledPipeline {
        var s = self
        s.exifOrientation = o
        return s
    }

    /// The op strings of what runs, e.g. `rotate=12.5 flip=h`.
    public var description: String { ops.map(\.description).joined(separator: " ") }

    /// Every concrete step: the EXIF transform (if any), then the ops.
    var allOps: [SampledOp] {
        if let t = Transpose(exifOrientation: exifOrientation) { return [.transpose(t)] + ops }
        return ops
    }

    /// The output size for an input of `width x height`.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        var (w, h) = (width, height)
        for op in allOps { (w, h) = op.outputSize(width: w, height: h) }
        return (w, h)
    }

    /// The forward 2x3 matrix from input to output pixel coordinates (Pillow's pixel-corner convention: pixel
    /// (i, j) covers `[i, i+1) x [j, j+1)`), composed over the EXIF orientation and every op, expand and
    /// crop included. A point of the stored input maps to the same point of the output, so labels (boxes,
    /// keypoints) can be transformed with it.
    /// - Parameters:
    ///   - width: Input width as stored (before the EXIF orientation).
    ///   - height: Input height as stored.
    public func affine(width: Int, height: Int) -> Affine {
        var m = Affine.identity
        var (w, h) = (width, height)
        for op in allOps {
            m = m.then(op.affine(width: w, height: h))
            (w, h) = op.outputSize(width: w, height: h)
        }
        return m
    }
}

extension SampledOp {
    /// The output size for an input of `width x height`.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch self {
        case .transpose(let t): return t.outputSize(width: width, height: height)
        case .rotate(let r):
            let g = RotationGeometry(width: width, height: height, degrees: r.degrees, expand: r.expand, center: r.center)
            switch r.crop {
            case .none: return (g.outWidth, g.outHeight)
            case .inscribed:
                let win = RotationWindow.inscribed(g, inputWidth: width, inputHeight: height)
                return (win.width, win.height)
            case .inscribedResized:
                if case .exact = g.path { return (g.outWidth, g.outHeight) }
                return (width, height)
            }
        case .affine:
            return (width, height)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            return sizeSteps(width: width, height: height)!.outputSize(width: width, height: height)
        }
    }

    /// The forward map input -> output of this op for an input of `width x height`.
    public func affine(width: Int, height: Int) -> Affine {
        switch self {
        case .transpose(let t): return t.affine(width: width, height: height)
        case .rotate(let r):
            let g = RotationGeometry(width: width, height: height, degrees: r.degrees, expand: r.expand, center: r.center)
            let m = g.forward(inputWidth: width, inputHeight: height)
            if r.crop == .none { return m }
            if case .exact = g.path { return m }
            let win = RotationWindow.inscribed(g, inputWidth: width, inputHeight: height)
            let cropped = m.then(.translation(Double(-win.x0), Double(-win.y0)))
            if r.crop == .inscribed || win.width == 0 || win.height == 0 { return cropped }
            return cropped.then(.scaling(Double(width) / Double(win.width), Double(height) / Double(win.height)))
        case .affine(let a):
            return a.inverse(width: width, height: height).inverted
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            return sizeSteps(width: width, height: height)!.affine(width: width, height: height)
        }
    }
}

extension Pipeline {
    /// Draws the random parameters for one copy of one item: a pure function of its arguments (see
    /// ``AugmentRandom`` for the generator), so any worker, order or sharding gets the same result.
    /// - Parameters:
    ///   - seed: The run's seed.
    ///   - key: The item's key (the CLI uses the item's relative path bytes).
    ///   - copy: The copy index.
    /// - Returns: The ops that fired, with concrete parameters.
    public func sample(seed: UInt64, key: [UInt8], copy: Int) -> SampledPipeline {
        let rng = AugmentRandom(seed: seed, key: key, copy: copy)
        var out: [SampledOp] = []
        for (i, op) in ops.enumerated() {
            guard rng.unit(op: i, draw: 0) < op.p else { continue }
            switch op.kind {
            case .fixed(let t): out.append(.transpose(t))
            case .flip(let axis): out.append(.transpose(axis.sample(rng, op: i, draw: 1).transpose))
            case .rotate(let r):
                out.append(.rotate(Rotation(
                    degrees: r.degrees.sample(rng, op: i, draw: 1), resample: r.resample.sample(rng, op: i, draw: 2),
                    expand: r.expand.sample(rng, op: i, draw: 3), fill: r.fill, center: r.center, crop: r.crop)))
            case .affine(let a):
                out.append(.affine(a.sample(rng, op: i)))
            case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
                out.append(op.kind.sampleSizeOp(rng, op: i)!)
            }
        }
        return SampledPipeline(ops: out)
    }
}
