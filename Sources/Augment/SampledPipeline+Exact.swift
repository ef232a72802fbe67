/// Whether a sampled pipeline only moves pixels (no resampling), and which one transform it then is.
public enum Exactness: Sendable, Hashable {
    /// Every step (the EXIF orientation and each op) is a flip, a multiple of 90 degrees or a transpose: together
    /// they are this one transform, `nil` for the identity.
    case exact(Transpose?)
    /// This op resamples: a rotation by an angle that is not a multiple of 90 degrees, by 90 or 270 degrees of a
    /// non-square image without `expand`, or about a given centre.
    case inexact(SampledOp)
}

extension SampledPipeline {
    /// The EXIF orientation and every op composed into one exact transform, when each is exact (as
    /// ``PixelBuffer/transpose(_:into:)`` or Pillow's exact `rotate` paths would run them).
    /// - Parameters:
    ///   - width: Input width as stored (before the EXIF orientation); a 90-degree rotation without `expand` is
    ///     exact only on a square image.
    ///   - height: Input height as stored.
    /// - Returns: ``Exactness/exact(_:)`` with the combined transform, or ``Exactness/inexact(_:)`` naming the
    ///   first op that resamples.
    public func exactness(width: Int, height: Int) -> Exactness {
        var g = Dihedral()
        var (w, h) = (width, height)
        for op in allOps {
            switch op {
            case .transpose(let t): g = g.then(Dihedral(t))
            case .rotate(let r):
                let geometry = RotationGeometry(width: w, height: h, degrees: r.degrees, expand: r.expand,
                                                center: r.center)
                guard case .exact(let d) = geometry.path else { return .inexact(op) }
                g = g.then(d)
            case .affine, .resize, .crop, .pad, .letterbox, .randomResizedCrop:
                // Resampling, or a window that a DCT-domain transform cannot make.
                return .inexact(op)
            }
            (w, h) = op.outputSize(width: w, height: h)
        }
        return .exact(g.transpose)
    }
}
