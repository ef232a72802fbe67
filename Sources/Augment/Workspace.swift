/// Reusable buffers for running pipelines: a worker keeps one and passes it to every
/// ``SampledPipeline/apply(to:into:workspace:fuse:)``, so after the first image nothing is allocated (and no
/// fresh page is faulted in) unless an image is larger than any before.
public struct Workspace: Sendable {
    var a = PixelBuffer()
    var b = PixelBuffer()
    var scratch = PixelBuffer()
    /// The horizontal pass of a resample.
    var temp = PixelBuffer()
    var steps: [Step] = []

    /// An empty workspace; its buffers grow on first use.
    public init() {}

    /// One pass over the pixels after fusion.
    enum Step: Sendable {
        /// A transpose-family transform (never the identity).
        case dihedral(Dihedral)
        /// An affine rotation of the window of its canvas, mirrored by `flips` in the same pass.
        case rotate(Rotation, RotationGeometry, RotationWindow, flips: Dihedral)
        /// A bilinear resize.
        case resize(width: Int, height: Int)
        /// A size-changing op's pass (Pillow's resize, or an integer window).
        case size(SizeStep)
    }
}


extension SampledPipeline {
    /// Runs the pipeline on `image`, writing the result into the caller-owned `output` (reshaped, its memory
    /// reused), with intermediates in `workspace`.
    ///
    /// Consecutive transposes (the EXIF orientation included) become one pass, and a flip or 180-degree turn
    /// right after an arbitrary rotation is folded into the rotation's write index (the seed job
    /// `rotate=45` then `flip=h` is one pass, as shared/bench/native_limit.c does it).
    ///
    /// With `fuse`, each maximal run of consecutive affine-type ops that resamples is composed into one matrix and
    /// sampled once (see `SampledPipeline+Fuse.swift` and docs/ops.md): one interpolation instead of several,
    /// faster and sharper, not equal to Pillow's sequence. The output size and ``affine(width:height:)`` are the
    /// same either way; runs of exact ops only (flips, 90-degree turns, windows) give the same pixels.
    /// - Parameters:
    ///   - image: The input, as stored.
    ///   - output: Where the result goes; must not share storage with `image`.
    ///   - workspace: Reusable scratch buffers.
    ///   - fuse: Sample each run of affine-type ops once (default `false`: each op after the other, as Pillow).
    public func apply(to image: PixelBuffer, into output: inout PixelBuffer, workspace: inout Workspace,
                      fuse: Bool = false) {
        plan(width: image.width, height: image.height, fuse: fuse, into: &workspace.steps)
        let n = workspace.steps.count
        if n == 0 { return image.copy(into: &output) }
        var current = image
        for i in 0..<n {
            let step = workspace.steps[i]
            if i == n - 1 {
                current.run(step, into: &output, scratch: &workspace.scratch, temp: &workspace.temp)
            } else if i % 2 == 0 {
                current.run(step, into: &workspace.a, scratch: &workspace.scratch, temp: &workspace.temp)
                current = workspace.a
            } else {
                current.run(step, into: &workspace.b, scratch: &workspace.scratch, temp: &workspace.temp)
                current = workspace.b
            }
        }
    }

    /// Runs the pipeline on `image` and returns a new buffer (allocates the result; prefer
    /// ``apply(to:into:workspace:fuse:)`` in a loop).
    public func apply(to image: PixelBuffer, workspace: inout Workspace, fuse: Bool = false) -> PixelBuffer {
        var out = PixelBuffer()
        apply(to: image, into: &out, workspace: &workspace, fuse: fuse)
        return out
    }

    /// Runs the pipeline on `image` with a fresh workspace (`fuse` as in ``apply(to:into:workspace:fuse:)``).
    public func apply(to image: PixelBuffer, fuse: Bool = false) -> PixelBuffer {
        var ws = Workspace()
        return apply(to: image, workspace: &ws, fuse: fuse)
    }

    /// The passes for an input of `width x height`; with `fuse`, each fused run (``fusedRun(_:from:width:height:)``)
    /// is one pass.
    func plan(width: Int, height: Int, fuse: Bool = false, into steps: inout [Workspace.Step]) {
        steps.removeAll(keepingCapacity: true)
        var (w, h) = (width, height)
        var pending = Dihedral()
        func flush() {
            if pending.isIdentity { return }
            if !pending.swap, case .rotate(let r, let g, let win, let flips)? = steps.last {
                steps[steps.count - 1] = .rotate(r, g, win, flips: flips.then(pending))
            } else {
                steps.append(.dihedral(pending))
            }
            pending = Dihedral()
        }
        let ops = allOps
        var i = 0
        while i < ops.count {
            let op = ops[i]
            if fuse, let run = fusedRun(ops, from: i, width: w, height: h) {
                flush()
                steps.append(run.step)
                (w, h) = (run.width, run.height)
                i = run.ops.upperBound
                continue
            }
            i += 1
            switch op {
            case .transpose(let t):
                pending = pending.then(Dihedral(t))
                (w, h) = t.outputSize(width: w, height: h)
            case .rotate(let r):
                let g = RotationGeometry(width: w, height: h, degrees: r.degrees, expand: r.expand, center: r.center)
                if case .exact(let d) = g.path {
                    pending = pending.then(d)
                    (w, h) = (g.outWidth, g.outHeight)
                    continue
                }
                flush()
                let win = r.crop == .none
                    ? RotationWindow(x0: 0, y0: 0, width: g.outWidth, height: g.outHeight)
                    : RotationWindow.inscribed(g, inputWidth: w, inputHeight: h)
                steps.append(.rotate(r, g, win, flips: Dihedral()))
                if r.crop == .inscribedResized {
                    steps.append(.resize(width: w, height: h))
                } else {
                    (w, h) = (win.width, win.height)
                }
            case .affine(let a):
                flush()
                // Pillow's transform: the canvas kept, the matrix as given, the rotation kernels.
                steps.append(.rotate(a.kernelSettings, a.geometry(width: w, height: h),
                                     RotationWindow(x0: 0, y0: 0, width: w, height: h), flips: Dihedral()))
            case .resize, .crop, .pad, .letterbox, .randomResizedCrop:
                flush()
                for s in op.sizeSteps(width: w, height: h)! {
                    steps.append(.size(s))
                    (w, h) = s.size
                }
            }
        }
        flush()
    }
}

extension PixelBuffer {
    func run(_ step: Workspace.Step, into output: inout PixelBuffer, scratch: inout PixelBuffer,
             temp: inout PixelBuffer) {
        switch step {
        case .dihedral(let d): applyDihedral(d, into: &output)
        case .rotate(let r, let g, let win, let flips): render(r, g, win, flips, into: &output, scratch: &scratch)
        case .resize(let w, let h): resize(width: w, height: h, into: &output)
        case .size(.resample(let w, let h, let filter)):
            resample(width: w, height: h, filter: filter, into: &output, scratch: &scratch, temp: &temp)
        case .size(.window(let x0, let y0, let w, let h, let fill)):
            window(x0: x0, y0: y0, width: w, height: h, fill: fill, into: &output)
        }
    }
}
