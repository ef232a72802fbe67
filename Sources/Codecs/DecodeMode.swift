/// What a decode does with a palette (indexed-colour) PNG; other images decode the same in every mode.
public enum DecodeMode: Sendable, Hashable, Codable {
    /// Palette PNGs are expanded to RGB, or to RGBA when they have transparency (tRNS), as Pillow's
    /// `convert("RGB")` / `convert("RGBA")`. The default.
    case expand
    /// Palette PNGs of every bit depth (1, 2, 4, 8) decode to an 8-bit ``PixelBuffer/Layout/gray`` buffer of
    /// palette indices (unpacked, never scaled: Pillow's mode "P" pixels), and ``ImageInfo/palette`` carries
    /// the palette, its tRNS alpha included (not expanded to an alpha channel). For segmentation masks, whose
    /// indices are class ids: write them back with ``EncodeOptions/palette``.
    case keepIndices
}
