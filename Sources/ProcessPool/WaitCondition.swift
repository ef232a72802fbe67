/// When ``ProcessPool/wait(_:returnWhen:timeout:)`` returns, as Python's `return_when`.
public enum WaitCondition: Sendable, Hashable {
    /// As `FIRST_COMPLETED`: as soon as any future is done (or none is left to wait for).
    case firstCompleted
    /// As `FIRST_EXCEPTION`: as soon as any future fails (a cancelled one does not count), else when all are done.
    case firstException
    /// As `ALL_COMPLETED`: when every future is done.
    case allCompleted
}

/// The futures that were done and not done when ``ProcessPool/wait(_:returnWhen:timeout:)`` returned,
/// each in the order given (Python returns a named tuple of two sets).
public struct WaitResult: Sendable {
    /// Futures that had finished, failed or been cancelled.
    public var done: [JobFuture]
    /// Futures still pending or running.
    public var notDone: [JobFuture]
}
