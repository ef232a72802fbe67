/// JSON form of pipeline ops: one object per op, `"op"` naming it as the CLI grammar does.
///
/// `{"op": "rotate", "degrees": 45 | {"uniform": [a, b]} | {"choice": [...]}, "resample": "bilinear",
/// "expand": false, "fill": [r, g, b], "center": {"x": 10, "y": 20}, "crop": "inscribed", "p": 0.5}`,
/// `{"op": "flip", "axis": "h" | {"choice": ["h", "v"]}}`, `{"op": "rot90"}` (also `rot180`, `rot270`,
/// `transpose`, `transverse`), `{"op": "affine", "rotate": ..., "scale": ..., "translate": ..., "translate-y": ...,
/// "shear": ..., "shear-y": ..., "resample": ..., "fill": [...]}` (number specs as `degrees`; the keys are the
/// grammar's). Omitted keys take the grammar's defaults.

enum OpCodingKeys: String, CodingKey {
    case op, degrees, resample, expand, fill, center, crop, axis, p
    case rotate, scale, translate, translateY = "translate-y", shear, shearY = "shear-y"
    case size, at, ratio, draw
}

extension Transpose {
    /// The op name in JSON and the grammar, for the transforms that have no parameter.
    static func named(_ name: String) -> Transpose? {
        switch name {
        case "rot90": return .rotate90
        case "rot180": return .rotate180
        case "rot270": return .rotate270
        case "transpose": return .transpose
        case "transverse": return .transverse
        default: return nil
        }
    }
}

extension PipelineOp: Codable {
    /// Decodes one op object (see the file's header).
    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: OpCodingKeys.self)
        let name = try k.decode(String.self, forKey: .op)
        let p = try k.decodeIfPresent(Double.self, forKey: .p) ?? 1
        guard (0...1).contains(p) else {
            throw DecodingError.dataCorruptedError(forKey: .p, in: k, debugDescription: "p must be in [0, 1]")
        }
        switch name {
        case "rotate":
            var r = RotateSpec(degrees: try k.decode(AngleSpec.self, forKey: .degrees))
            r.resample = try k.decodeIfPresent(Param<Resample>.self, forKey: .resample) ?? .fixed(.nearest)
            r.expand = try k.decodeIfPresent(Param<Bool>.self, forKey: .expand) ?? .fixed(false)
            r.fill = try k.decodeIfPresent(Fill.self, forKey: .fill)
            r.center = try k.decodeIfPresent(Point.self, forKey: .center)
            r.crop = try k.decodeIfPresent(Crop.self, forKey: .crop) ?? .none
            self.init(.rotate(r), p: p)
        case "flip":
            self.init(.flip(try k.decode(Param<FlipAxis>.self, forKey: .axis)), p: p)
        case "affine":
            self.init(.affine(try AffineSpec(from: k)), p: p)
        case _ where PipelineOp.sizeOpNames.contains(name):
            self.init(try PipelineOp.Kind(sizeOp: name, from: k), p: p)
        default:
            guard let t = Transpose.named(name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .op, in: k,
                    debugDescription: "unknown op '\(name)': expected rotate, flip, rot90, rot180, rot270, transpose or transverse")
            }
            self.init(.fixed(t), p: p)
        }
        // The ranges of the grammar and the checked JSON front end hold here too (a worker's configuration).
        do { try validate() } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes one op object with every parameter.
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: OpCodingKeys.self)
        switch kind {
        case .rotate(let r):
            try r.encodeOp(into: &k)
        case .flip(let axis):
            try k.encode("flip", forKey: .op)
            try k.encode(axis, forKey: .axis)
        case .fixed(let t):
            try t.encodeOp(into: &k)
        case .affine(let a):
            try a.encodeOp(into: &k)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            try kind.encodeSizeOp(into: &k)
        }
        try k.encode(p, forKey: .p)
    }
}

extension RotateSpec {
    /// The spec whose every parameter is fixed at `rotation`'s (a fixed value encodes as the plain value).
    init(fixed rotation: Rotation) {
        self.init(degrees: .fixed(rotation.degrees))
        resample = .fixed(rotation.resample)
        expand = .fixed(rotation.expand)
        fill = rotation.fill
        center = rotation.center
        crop = rotation.crop
    }

