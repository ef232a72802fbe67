/// The counter-based random source of the augmentation parameters.
///
/// Every random number is a pure function of `(seed, item key, copy index, op index, draw index)`, so the
/// same seed, inputs and pipeline give the same parameters whatever the order of processing, the number of
/// workers or the sharding. The construction (SplitMix64 evaluated at a computed position):
///
/// - `mix(z)`: the SplitMix64 finaliser, `z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27;
///   z *= 0x94d049bb133111eb; z ^= z >> 31` (wrapping arithmetic).
/// - Item stream: `h = mix(seed ^ 0x6a09e667f3bcc909)`; for each 8-byte little-endian chunk `w` of the
///   key (the last one zero-padded), `h = mix(h ^ w)`; then `h = mix(h ^ UInt64(key.count))`; and finally
///   `stream = mix(h ^ mix(UInt64(bitPattern: copy) &+ 0x9e3779b97f4a7c15))`.
/// - Draw `j` of op `i` (both from 0): `mix(stream &+ 0x9e3779b97f4a7c15 &* (UInt64(i) << 16 | UInt64(j) + 1))`,
///   the SplitMix64 output at that position of the item's stream.
/// - A uniform double in `[0, 1)` is the top 53 bits times 2^-53; a uniform choice among `n` values is the
///   high word of the 128-bit product of the draw and `n`.
///
/// Each op owns its own draws (`j`: 0 the probability test, 1 the main value, 2 the resample filter,
/// 3 `expand`), so one op's parameters never shift another's.
public struct AugmentRandom: Sendable, Hashable {
    /// The item's stream key.
    public let stream: UInt64

    /// The stream of one copy of one item.
    /// - Parameters:
    ///   - seed: The run's seed.
    ///   - key: The item's key (the CLI uses the relative path's bytes).
    ///   - copy: The copy index (0 for the first augmented copy of an item).
    public init(seed: UInt64, key: [UInt8], copy: Int) {
        var h = Self.mix(seed ^ 0x6a09_e667_f3bc_c909)
        var i = 0
        while i < key.count {
            var w: UInt64 = 0
            for k in 0..<min(8, key.count - i) { w |= UInt64(key[i + k]) << (8 * UInt64(k)) }
            h = Self.mix(h ^ w)
            i += 8
        }
        h = Self.mix(h ^ UInt64(key.count))
        stream = Self.mix(h ^ Self.mix(UInt64(bitPattern: Int64(copy)) &+ 0x9e37_79b9_7f4a_7c15))
    }

    /// The SplitMix64 finaliser.
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Draw `j` of op `i`, 64 random bits.
    public func bits(op i: Int, draw j: Int) -> UInt64 {
        Self.mix(stream &+ 0x9e37_79b9_7f4a_7c15 &* (UInt64(i) << 16 | UInt64(j + 1)))
    }

    /// A uniform double in `[0, 1)` from draw `j` of op `i`.
    public func unit(op i: Int, draw j: Int) -> Double {
        Double(bits(op: i, draw: j) >> 11) * 0x1p-53
    }

    /// A uniform index in `0..<n` from draw `j` of op `i`.
    public func index(_ n: Int, op i: Int, draw j: Int) -> Int {
        Int(bits(op: i, draw: j).multipliedFullWidth(by: UInt64(n)).high)
    }
}
