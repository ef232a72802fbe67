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
    /// JPEG quality 1...100 (default 90, as the benchmarks' Pillow recipe).
    public var quality: Int
    /// JPEG chroma subsampling (default 4:2:0, as Pillow and libjpeg).
    public var subsampling: Subsampling
    /// Progressive JPEG.
    public var progressive: Bool
    /// Optimised Huffman tables (smaller, slower).
    public var optimizeHuffman: Bool
    /// zlib level 0...9 for PNG.
    public var pngLevel: Int
    /// PNG row filter.
    public var pngFilter: PNGFilter
    /// zlib strategy for PNG (0 default, 1 filtered, 2 Huffman only, 3 RLE), nil for libpng's choice.
    public var pngStrategy: Int?

    /// The default PNG zlib level, chosen by measurement on photographs (see docs/benchmarks.md).
    public static let defaultPNGLevel = 6
    /// The default PNG filter, chosen with ``defaultPNGLevel``.
    public static let defaultPNGFilter = PNGFilter.adaptive

    /// Creates options; the defaults are augment's (see the README).
    public init(
        format: ImageFormat, quality: Int = 90, subsampling: Subsampling = .s420, progressive: Bool = false,
        optimizeHuffman: Bool = false, pngLevel: Int = EncodeOptions.defaultPNGLevel,
        pngFilter: PNGFilter = EncodeOptions.defaultPNGFilter, pngStrategy: Int? = nil
    ) {
        self.format = format
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.optimizeHuffman = optimizeHuffman
        self.pngLevel = pngLevel
        self.pngFilter = pngFilter
        self.pngStrategy = pngStrategy
    }
}