    /// The fields of a rotate op object, `"op"` included (not `"p"`).
    func encodeOp(into k: inout KeyedEncodingContainer<OpCodingKeys>) throws {
        try k.encode("rotate", forKey: .op)
        try k.encode(degrees, forKey: .degrees)
        try k.encode(resample, forKey: .resample)
        try k.encode(expand, forKey: .expand)
        try k.encodeIfPresent(fill, forKey: .fill)
        try k.encodeIfPresent(center, forKey: .center)
        try k.encode(crop, forKey: .crop)
    }
}

extension Transpose {
    /// `{"op": "flip", "axis": "h"}` for the flips, `{"op": "rot90"}` and so on for the others.
    func encodeOp(into k: inout KeyedEncodingContainer<OpCodingKeys>) throws {
        switch self {
        case .flipLeftRight, .flipTopBottom:
            try k.encode("flip", forKey: .op)
            try k.encode(self == .flipLeftRight ? FlipAxis.h : .v, forKey: .axis)
        default:
            try k.encode(description, forKey: .op)
        }
    }
}

/// A concrete op of a ``SampledPipeline``: what actually runs, with the parameters that were sampled.
/// JSON as a ``PipelineOp`` with every parameter fixed: `{"op": "rotate", "degrees": 12.5,
/// "resample": "nearest", "expand": false, "crop": "none"}`, `{"op": "flip", "axis": "h"}`, `{"op": "rot90"}`.
public enum SampledOp: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An exact transform (flip, rot90, ...).
    case transpose(Transpose)
    /// An arbitrary-angle rotation with concrete parameters.
    case rotate(Rotation)
    /// An affine op (rotation, scale, translation, shear about the centre) with concrete parameters.
    case affine(AffineParameters)
    /// Pillow's `Image.resize`.
    case resize(ResizeParameters)
    /// An integer window (a crop, padded where it leaves the image).
    case crop(CropParameters)
    /// Padding to at least a size.
    case pad(PadParameters)
    /// Ultralytics' letterbox.
    case letterbox(LetterboxParameters)
    /// torchvision's random resized crop, its box fixed by a unit draw.
    case randomResizedCrop(RandomResizedCropParameters)

    /// Decodes an op object whose parameters are all fixed.
    public init(from decoder: any Decoder) throws {
        let op = try PipelineOp(from: decoder)
        switch op.kind {
        case .fixed(let t): self = .transpose(t)
        case .flip(.fixed(let a)): self = .transpose(a.transpose)
        case .rotate(let r):
            if case .fixed(let deg) = r.degrees, case .fixed(let rs) = r.resample, case .fixed(let ex) = r.expand {
                self = .rotate(Rotation(degrees: deg, resample: rs, expand: ex, fill: r.fill, center: r.center,
                                        crop: r.crop))
                return
            }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a sampled op has fixed parameters"))
        case .affine(let a):
            guard let fixed = a.fixedParameters else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "a sampled op has fixed parameters"))
            }
            self = .affine(fixed)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            guard let s = SampledOp(fixedSizeOp: op.kind) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "a sampled op has fixed parameters"))
            }
            self = s
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a sampled op has fixed parameters"))
        }
    }

    /// Encodes the op object with its concrete parameters.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .transpose(let t):
            var k = encoder.container(keyedBy: OpCodingKeys.self)
            try t.encodeOp(into: &k)
        case .rotate(let r):
            var k = encoder.container(keyedBy: OpCodingKeys.self)
            try RotateSpec(fixed: r).encodeOp(into: &k)
        case .affine(let a):
            var k = encoder.container(keyedBy: OpCodingKeys.self)
            try AffineSpec(fixed: a).encodeOp(into: &k)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            var k = encoder.container(keyedBy: OpCodingKeys.self)
            try sizeOpKind!.encodeSizeOp(into: &k)
        }
    }

    /// The op string with its concrete parameters, e.g. `rotate=12.5,resample=bilinear`.
    public var description: String {
        switch self {
        case .transpose(let t): return t.description
        case .rotate(let r):
            return PipelineOp(.rotate(RotateSpec(fixed: r))).description
        case .affine(let a):
            return AffineSpec(fixed: a).opString
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            return sizeOpKind!.sizeOpString!
        }
    }
}
