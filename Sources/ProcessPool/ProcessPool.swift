import Glibc

/// A pool of worker processes that run opaque byte jobs: Python's `concurrent.futures.ProcessPoolExecutor`,
/// except that a worker that crashes fails only its own job.
///
/// Workers are this executable (or ``PoolConfiguration/executable``) started with `posix_spawn` and
/// ``PoolConfiguration/arguments``; they call ``PoolWorker/run(state:handler:)``. Jobs and results cross pipes as
/// length-prefixed frames, so any bytes survive, non-UTF-8 paths included. Each worker is driven by a thread of its
/// own. A worker killed by a signal, exiting, or overrunning ``PoolConfiguration/taskTimeout`` fails the job it was
/// running with ``PoolError/workerCrashed(signal:name:)``, ``PoolError/workerExited(status:)`` or
/// ``PoolError/timedOut`` (or runs it again, ``PoolConfiguration/retries`` times), and is replaced; Python's pool
/// would break whole (`BrokenProcessPool`). Workers die with the parent (`PR_SET_PDEATHSIG` and end of file).
///
/// ## concurrent.futures, name by name
///
/// | Python                                             | ProcessPool                                                   |
/// |----------------------------------------------------|---------------------------------------------------------------|
/// | `ProcessPoolExecutor(max_workers=)`                | ``init(_:)`` with ``PoolConfiguration/workers``               |
/// | `executor.submit(fn, arg)` → `Future`              | ``submit(_:)`` → ``JobFuture``                                |
/// | `future.result(timeout=)`                          | ``JobFuture/result(timeout:)`` (`throws(PoolError)`)          |
/// | `future.cancel()`, `cancelled()`, `running()`, `done()` | ``JobFuture/cancel()``, ``JobFuture/isCancelled``, ``JobFuture/isRunning``, ``JobFuture/isDone`` |
/// | `future.add_done_callback(fn)`                     | ``JobFuture/onCompletion(_:)``                                |
/// | `executor.map(fn, it, buffersize=)` (3.14)         | ``map(_:)``, window ``PoolConfiguration/window`` (default 2 × workers) |
/// | `as_completed(futures)`                            | ``completions(_:)`` (jobs, windowed) or ``completions(of:)`` (futures) |
/// | `wait(fs, timeout=, return_when=)`                 | ``wait(_:returnWhen:timeout:)`` → ``WaitResult``              |
/// | `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED` | ``WaitCondition/firstCompleted``, ``WaitCondition/firstException``, ``WaitCondition/allCompleted`` |
/// | `executor.shutdown(wait=, cancel_futures=)`        | ``shutdown(wait:cancelPending:)``                             |
/// | `BrokenProcessPool`                                | none: the job fails, the worker is replaced                   |
/// | `TimeoutError` from `result`/`wait`                | ``PoolError/waitTimedOut`` / ``WaitResult/notDone``           |
///
/// Unlike Python's, `map` yields ``JobOutcome`` values (an index and a `Result`) so one failure does not end the
/// iteration, and submits lazily: memory stays flat however long the input.
public final class ProcessPool: Sendable {
    /// The configuration the pool runs with.
    public let configuration: PoolConfiguration
    let core: PoolCore

    /// Starts ``PoolConfiguration/workers`` worker processes and waits until each has been spawned.
    /// - Throws: ``PoolError/invalidConfiguration(_:)``, or ``PoolError/spawnFailed(executable:errno:)`` if a
    ///   worker cannot be started (the others are then stopped).
    public init(_ configuration: PoolConfiguration = PoolConfiguration()) throws(PoolError) {
        try configuration.validate()
        self.configuration = configuration
        core = try PoolCore(configuration: configuration)
        let startup = try StartupLatch()
        for slot in 0..<configuration.workers {
            core.dispatcherStarted()
            let dispatcher = Dispatcher(core: core, slot: slot)
            Syscall.startThread { dispatcher.run(startup: startup) }
        }
        if let error = startup.wait(count: configuration.workers) {
            core.beginShutdown(cancelPending: true)
            throw error
        }
    }

    deinit {
        // As Python at exit: jobs already submitted still run; then the workers exit.
        core.beginShutdown(cancelPending: false)
    }

    /// Submits one job (Python's `submit`).
    /// - Returns: its future; after ``shutdown(wait:cancelPending:)`` one already failed with ``PoolError/shutDown``.
    public func submit(_ job: [UInt8]) -> JobFuture {
        let future = JobFuture(payload: job)
        if job.count > configuration.maxMessageBytes {
            future.finish(.failure(.messageTooLarge(bytes: job.count, limit: configuration.maxMessageBytes)))
        } else {
            core.enqueue(CollectionOfOne(future))
        }
        return future
    }

    /// Runs every job and yields the outcomes in input order (Python's `map` with `buffersize`).
    /// - Parameter jobs: the inputs, pulled lazily on the consuming task, at most
    ///   ``PoolConfiguration/effectiveWindow`` ahead of the consumer; iterated again by each new iteration of the
    ///   result. A `lazy.map` over the work items is fine.
    /// - Returns: an asynchronous sequence of ``JobOutcome``, one per job, failures included.
    public func map<Jobs: Sequence<[UInt8]>>(_ jobs: Jobs) -> OrderedResults<Jobs> {
        OrderedResults(pool: self, jobs: jobs)
    }

    /// Runs every job and yields the outcomes as they finish (Python's `as_completed` over `submit`s, windowed).
    /// - Parameter jobs: the inputs, pulled lazily as for ``map(_:)``.
    /// - Returns: an asynchronous sequence of ``JobOutcome``; `index` tells which input each one answers.
    public func completions<Jobs: Sequence<[UInt8]>>(_ jobs: Jobs) -> CompletionResults<Jobs> {
        CompletionResults(pool: self, jobs: jobs)
    }

    /// Stops the pool (Python's `shutdown`). Later submissions fail with ``PoolError/shutDown``.
    /// - Parameters:
    ///   - wait: return only once every queued job has run and every worker has exited and been reaped.
    ///   - cancelPending: cancel the jobs no worker has started (their futures fail with ``PoolError/cancelled``);
    ///     running ones finish.
    public func shutdown(wait: Bool = true, cancelPending: Bool = false) async {
        core.beginShutdown(cancelPending: cancelPending)
        if wait { await core.waitForDispatchers() }
    }

    /// The process ids of the live workers (for diagnostics; they change as workers are replaced).
    public var workerProcessIDs: [Int32] { core.workerPIDs }
}
