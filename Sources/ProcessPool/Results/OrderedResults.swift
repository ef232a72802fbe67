/// The results of ``ProcessPool/map(_:)``, one ``JobOutcome`` per input, **in input order**.
///
/// Each iteration runs the jobs anew. At most ``PoolConfiguration/effectiveWindow`` jobs are submitted and not yet
/// consumed. A failed job is an element whose `result` is a failure; the sequence goes on. Cancelling the consuming
/// task, or leaving the loop, cancels the jobs not yet started and ends the sequence. The input is pulled on the
/// consuming task only, so it need not be `Sendable` (the results then are not either).
public struct OrderedResults<Jobs: Sequence<[UInt8]>>: AsyncSequence {
    public typealias Element = JobOutcome
    public typealias Failure = Never

    let pool: ProcessPool
    let jobs: Jobs

    /// Starts running the jobs.
    public func makeAsyncIterator() -> Iterator {
        Iterator(run: WindowedRun(pool: pool, input: JobIterator(jobs.makeIterator()), ordered: true))
    }

    /// Yields the outcomes in input order.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        public typealias Element = JobOutcome
        public typealias Failure = Never
        let run: WindowedRun

        /// The next job's outcome; `nil` after the last one, or once the consuming task is cancelled.
        public mutating func next() async -> JobOutcome? { await run.next() }
    }
}

extension OrderedResults: Sendable where Jobs: Sendable {}

/// The results of ``ProcessPool/completions(_:)``, one ``JobOutcome`` per input, **in completion order**
/// (Python's `as_completed`). Window, failures, cancellation and input as ``OrderedResults``.
public struct CompletionResults<Jobs: Sequence<[UInt8]>>: AsyncSequence {
    public typealias Element = JobOutcome
    public typealias Failure = Never

    let pool: ProcessPool
    let jobs: Jobs

    /// Starts running the jobs.
    public func makeAsyncIterator() -> Iterator {
        Iterator(run: WindowedRun(pool: pool, input: JobIterator(jobs.makeIterator()), ordered: false))
    }

    /// Yields the outcomes as jobs finish.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        public typealias Element = JobOutcome
        public typealias Failure = Never
        let run: WindowedRun

        /// The next finished job's outcome; `nil` after the last one, or once the consuming task is cancelled.
        public mutating func next() async -> JobOutcome? { await run.next() }
    }
}

extension CompletionResults: Sendable where Jobs: Sendable {}

/// The input's iterator, held by a ``WindowedRun``.
struct JobIterator: @unchecked Sendable {
    // @unchecked Sendable: advanced only inside `WindowedRun.next()`, under the run's lock, on the task consuming
    // the results; a results sequence over a non-Sendable input is itself not Sendable, so it cannot be iterated
    // from two tasks. Other threads only drop it (stop, deinit).
    private var base: any IteratorProtocol<[UInt8]>

    init(_ base: some IteratorProtocol<[UInt8]>) { self.base = base }

    mutating func next() -> [UInt8]? { base.next() }
}
