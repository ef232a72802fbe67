/// Integer placement: the copy behind `crop`, `pad` and `letterbox`'s border.
extension PixelBuffer {
    /// Writes the `width x height` window of this buffer whose top-left corner is at `(x0, y0)` into `output`:
    /// output pixel `(x, y)` is input pixel `(x + x0, y + y0)`, or `fill` where that is off the input (Pillow's
    /// `Image.crop(box)` with a box past the edges, or a paste onto a new canvas of `fill`). Offsets may be
    /// negative (padding before the image).
    /// - Parameters:
    ///   - x0: Column of the input at the output's left edge.
    ///   - y0: Row of the input at the output's top edge.
    ///   - width: Output width (>= 0).
    ///   - height: Output height (>= 0).
    ///   - fill: Colour off the input; `nil` is all-zero samples.
    ///   - output: A caller-owned buffer, reshaped; must not share storage with `self`.
    public func window(x0: Int, y0: Int, width ow: Int, height oh: Int, fill: Fill?, into output: inout PixelBuffer) {
        output.reshape(width: ow, height: oh, layout: layout, depth: depth)
        if ow == 0 || oh == 0 { return }
        let bpp = bytesPerPixel
        let fillBytes = fill?.pixelBytes(layout: layout, depth: depth) ?? [UInt8](repeating: 0, count: bpp)
        // The columns [cx0, cx1) and rows [cy0, cy1) of the output that the input covers.
        let cx0 = min(max(-x0, 0), ow), cx1 = max(min(width - x0, ow), cx0)
        let cy0 = min(max(-y0, 0), oh), cy1 = max(min(height - y0, oh), cy0)
        let (ss, ds) = (rowStride, output.rowStride)
        withUnsafeBytes { s in
            output.withUnsafeMutableBytes { d in
                fillBytes.withUnsafeBytes { f in
                    let dst = d.baseAddress!
                    // One row of fill, then copied wherever fill goes.
                    let fillRow = UnsafeMutableRawPointer.allocate(byteCount: ds, alignment: 8)
                    defer { fillRow.deallocate() }
                    for x in 0..<ow { (fillRow + x * bpp).copyMemory(from: f.baseAddress!, byteCount: bpp) }
                    for y in 0..<oh {
                        let row = dst + y * ds
                        if y < cy0 || y >= cy1 || cx0 == cx1 {
                            row.copyMemory(from: fillRow, byteCount: ds)
                            continue
                        }
                        if cx0 > 0 { row.copyMemory(from: fillRow, byteCount: cx0 * bpp) }
                        (row + cx0 * bpp).copyMemory(from: s.baseAddress! + (y + y0) * ss + (cx0 + x0) * bpp,
                                                     byteCount: (cx1 - cx0) * bpp)
                        if cx1 < ow { (row + cx1 * bpp).copyMemory(from: fillRow, byteCount: (ow - cx1) * bpp) }
                    }
                }
            }
        }
    }
}
