import Synchronization

/// One submitted job: Python's `concurrent.futures.Future`, for bytes.
///
/// A future is pending until a worker takes its job, then running, then done: finished with the worker's bytes,
/// failed with a ``PoolError``, or cancelled. Futures compare by identity.
public final class JobFuture: Sendable, Hashable {
    /// A completion callback, as `add_done_callback`.
    public typealias Callback = @Sendable (Result<[UInt8], PoolError>) -> Void

    private enum Phase { case pending, running, done }

    private struct State {
        var phase = Phase.pending
        var result: Result<[UInt8], PoolError>?
        var callback: Callback?
        var moreCallbacks: [Callback] = []
        var waiters: [Int: UnsafeContinuation<WaitOutcome, Never>] = [:]
        var nextWaiter = 0
        var attempts = 0
    }

    /// How a wait for the result ended.
    enum WaitOutcome: Sendable {
        case finished(Result<[UInt8], PoolError>)
        case timedOut
        case cancelled
    }

    /// The job's bytes, as sent to the worker (kept for retries).
    let payload: [UInt8]
    private let state: Mutex<State>

    init(payload: [UInt8], callback: Callback? = nil) {
        self.payload = payload
        state = Mutex(State(callback: callback))
    }

    /// Whether the job finished, failed or was cancelled (Python's `done()`).
    public var isDone: Bool { state.withLock { $0.phase == .done } }

    /// Whether a worker has taken the job and not yet answered (Python's `running()`).
    public var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// Whether the job was cancelled (Python's `cancelled()`).
    public var isCancelled: Bool {
        state.withLock { if case .failure(.cancelled)? = $0.result { true } else { false } }
    }

    /// The result if the job is done, without waiting; `nil` otherwise.
    public var resultIfDone: Result<[UInt8], PoolError>? { state.withLock { $0.result } }

    /// Cancels the job if no worker has taken it yet (Python's `cancel()`).
    /// - Returns: `true` if the job is now cancelled (or already was), `false` if it is running or done.
    @discardableResult
    public func cancel() -> Bool {
        let wasPending = state.withLock { $0.phase == .pending }
        if wasPending, finish(.failure(.cancelled), onlyIfPending: true) { return true }
        return isCancelled
    }

    /// Waits for the job's bytes (Python's `result(timeout)`).
    /// - Parameter timeout: how long to wait; `nil` waits as long as it takes.
    /// - Returns: the bytes the worker's handler returned.
    /// - Throws: the job's ``PoolError``; ``PoolError/waitTimedOut`` if `timeout` passed first (the job goes on);
    ///   ``PoolError/cancelled`` if the waiting task was cancelled.
    public func result(timeout: Duration? = nil) async throws(PoolError) -> [UInt8] {
        if let done = resultIfDone { return try done.get() }
        let outcome: WaitOutcome
        if let timeout {
            outcome = await withTaskGroup(of: WaitOutcome.self) { group in
                group.addTask { await self.waitForResult() }
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return .cancelled }
                    return .timedOut
                }
                let first = await group.next() ?? .cancelled
                group.cancelAll()
                return first
            }
        } else {
            outcome = await waitForResult()
        }
        switch outcome {
        case .finished(let result): return try result.get()
        case .timedOut: throw .waitTimedOut
        case .cancelled: throw .cancelled
        }
    }

    /// Calls `callback` with the result once the job is done; at once, on this thread, if it already is
    /// (Python's `add_done_callback`). Callbacks run on a pool thread: keep them short.
    public func onCompletion(_ callback: @escaping Callback) {
        let done: Result<[UInt8], PoolError>? = state.withLock { s in
            if let result = s.result { return result }
            s.moreCallbacks.append(callback)
            return nil
        }
        if let done { callback(done) }
    }

    /// Suspends until the job is done or the waiting task is cancelled.
    func waitForResult() async -> WaitOutcome {
        let id = state.withLock { s in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                let immediate: WaitOutcome? = state.withLock { s in
                    if let result = s.result { return .finished(result) }
                    // Checked under the lock: a cancellation handler that ran before this found no waiter.
                    if Task.isCancelled { return .cancelled }
                    s.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .cancelled)
        }
    }

    /// Moves a pending job to running; `false` if it was cancelled meanwhile.
    func markRunning() -> Bool {
        state.withLock { s in
            guard s.phase == .pending else { return false }
            s.phase = .running
            return true
        }
    }

    /// Counts one more run of the job and returns the count so far.
    func recordAttempt() -> Int {
        state.withLock { s in
            s.attempts += 1
            return s.attempts
        }
    }

    /// Completes the future, then calls the callbacks and resumes the waiters outside the lock.
    /// - Returns: `false` if it was already done (or, with `onlyIfPending`, no longer pending).
    @discardableResult
    func finish(_ result: Result<[UInt8], PoolError>, onlyIfPending: Bool = false) -> Bool {
        let taken = state.withLock { s -> (Callback?, [Callback], [UnsafeContinuation<WaitOutcome, Never>])? in
            guard s.phase != .done, !onlyIfPending || s.phase == .pending else { return nil }
            s.phase = .done
            s.result = result
            defer {
                s.callback = nil
                s.moreCallbacks = []
                s.waiters = [:]
            }
            return (s.callback, s.moreCallbacks, Array(s.waiters.values))
        }
        guard let (callback, moreCallbacks, waiters) = taken else { return false }
        callback?(result)
        for more in moreCallbacks { more(result) }
        for waiter in waiters { waiter.resume(returning: .finished(result)) }
        return true
    }

    public static func == (lhs: JobFuture, rhs: JobFuture) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
