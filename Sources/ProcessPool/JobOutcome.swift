/// One job's result as ``ProcessPool/map(_:)`` and ``ProcessPool/completions(_:)`` yield it.
public struct JobOutcome: Sendable {
    /// The job's position in the input sequence, from 0.
    public let index: Int
    /// The worker's answer, or why there is none.
    public let result: Result<[UInt8], PoolError>

    /// Creates an outcome.
    public init(index: Int, result: Result<[UInt8], PoolError>) {
        self.index = index
        self.result = result
    }
}
