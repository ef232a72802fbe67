import Testing

/// Every test that spawns processes lives in a suite nested in this one, so that they run one at a time (processes
/// are counted in /proc, and timings need the 2 cores).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PoolTests {}
