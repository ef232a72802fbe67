import Synchronization

/// Tuning knobs of the kernels, for the benchmark (`augment-bench --tiles`, which imports them with
/// `@_spi(Benchmark) import Augment`); the defaults are what it chose. Every setting gives the same pixels; only the
/// speed changes. Not part of the public API.
@_spi(Benchmark) public enum Tuning {
    /// Output tile side, in pixels, of the nearest rotation kernel (0 walks whole rows).
    public static var nearestTile: Int {
        get { PixelBuffer.nearestTile.load(ordering: .relaxed) }
        set { PixelBuffer.nearestTile.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Sources of up to this many bytes take the nearest rotation kernel row by row, whatever ``nearestTile``.
    public static var nearestRowsUpTo: Int {
        get { PixelBuffer.nearestRowsUpTo.load(ordering: .relaxed) }
        set { PixelBuffer.nearestRowsUpTo.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Output tile side, in pixels, of the axis-swapping transposes (at least 1).
    public static var transposeTile: Int {
        get { TransposeKernel.tile.load(ordering: .relaxed) }
        set { TransposeKernel.tile.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Output columns per strip of the bit-exact bilinear kernel (at least 1).
    public static var bilinearStrip: Int {
        get { InterpolateKernel.strip.load(ordering: .relaxed) }
        set { InterpolateKernel.strip.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Whether the bit-exact bilinear kernel computes every 8-bit pixel in Pillow's doubles, as it does 16-bit
    /// ones, rather than verifying integer results (the same pixels, slower): the reference its tests compare
    /// against.
    public static var bilinearInDoubles: Bool {
        get { InterpolateKernel.inDoubles.load(ordering: .relaxed) }
        set { InterpolateKernel.inDoubles.store(newValue, ordering: .relaxed) }
    }
}
