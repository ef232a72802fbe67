/// A pipeline's output made a band of rows at a time, for an encoder that takes rows (the JPEG encoder pulls
/// 16 at a time): the whole output is never in memory, and each band is encoded while it is still in cache.
///
/// Made by ``SampledPipeline/bandRenderer(for:workspace:)`` when the pipeline is one arbitrary-angle rotation
/// pass (flips folded in) whose rows do not depend on one another and whose kernel starts at any row: nearest in
/// 16.16 fixed point (Pillow's path for ordinary sizes), or interpolation of an image without alpha; no resize after
/// an inscribed crop. Every band holds exactly the rows
/// ``SampledPipeline/apply(to:into:workspace:fuse:)`` makes.
public struct BandRenderer: Sendable {
    /// The output's width in pixels.
    public var width: Int { window.width }
    /// The output's height in pixels.
    public var height: Int { window.height }
    /// The output's channel layout (the input's).
    public var layout: PixelBuffer.Layout { source.layout }
    /// The output's sample depth (the input's).
    public var depth: PixelBuffer.SampleDepth { source.depth }
    /// Bytes per output pixel.
    public var bytesPerPixel: Int { source.bytesPerPixel }

    let source: PixelBuffer
    let rotation: Rotation
    let geometry: RotationGeometry
    let window: RotationWindow
    let flips: Dihedral
    let fill: [UInt8]?

    /// Renders output rows `rows` to `destination`: row `rows.lowerBound + r` at `destination + r * stride`
    /// (`stride` at least `width * bytesPerPixel`).
    public func render(rows: Range<Int>, into destination: UnsafeMutableRawPointer, stride: Int) {
        let rows = rows.clamped(to: 0..<height)
        if rows.isEmpty || width == 0 { return }
        // The band's rows of the canvas: output row k is canvas row y0 + k, or y0 + height - 1 - k when mirrored.
        let y0 = flips.flipY ? window.y0 + window.height - rows.upperBound : window.y0 + rows.lowerBound
        let band = RotationWindow(x0: window.x0, y0: y0, width: window.width, height: rows.count)
        source.renderAffine(rotation, geometry, band, flips, fill, to: destination, stride: stride)
    }
}

extension SampledPipeline {
    /// A renderer of this pipeline's output on `image` a band of rows at a time, or `nil` when the pipeline is
    /// not a single pass whose rows can be made apart (then use ``apply(to:into:workspace:fuse:)``). With `fuse`,
    /// a pipeline that is one fused run is one such pass.
    public func bandRenderer(for image: PixelBuffer, workspace: inout Workspace, fuse: Bool = false) -> BandRenderer? {
        plan(width: image.width, height: image.height, fuse: fuse, into: &workspace.steps)
        guard workspace.steps.count == 1, case .rotate(let r, let g, let window, let flips) = workspace.steps[0],
            !flips.swap
        else { return nil }
        if case .exact = g.path { return nil }
        if r.resample != .nearest && image.layout.hasAlpha { return nil }  // premultiplied over the whole image
        // The nearest kernel in doubles (scales, or canvases past 16.16 fixed point) steps from the canvas origin
        // on every call: a band would cost as much as the whole image.
        if r.resample == .nearest && (g.isScale || !g.fitsFixedPoint) { return nil }
        return BandRenderer(source: image, rotation: r, geometry: g, window: window, flips: flips,
                            fill: r.fill?.pixelBytes(layout: image.layout, depth: image.depth))
    }
}
