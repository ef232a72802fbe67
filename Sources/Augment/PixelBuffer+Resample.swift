/// The filters of the `resize` op: Pillow's `Image.Resampling` for `Image.resize`.
public enum ResizeFilter: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The source pixel under the output pixel's centre (Pillow resizes with `NEAREST` by an affine transform).
    case nearest
    /// Box (area average), support 0.5, widened when shrinking.
    case box
    /// Triangle, support 1, widened when shrinking (Pillow's antialiased `BILINEAR`).
    case bilinear
    /// Hamming-windowed sinc, support 1.
    case hamming
    /// Cubic convolution with a = -0.5 (Pillow's `resize` `BICUBIC`; its transforms use a = -1), support 2.
    case bicubic
    /// Lanczos-3 (truncated sinc), support 3.
    case lanczos

    public var description: String { rawValue }
}

/// Which pass of a two-axis resample runs first (the rounding of the 8-bit intermediate depends on it).
public enum ResampleOrder: Sendable, Hashable {
    /// Pillow 13's choice by the sizes (``PixelBuffer/resampleVerticalFirst(width:height:toWidth:toHeight:)``).
    case pillow
    /// Horizontal first: Pillow 12 and earlier, always.
    case horizontalFirst
    /// Vertical first.
    case verticalFirst
}

extension PixelBuffer {
    /// A copy resized to `width x height` as Pillow's `Image.resize((width, height), filter)` (no box, no
    /// `reducing_gap`); `order` as ``ResampleOrder``.
    public func resampled(width: Int, height: Int, filter: ResizeFilter = .bilinear,
                          order: ResampleOrder = .pillow) -> PixelBuffer {
        var out = PixelBuffer()
        var ws = Workspace()
        resample(width: width, height: height, filter: filter, order: order, into: &out, workspace: &ws)
        return out
    }

    /// Writes this buffer resized to `width x height` into `output`, as Pillow's `Image.resize`: a copy at the same
    /// size; `nearest` as Pillow's affine transform with the matrix `[w / width, 0, 0, 0, h / height, 0]`; the other
    /// filters through `ImagingResample`'s two passes (horizontal first, on the rows the vertical pass reads),
    /// RGBA and LA premultiplied around them. 8-bit results are Pillow's to the bit; 16-bit use Pillow's I;16 arithmetic per channel.
    /// - Parameters:
    ///   - width: Output width (> 0).
    ///   - height: Output height (> 0).
    ///   - filter: The filter.
    ///   - output: A caller-owned buffer, reshaped; must not share storage with `self`.
    ///   - workspace: Reusable scratch buffers.
    ///   - order: Which pass runs first where both axes change.
    public func resample(width ow: Int, height oh: Int, filter: ResizeFilter, order: ResampleOrder = .pillow,
                         into output: inout PixelBuffer, workspace: inout Workspace) {
        resample(width: ow, height: oh, filter: filter, order: order, into: &output, scratch: &workspace.scratch,
                 temp: &workspace.temp)
    }

    func resample(width ow: Int, height oh: Int, filter: ResizeFilter, order: ResampleOrder = .pillow,
                  into output: inout PixelBuffer, scratch: inout PixelBuffer, temp: inout PixelBuffer) {
        if ow == width && oh == height { return copy(into: &output) }
        if filter == .nearest {
            let g = RotationGeometry(
                inverse: Affine(a: Double(width) / Double(ow), b: 0, c: 0, d: 0, e: Double(height) / Double(oh), f: 0),
                width: ow, height: oh)
            return render(Rotation(degrees: 0), g, RotationWindow(x0: 0, y0: 0, width: ow, height: oh), Dihedral(),
                          into: &output, scratch: &scratch)
        }
        output.reshape(width: ow, height: oh, layout: layout, depth: depth)
        if output.pixelCount == 0 { return }
        if pixelCount == 0 {
            output.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
            return
        }
        if layout.hasAlpha {
            scratch.reshape(width: width, height: height, layout: layout, depth: depth)
            let n = pixelCount
            withUnsafeBytes { s in
                scratch.withUnsafeMutableBytes { d in
                    dispatchSamples(PremultiplyKernel(src: s.baseAddress!, dst: d.baseAddress!, count: n, forward: true))
                }
            }
            scratch.resampleInner(width: ow, height: oh, filter: filter, into: &output, temp: &temp, order: order)
            let m = output.pixelCount
            output.withUnsafeMutableBytes { d in
                dispatchSamples(PremultiplyKernel(src: d.baseAddress!, dst: d.baseAddress!, count: m, forward: false))
            }
        } else {
            resampleInner(width: ow, height: oh, filter: filter, into: &output, temp: &temp, order: order)
        }
    }

