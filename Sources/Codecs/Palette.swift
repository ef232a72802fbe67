/// The palette of an indexed-colour PNG (colour type 3): what each index of a
/// ``DecodeMode/keepIndices`` decode, or of an image written with ``EncodeOptions/palette``, stands for.
///
/// The entries are those of the PLTE chunk (libpng drops the entries beyond `2^bitDepth`), and the alpha values
/// those of the tRNS chunk, kept apart from the pixels.
public struct Palette: Sendable, Hashable, Codable {
    /// The entries' colours, 3 bytes (red, green, blue) per entry: entry `i` is `rgb[3 * i ..< 3 * i + 3]`.
    /// A palette written by the encoder has 1 to 256 entries.
    public var rgb: [UInt8]
    /// The alpha of the first `alpha.count` entries (the tRNS chunk; it may be shorter than the palette, the
    /// entries after it are opaque, 255), or nil when the image has no tRNS. An empty array is written as no
    /// tRNS (and so reads back as nil).
    public var alpha: [UInt8]?

    /// Creates a palette.
    /// - Parameters:
    ///   - rgb: 3 bytes per entry, red, green, blue.
    ///   - alpha: the alpha of the first entries, or nil for an opaque palette.
    public init(rgb: [UInt8], alpha: [UInt8]? = nil) {
        self.rgb = rgb
        self.alpha = alpha
    }

    /// The number of entries: `rgb.count / 3`.
    public var count: Int { rgb.count / 3 }

    /// Entry `index` as red, green, blue, alpha (alpha 255 beyond ``alpha``); nil when `index` is not below
    /// ``count``.
    public func rgba(at index: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)? {
        guard index >= 0, index < count else { return nil }
        let a = alpha.flatMap { index < $0.count ? $0[index] : nil } ?? 255
        return (rgb[3 * index], rgb[3 * index + 1], rgb[3 * index + 2], a)
    }
}
