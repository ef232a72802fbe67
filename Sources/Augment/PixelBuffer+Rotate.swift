import Synchronization

/// Arbitrary-angle rotation with Pillow's `Image.rotate` geometry.
extension PixelBuffer {
    /// A rotated copy, as Pillow's `Image.rotate(degrees, resample, expand, center, fillcolor=fill)`.
    ///
    /// - Parameters:
    ///   - degrees: Angle in degrees, counter-clockwise as seen on screen (as Pillow).
    ///   - resample: `.nearest` (Pillow's default), `.bilinear` or `.bicubic`.
    ///   - expand: Grow the canvas to hold the whole rotated image; otherwise keep `W x H`.
    ///   - fill: Colour where no source pixel lands; `nil` is all-zero samples (Pillow's default).
    ///   - center: Centre of rotation in pixel-corner coordinates; `nil` is (W/2, H/2). Giving one turns off
    ///     Pillow's exact fast paths for 0/90/180/270, as Pillow does.
    /// - Returns: The rotated image. Multiples of 90 degrees take the exact ``Transpose`` path when Pillow does.
    public func rotated(degrees: Double, resample: Resample = .nearest, expand: Bool = false, fill: Fill? = nil,
                        center: Point? = nil) -> PixelBuffer {
        rotated(Rotation(degrees: degrees, resample: resample, expand: expand, fill: fill, center: center))
    }

    /// Writes this buffer rotated into `output`, reshaping it and reusing its memory; see
    /// ``rotated(degrees:resample:expand:fill:center:)``.
    public func rotate(degrees: Double, resample: Resample = .nearest, expand: Bool = false, fill: Fill? = nil,
                       center: Point? = nil, into output: inout PixelBuffer) {
        var ws = Workspace()
        rotate(Rotation(degrees: degrees, resample: resample, expand: expand, fill: fill, center: center),
               into: &output, workspace: &ws)
    }

    /// A rotated copy (with ``Rotation/crop`` applied).
    public func rotated(_ rotation: Rotation) -> PixelBuffer {
        var out = PixelBuffer()
        var ws = Workspace()
        rotate(rotation, into: &out, workspace: &ws)
        return out
    }

    /// Writes this buffer rotated (and cropped) into `output`, using `workspace` for the intermediate
    /// buffers (premultiplied alpha, the crop before resizing) so that nothing is allocated after the first use.
    /// - Parameters:
    ///   - rotation: The rotation.
    ///   - output: A caller-owned buffer, reshaped; must not share storage with `self`.
    ///   - workspace: Reusable scratch buffers.
    public func rotate(_ rotation: Rotation, into output: inout PixelBuffer, workspace: inout Workspace) {
        let g = RotationGeometry(width: width, height: height, degrees: rotation.degrees, expand: rotation.expand,
                                 center: rotation.center)
        let window = rotation.crop == .none
            ? RotationWindow(x0: 0, y0: 0, width: g.outWidth, height: g.outHeight)
            : RotationWindow.inscribed(g, inputWidth: width, inputHeight: height)
        if rotation.crop == .inscribedResized {
            render(rotation, g, window, Dihedral(), into: &workspace.b, scratch: &workspace.scratch)
            workspace.b.resize(width: width, height: height, into: &output)
        } else {
            render(rotation, g, window, Dihedral(), into: &output, scratch: &workspace.scratch)
        }
    }

