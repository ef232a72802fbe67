/// Limits checked from the header, before any pixel memory is allocated.
public struct DecodeLimits: Sendable, Hashable {
    /// Pillow's decompression-bomb error threshold (2 x `Image.MAX_IMAGE_PIXELS`).
    public static let pillowBombLimit: UInt64 = 178_956_970

    /// Images with more pixels than this are refused (`CodecError.Code.tooLarge`).
    public var maxPixels: UInt64
    /// The largest PNG ancillary chunk libpng will allocate (`png_set_chunk_malloc_max`).
    public var maxChunkBytes: UInt32

    /// Creates limits; the defaults follow Pillow.
    public init(maxPixels: UInt64 = DecodeLimits.pillowBombLimit, maxChunkBytes: UInt32 = 64 << 20) {
        self.maxPixels = maxPixels
        self.maxChunkBytes = maxChunkBytes
    }
}
