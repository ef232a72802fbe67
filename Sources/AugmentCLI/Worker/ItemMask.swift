import Augment
import Codecs

/// An item's mask in the worker: decoded once in its own mode (a palette's indices with the palette, 8-bit or 16-bit
/// gray, RGB), then for each output given exactly the image's geometry with nearest sampling, uncovered pixels set
/// to the run's mask fill, and encoded as PNG in the same mode.
struct ItemMask {
    let path: [UInt8]
    let pixels: PixelBuffer
    let info: ImageInfo
    let fill: Fill
    /// The palette written when the fill lands in an output: the mask's own, grown with black entries when the fill
    /// is an index past its end (as `--mask-fill 255`, the usual "ignore", on a palette of a few classes). An
    /// output the fill does not reach keeps the mask's own palette (``info``'s).
    let palette: Palette?

    /// Decodes `path`, the mask of the image at `image`, whose upright size is `size`. A missing mask, or one of
    /// another size, fails the item naming both files.
    static func read(_ path: [UInt8], settings: MaskSettings, decoder: Decoder, image: [UInt8],
                     size: (width: Int, height: Int)) -> Result<ItemMask, ItemFailure> {
        let shown = FileSystem.display(path), imageShown = FileSystem.display(image)
        var pixels = PixelBuffer()
        let info: ImageInfo
        do {
            info = try decoder.decode(file: path, into: &pixels, mode: .keepIndices)
        } catch {
            return .failure(ItemFailure("the mask \(shown) of \(imageShown): \(error.message)"))
        }
        guard pixels.width == size.width && pixels.height == size.height else {
            return .failure(ItemFailure(
                "the mask \(shown) is \(pixels.width)x\(pixels.height) but its image \(imageShown) is "
                    + "\(size.width)x\(size.height) (upright)"))
        }
        if pixels.depth == .eight && settings.fill > 255 {
            return .failure(ItemFailure("--mask-fill \(settings.fill) does not fit the 8-bit mask \(shown)"))
        }
        var palette = info.palette
        if var p = palette, settings.fill >= p.count, settings.fill <= 255 {
            p.rgb += [UInt8](repeating: 0, count: (settings.fill + 1 - p.count) * 3)
            palette = p
        }
        return .success(ItemMask(path: path, pixels: pixels, info: info, fill: .maskValue(UInt16(settings.fill)),
                                 palette: palette))
    }

    /// The output mask for the sampled `ops` (the upright image's ops, without the EXIF step), as PNG bytes; with
    /// `fuse`, each run of affine-type ops is one nearest warp, as the image's run is one pass.
    func render(_ ops: SampledPipeline, fuse: Bool, encoder: Encoder, workspace: inout Workspace)
        -> Result<[UInt8], ItemFailure>
    {
        let nearest = ops.forMask(fill: fill)
        var out = PixelBuffer()
        nearest.apply(to: pixels, into: &out, workspace: &workspace, fuse: fuse)
        var options = EncodeOptions(format: .png)
        options.palette = info.palette
        if let own = info.palette, let grown = palette, grown.count > own.count,
            out.bytes.contains(where: { Int($0) >= own.count })
        {
            options.palette = grown
        }
        do {
            return .success(try encoder.encode(out, options: options))
        } catch {
            return .failure(ItemFailure("cannot encode the mask \(FileSystem.display(path)): \(error.message)"))
        }
    }
}