    /// Renders the window of the rotated canvas into `output`, then mirrors it by `flips` (no axis swap), in
    /// one pass: the mirroring is folded into the write index.
    func render(_ r: Rotation, _ g: RotationGeometry, _ window: RotationWindow, _ flips: Dihedral,
                into output: inout PixelBuffer, scratch: inout PixelBuffer) {
        precondition(!flips.swap)
        if case .exact(let d) = g.path {
            return applyDihedral(d.then(flips), into: &output)
        }
        output.reshape(width: window.width, height: window.height, layout: layout, depth: depth)
        if output.pixelCount == 0 { return }
        let fillBytes = r.fill?.pixelBytes(layout: layout, depth: depth)
        let premultiplied = r.resample != .nearest && layout.hasAlpha
        if premultiplied {
            scratch.reshape(width: width, height: height, layout: layout, depth: depth)
            let n = pixelCount
            withUnsafeBytes { s in
                scratch.withUnsafeMutableBytes { d in
                    dispatchSamples(PremultiplyKernel(src: s.baseAddress!, dst: d.baseAddress!, count: n, forward: true))
                }
            }
            scratch.renderAffine(r, g, window, flips, fillBytes, into: &output)
            let m = output.pixelCount
            output.withUnsafeMutableBytes { d in
                dispatchSamples(PremultiplyKernel(src: d.baseAddress!, dst: d.baseAddress!, count: m, forward: false))
            }
        } else {
            renderAffine(r, g, window, flips, fillBytes, into: &output)
        }
    }

    /// Output tile side for the nearest kernel (0: row by row); a tuning knob for the benchmark and tests.
    static let nearestTile = Atomic<Int>(16)
    /// Sources of up to this many bytes are walked row by row whatever ``nearestTile`` says: they stay in the
    /// L2 cache, where tiles only add span computations (256x256 RGB: 0.048 ms by rows against 0.069 ms in
    /// 16-pixel tiles; 640x480 0.56 against 0.69 ms; level at 1024x768; tiles win at 1080p).
    static let nearestRowsUpTo = Atomic<Int>(2 << 20)

    /// The nearest kernel's tile side for a source of `sourceBytes`.
    private func nearestTile(sourceBytes: Int) -> Int {
        sourceBytes <= Self.nearestRowsUpTo.load(ordering: .relaxed) ? 0 : Self.nearestTile.load(ordering: .relaxed)
    }

    private func renderAffine(_ r: Rotation, _ g: RotationGeometry, _ window: RotationWindow, _ flips: Dihedral,
                              _ fillBytes: [UInt8]?, into output: inout PixelBuffer) {
        let stride = window.width * bytesPerPixel
        output.withUnsafeMutableBytes { d in
            renderAffine(r, g, window, flips, fillBytes, to: d.baseAddress!, stride: stride)
        }
    }

    /// Renders `window` of the rotated canvas, mirrored by `flips` within the window, to `dst` (`stride` bytes
    /// per row). Any band of rows of a larger window renders the same pixels as that window does there.
    func renderAffine(_ r: Rotation, _ g: RotationGeometry, _ window: RotationWindow, _ flips: Dihedral,
                      _ fillBytes: [UInt8]?, to dst: UnsafeMutableRawPointer, stride: Int) {
        let (w, h, ss, bpp) = (width, height, rowStride, bytesPerPixel)
        let emptySource = pixelCount == 0
        withUnsafeBytes { s in
            func go(_ fill: UnsafeRawPointer?) {
                let target = RotationTarget(dst: dst, dstStride: stride, window: window,
                                            flipX: flips.flipX, flipY: flips.flipY, fill: fill)
                if emptySource {
                    // Nothing maps inside a 0-pixel source: all fill.
                    PixelSize.dispatch(bpp, FillKernel(target: target))
                    return
                }
                let src = s.baseAddress!
                switch r.resample {
                case .nearest:
                    if depth == .sixteen {
                        // Pillow's path for I;16 (ImagingTransformAffine hands special modes to the generic loop):
                        // every pixel's source in doubles, whatever the op.
                        NearestDoubleKernel(src: src, srcWidth: w, srcHeight: h, srcStride: ss, bpp: bpp,
                                            target: target, g: g).runGeneric()
                    } else if g.isScale || !g.fitsFixedPoint {
                        NearestDoubleKernel(src: src, srcWidth: w, srcHeight: h, srcStride: ss, bpp: bpp,
                                            target: target, g: g).run()
                    } else {
                        PixelSize.dispatch(bpp, NearestFixedKernel(src: src, srcWidth: w, srcHeight: h,
                                                                   srcStride: ss, srcBytes: ss * h, target: target, m: g.fixed,
                                                                   tile: nearestTile(sourceBytes: ss * h)))
                    }
                case .bilinear, .bicubic:
                    dispatchSamples(InterpolateKernel(src: src, srcWidth: w, srcHeight: h, srcStride: ss,
                                                      target: target, g: g, bicubic: r.resample == .bicubic))
                }
            }
            func clip(_ fill: UnsafeRawPointer?) {
                if g.clip.isEmpty { return }
                let target = RotationTarget(dst: dst, dstStride: stride, window: window,
                                            flipX: flips.flipX, flipY: flips.flipY, fill: fill)
                PixelSize.dispatch(bpp, ClipFillKernel(target: target, clip: g.clip))
            }
            if let fillBytes {
                fillBytes.withUnsafeBytes {
                    go($0.baseAddress!)
                    clip($0.baseAddress!)
                }
            } else {
                go(nil)
                clip(nil)
            }
        }
    }
}

