public import Augment

/// What a decode found besides the pixels.
public struct ImageInfo: Sendable, Hashable {
    /// The container format, from the magic bytes.
    public var format: ImageFormat
    /// Width and height in pixels.
    public var width: Int, height: Int
    /// The decoded layout and depth (PNG keeps 16 bits; JPEG is 8-bit gray or RGB).
    public var layout: PixelBuffer.Layout, depth: PixelBuffer.SampleDepth
    /// JPEG EXIF orientation 1...8, or nil when absent.
    public var exifOrientation: Int?
    /// The embedded ICC profile, nil when none.
    public var iccProfile: [UInt8]?
    /// Whether the source was CMYK/YCCK (converted to RGB), a palette, Adam7 or progressive.
    public var sourceWasCMYK: Bool, sourceWasPalette: Bool, interlaced: Bool
    /// Warnings the codec emitted (recoverable damage), and the first one's text.
    public var warnings: Int, firstWarning: String?
    /// The palette when the pixels are palette indices (a palette PNG decoded with
    /// ``DecodeMode/keepIndices``: the buffer is 8-bit gray), else nil. ``sourceWasPalette`` tells a palette
    /// source in every mode.
    public var palette: Palette? = nil
}