    /// Whether Pillow 13 runs the vertical pass first for `width x height -> ow x oh` (its PR #9549, "if height is
    /// scaled down significantly more than width, resize vertically first"). The rule here is fitted to Pillow
    /// 13.0.0's observed choices (its C source was not at hand): height reduced, and `oh / h < 2 ow / w - 1`. It
    /// agrees with Pillow on most sizes, not all (see docs/ops.md); where it does not, 8-bit results differ by the
    /// rounding of the intermediate image.
    public static func resampleVerticalFirst(width w: Int, height h: Int, toWidth ow: Int, toHeight oh: Int) -> Bool {
        oh < h && ow != w && oh * w < (2 * ow - w) * h
    }

    /// Pillow's `ImagingResampleInner` with the box `(0, 0, width, height)`, in `order`.
    func resampleInner(width ow: Int, height oh: Int, filter: ResizeFilter, into output: inout PixelBuffer,
                       temp: inout PixelBuffer, order: ResampleOrder) {
        let needH = ow != width, needV = oh != height
        if !needH && !needV { return copy(into: &output) }
        let vFirst: Bool
        switch order {
        case .pillow: vFirst = Self.resampleVerticalFirst(width: width, height: height, toWidth: ow, toHeight: oh)
        case .horizontalFirst: vFirst = false
        case .verticalFirst: vFirst = true
        }
        if needH && needV && vFirst {
            var mid = PixelBuffer()
            resampleInner(width: width, height: oh, filter: filter, into: &mid, temp: &temp, order: order)
            return mid.resampleInner(width: ow, height: oh, filter: filter, into: &output, temp: &temp, order: order)
        }
        let vert = ResampleCoefficients(inSize: height, in0: 0, in1: Float(height), outSize: oh, filter: filter)
        let first = vert.bounds[0].first
        let last = vert.bounds[oh - 1].first + vert.bounds[oh - 1].count
        let eight = depth == .eight
        if needH {
            let horiz = ResampleCoefficients(inSize: width, in0: 0, in1: Float(width), outSize: ow, filter: filter)
            let rows = needV ? last - first : height
            let offset = needV ? first : 0
            let ss = rowStride
            // Without a vertical pass the horizontal one writes the output; with one, the rows it reads.
            if needV { temp.reshape(width: ow, height: rows, layout: layout, depth: depth) } else {
                output.reshape(width: ow, height: oh, layout: layout, depth: depth)
            }
            withUnsafeBytes { s in
                func go(_ d: inout PixelBuffer) {
                    let ds = d.rowStride
                    d.withUnsafeMutableBytes { dp in
                        dispatchSamples(ResampleKernel(src: s.baseAddress!, srcStride: ss, dst: dp.baseAddress!,
                                                       dstStride: ds, width: ow, height: rows, rowOffset: offset,
                                                       horizontal: true, coefficients: horiz,
                                                       fixed: eight ? horiz.fixed : []))
                    }
                }
                if needV { go(&temp) } else { go(&output) }
            }
            if !needV { return }
            temp.resampleVertical(vert, shift: first, height: oh, into: &output)
        } else {
            resampleVertical(vert, shift: 0, height: oh, into: &output)
        }
    }

    /// The vertical pass: output row `y` from source rows `bounds[y].first - shift` onwards.
    private func resampleVertical(_ vert: ResampleCoefficients, shift: Int, height oh: Int,
                                  into output: inout PixelBuffer) {
        let shifted = ResampleCoefficients(shifting: vert, by: shift)
        output.reshape(width: width, height: oh, layout: layout, depth: depth)
        let (w, ss, ds) = (width, rowStride, output.rowStride)
        let fixed = depth == .eight ? shifted.fixed : []
        withUnsafeBytes { s in
            output.withUnsafeMutableBytes { d in
                dispatchSamples(ResampleKernel(src: s.baseAddress!, srcStride: ss, dst: d.baseAddress!, dstStride: ds,
                                               width: w, height: oh, rowOffset: 0, horizontal: false,
                                               coefficients: shifted, fixed: fixed))
            }
        }
    }
}

extension ResampleCoefficients {
    /// `c` with every first tap moved `shift` rows up (Pillow's "shift bounds for vertical pass").
    init(shifting c: ResampleCoefficients, by shift: Int) {
        ksize = c.ksize
        weights = c.weights
        bounds = shift == 0 ? c.bounds : c.bounds.map { ($0.first - shift, $0.count) }
    }
}
