/// `--fuse`: maximal runs of consecutive affine-type ops composed into one matrix and sampled once.
///
/// Unfused, every op resamples the previous op's output, as Pillow would run the sequence. Fused, a run of
/// consecutive fusable ops (flips, 90-degree turns and transposes, `rotate`, `affine`, `crop`, `pad`, and a
/// `resize`, `letterbox` or `random-resized-crop` whose resize shrinks by at most 2x along each axis) becomes one
/// pass: the run's forward maps composed (``SampledOp/affine(width:height:)``), inverted, and sampled onto the run's
/// last canvas by the rotation kernels. One interpolation instead of several: faster and sharper, and not equal to
/// Pillow's sequence. The report's matrix and output size are the unfused pipeline's (the same composition).

/// What an op is to a fused run, for a given input size.
enum FusionRole: Equatable {
    /// It cannot join a run: a resize that shrinks by more than 2x along an axis, where Pillow's antialiasing
    /// (the filter widened by the scale) matters and one point sample per pixel would alias.
    case breaksRun
    /// It moves whole pixels (a transpose, an exact rotation, an integer window, a same-size resize).
    case exact
    /// It interpolates with this filter (nearest, bilinear or bicubic).
    case resamples(Resample)
}

extension ResizeFilter {
    /// The transform filter that stands for this resize filter in a fused run: box and hamming as bilinear,
    /// lanczos as bicubic.
    var transformFilter: Resample {
        switch self {
        case .nearest: return .nearest
        case .box, .bilinear, .hamming: return .bilinear
        case .bicubic, .lanczos: return .bicubic
        }
    }
}

extension Resample {
    /// The order of strength in a fused run: nearest < bilinear < bicubic.
    var strength: Int {
        switch self {
        case .nearest: return 0
        case .bilinear: return 1
        case .bicubic: return 2
        }
    }
}

extension SampledOp {
    /// This op's part in a fused run, for an input of `width x height`.
    func fusionRole(width w: Int, height h: Int) -> FusionRole {
        switch self {
        case .transpose: return .exact
        case .rotate(let r):
            let g = RotationGeometry(width: w, height: h, degrees: r.degrees, expand: r.expand, center: r.center)
            if case .exact = g.path { return .exact }
            return .resamples(r.resample)
        case .affine(let a): return .resamples(a.resample)
        case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
            var role = FusionRole.exact
            var (sw, sh) = (w, h)
            for step in sizeSteps(width: w, height: h)! {
                if case .resample(let ow, let oh, let filter) = step, (ow, oh) != (sw, sh) {
                    if 2 * ow < sw || 2 * oh < sh { return .breaksRun }
                    role = .resamples(filter.transformFilter)
                }
                (sw, sh) = step.size
            }
            return role
        }
    }

    /// The colour this op fills with, when it names one.
    var namedFill: Fill? {
        switch self {
        case .transpose, .resize, .randomResizedCrop: return nil
        case .rotate(let r): return r.fill
        case .affine(let a): return a.fill
        case .crop(let c): return c.fill
        case .pad(let p): return p.fill
        case .letterbox(let l): return l.fill
        }
    }
}

/// A fused run: ops `ops` of ``SampledPipeline/allOps`` sampled in one pass.
struct FusedRun {
    /// The ops of the run (indices into ``SampledPipeline/allOps``).
    var ops: Range<Int>
    /// The composed forward map, run input -> run output (pixel-corner coordinates).
    var forward: Affine
    /// The run's last canvas.
    var width: Int, height: Int
    /// The strongest filter among the run's resampling ops (bicubic > bilinear > nearest).
    var resample: Resample
    /// The fill of the run's first op that names one; `nil` is all-zero samples.
    var fill: Fill?
    /// The canvases inside the run (each op's output, and each pass's of a size op, but the last): the forward map
    /// run input -> canvas, and its size. Output pixels off any of them are fill, as the sequence would cut them.
    var canvases: [(forward: Affine, width: Int, height: Int)] = []

    /// The one pass: the inverse map onto the run's canvas, through the rotation kernels (bilinear and bicubic with
    /// their fixed-point interior, not Pillow's doubles: a fused run is not Pillow's sequence anyway).
    var step: Workspace.Step {
        let inverse = forward.inverted
        var g = RotationGeometry(inverse: inverse, width: width, height: height)
        g.exactInterpolation = false
        g.clip = canvases.dropLast().map {
            CanvasClip(map: inverse.then($0.forward), width: Double($0.width), height: Double($0.height))
        }
        return .rotate(Rotation(degrees: 0, resample: resample, fill: fill), g,
                       RotationWindow(x0: 0, y0: 0, width: width, height: height), flips: Dihedral())
    }
}

extension SampledPipeline {
    /// The fused run that starts at `allOps[start]` on an input of `width x height`, or `nil` when there is none
    /// worth a pass of its own: fewer than two ops, or no op that resamples (an exact-only run keeps its exact
    /// passes, so its pixels equal the unfused pipeline's).
    func fusedRun(_ ops: [SampledOp], from start: Int, width: Int, height: Int) -> FusedRun? {
        var run = FusedRun(ops: start..<start, forward: .identity, width: width, height: height, resample: .nearest,
                           fill: nil)
        var resamples = false
        var filled = false
        for i in start..<ops.count {
            let op = ops[i]
            let role = op.fusionRole(width: run.width, height: run.height)
            if role == .breaksRun { break }
            if case .resamples(let r) = role {
                if !resamples || r.strength > run.resample.strength { run.resample = r }
                resamples = true
            }
            if !filled, let f = op.namedFill {
                run.fill = f
                filled = true
            }
            // The passes of a size op inside it (a letterbox's scaled image before its border).
            var (w, h, partial) = (run.width, run.height, Affine.identity)
            for step in (op.sizeSteps(width: w, height: h) ?? []).dropLast() {
                partial = partial.then(step.affine(width: w, height: h))
                (w, h) = step.size
                run.canvases.append((run.forward.then(partial), w, h))
            }
            // The op as the report composes it.
            run.forward = run.forward.then(op.affine(width: run.width, height: run.height))
            (run.width, run.height) = op.outputSize(width: run.width, height: run.height)
            run.canvases.append((run.forward, run.width, run.height))
            run.ops = start..<(i + 1)
        }
        return run.ops.count >= 2 && resamples ? run : nil
    }

    /// The runs that `apply(to:into:workspace:fuse: true)` samples in one pass each, for an input of
    /// `width x height` (the ops between them run as they would unfused).
    func fusedRuns(width: Int, height: Int) -> [FusedRun] {
        let ops = allOps
        var runs: [FusedRun] = []
        var (w, h) = (width, height)
        var i = 0
        while i < ops.count {
            if let run = fusedRun(ops, from: i, width: w, height: h) {
                runs.append(run)
                (w, h) = (run.width, run.height)
                i = run.ops.upperBound
            } else {
                (w, h) = ops[i].outputSize(width: w, height: h)
                i += 1
            }
        }
        return runs
    }
}
