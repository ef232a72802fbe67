/// How to write an image.
public struct EncodeOptions: Sendable, Hashable, Codable {
    /// JPEG chroma subsampling.
    public enum Subsampling: Int, Sendable, Hashable, Codable {
        case s444 = 444, s422 = 422, s420 = 420
    }
    /// PNG row filters (libpng's `PNG_FILTER_*`).
    public enum PNGFilter: Int32, Sendable, Hashable, Codable {
        /// libpng's adaptive choice among all five filters per row (Pillow's default).
        case adaptive = -1
        case none = 0x08, sub = 0x10, up = 0x20, average = 0x40, paeth = 0x80
    }

    /// The container to write.
    public var format: ImageFormat
    /// JPEG quality 1...100 (default ``defaultQuality``).
    public var quality: Int
    /// JPEG chroma subsampling (default 4:2:0, as Pillow and libjpeg).
    public var subsampling: Subsampling
    /// Progressive JPEG.
    public var progressive: Bool
    /// Optimised Huffman tables (smaller, slower).
    public var optimizeHuffman: Bool
    /// JPEG: write a minimal EXIF block with this orientation (1...8), nil for no EXIF. After auto-orient, 1
    /// tells readers that the pixels are upright.
    public var exifOrientation: Int?
    /// zlib level 0...9 for PNG.
    public var pngLevel: Int
    /// PNG row filter.
    public var pngFilter: PNGFilter
    /// zlib strategy for PNG (0 default, 1 filtered, 2 Huffman only, 3 RLE), nil for libpng's choice
    /// (libpng picks "filtered" when rows are filtered).
    public var pngStrategy: Int?
    /// PNG only: write the image as a palette PNG (colour type 3) with these entries, and tRNS when
    /// ``Palette/alpha`` is not empty. The image must then be 8-bit ``PixelBuffer/Layout/gray`` palette indices,
    /// each below the palette's ``Palette/count`` (1...256 entries; at most that many alpha values), as a
    /// ``DecodeMode/keepIndices`` decode gives them; the bit depth written is the smallest that holds the
    /// entries (1, 2, 4 or 8 bits, as Pillow). Anything else is refused (``CodecError/Code/invalid``): a palette
    /// with JPEG, another layout or depth, an index beyond the palette (an error in the PNG specification;
    /// Pillow would write it). nil (the default): no palette.
    public var palette: Palette?

    /// The default JPEG quality: 90, as the benchmarks' Pillow recipe.
    public static let defaultQuality = 90
    /// The default PNG zlib level (6, as Pillow and zlib). With the default ``defaultPNGStrategy`` (RLE) the
    /// level does not change the output; it matters when a caller picks another strategy.
    public static let defaultPNGLevel = 6
    /// The default PNG filter: libpng's adaptive choice per row, as Pillow.
    public static let defaultPNGFilter = PNGFilter.adaptive
    /// The default zlib strategy: `Z_RLE` (3). Measured on 20 of the corpus's 1024x768 photographs
    /// (docs/benchmarks.md): adaptive filters + RLE encode 6.7x faster than level 6 + default strategy (8.9x
    /// faster than Pillow's default save) and the files are 1.8% smaller; filtered photographs have few long
    /// matches for deflate to find. Synthetic images with large repeated areas compress worse with RLE:
    /// pass a level (`--png-compression`) for those, which selects zlib's default strategy.
    public static let defaultPNGStrategy: Int? = 3

    /// Creates options; the defaults are augment's (see the README).
    public init(
        format: ImageFormat, quality: Int = EncodeOptions.defaultQuality, subsampling: Subsampling = .s420, progressive: Bool = false,
        optimizeHuffman: Bool = false, exifOrientation: Int? = nil, pngLevel: Int = EncodeOptions.defaultPNGLevel,
        pngFilter: PNGFilter = EncodeOptions.defaultPNGFilter, pngStrategy: Int? = EncodeOptions.defaultPNGStrategy,
        palette: Palette? = nil
    ) {
        self.format = format
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.optimizeHuffman = optimizeHuffman
        self.exifOrientation = exifOrientation
        self.pngLevel = pngLevel
        self.pngFilter = pngFilter
        self.pngStrategy = pngStrategy
        self.palette = palette
    }
}
