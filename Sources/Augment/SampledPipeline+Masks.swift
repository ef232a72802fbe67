extension SampledPipeline {
    /// The same geometry for a mask: every resampling op with nearest sampling (class ids are never blended) and
    /// `fill` wherever the image's op fills (where no source pixel lands); no EXIF step (masks describe the
    /// upright image). ``affine(width:height:)`` and ``outputSize(width:height:)`` are the image's.
    public func forMask(fill: Fill) -> SampledPipeline {
        SampledPipeline(ops: ops.map { $0.forMask(fill: fill) }, exifOrientation: 1)
    }
}

extension SampledOp {
    /// This op with nearest sampling and the mask's fill (see ``SampledPipeline/forMask(fill:)``).
    public func forMask(fill: Fill) -> SampledOp {
        switch self {
        case .transpose: return self
        case .rotate(var r):
            r.resample = .nearest
            r.fill = fill
            return .rotate(r)
        case .affine(var a):
            a.resample = .nearest
            a.fill = fill
            return .affine(a)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            return sizeOpForMask(fill: fill)!
        }
    }
}