/// Fills the whole window (a rotation of an empty source).
struct FillKernel: PixelKernel {
    let target: RotationTarget

    func run<P: BitwiseCopyable>(_ pixel: P.Type) {
        for y in target.window.y0..<(target.window.y0 + target.window.height) {
            target.fillPixels(target.row(y), 0, target.window.width, P.self)
        }
    }
}

/// One intermediate canvas of a fused run, seen from the run's output: `map` sends an output point (pixel-corner
/// coordinates) to that canvas, which covers `[0, width) x [0, height)`.
struct CanvasClip {
    var map: Affine
    var width: Double, height: Double

    /// Narrows `lo...hi` to the columns of row `y` whose pixel centres land on the canvas.
    @inline(__always) func narrow(_ y: Int, _ lo: inout Int, _ hi: inout Int) {
        let yc = Double(y) + 0.5
        // u(x) = a (x + 0.5) + b yc + c in [0, width); v(x) likewise in [0, height).
        Self.narrow(map.a, map.b * yc + map.c, width, &lo, &hi)
        Self.narrow(map.d, map.e * yc + map.f, height, &lo, &hi)
    }

    /// Narrows `lo...hi` to the x with `k (x + 0.5) + q` in `[0, limit)`.
    @inline(__always) static func narrow(_ k: Double, _ q: Double, _ limit: Double, _ lo: inout Int, _ hi: inout Int) {
        if lo > hi { return }
        if k == 0 {
            if !(q >= 0 && q < limit) { (lo, hi) = (1, 0) }
            return
        }
        // x + 0.5 in [t0, t1) when k > 0, in (t1, t0] when k < 0.
        let t0 = -q / k, t1 = (limit - q) / k
        let first = k > 0 ? (t0 - 0.5).rounded(.up) : (t1 - 0.5).rounded(.down) + 1
        let last = k > 0 ? (t1 - 0.5).rounded(.up) - 1 : (t0 - 0.5).rounded(.down)
        guard first.isFinite, last.isFinite, first <= Double(hi), last >= Double(lo) else {
            (lo, hi) = (1, 0)
            return
        }
        if first > Double(lo) { lo = Int(first) }
        if last < Double(hi) { hi = Int(last) }
    }
}

/// Fills the pixels of the window that fall off an intermediate canvas of a fused run.
struct ClipFillKernel: PixelKernel {
    let target: RotationTarget
    let clip: [CanvasClip]

    func run<P: BitwiseCopyable>(_ pixel: P.Type) {
        let win = target.window
        for y in win.y0..<(win.y0 + win.height) {
            var lo = win.x0, hi = win.x0 + win.width - 1
            for c in clip where lo <= hi { c.narrow(y, &lo, &hi) }
            let row = target.row(y)
            if lo > hi {
                target.fillPixels(row, 0, win.width, P.self)
                continue
            }
            let c0 = target.column(target.flipX ? hi : lo), c1 = target.column(target.flipX ? lo : hi)
            target.fillPixels(row, 0, c0, P.self)
            target.fillPixels(row, c1 + 1, win.width - 1 - c1, P.self)
        }
    }
}
