/// How a ``ProcessPool`` starts and drives its workers.
///
/// Every property has a default; `PoolConfiguration()` is a pool of one worker per available core running this
/// same executable with `--_worker`.
public struct PoolConfiguration: Sendable {
    /// Number of worker processes (Python's `max_workers`). Default: ``availableCores()``.
    public var workers: Int
    /// At most this many jobs of one ``ProcessPool/map(_:)`` or ``ProcessPool/completions(_:)`` are submitted and
    /// not yet consumed (Python 3.14's `buffersize`). `nil` means `2 * workers`.
    public var window: Int?
    /// Jobs sent to a busy worker ahead of the one it is running, so that it does not wait for the parent between
    /// short jobs (Python queues `max_workers + 1` calls in the same spirit). Only while the worker's last job took
    /// under a millisecond, and only if every idle worker is left a job: longer jobs go one at a time, so none
    /// waits behind another. A job that has been sent counts as running: it can no longer be cancelled.
    public var prefetch: Int
    /// How many times a job whose worker crashed, exited or timed out is run again on a fresh worker.
    public var retries: Int
    /// A job running longer than this has its worker killed and fails with ``PoolError/timedOut``. `nil`: no limit.
    public var taskTimeout: Duration?
    /// Path of the worker executable. The default, `/proc/self/exe`, is this very program, even if it was moved.
    public var executable: String
    /// Arguments after `argv[0]`; the worker recognises them with ``PoolWorker/isWorkerInvocation(_:flag:)``.
    public var arguments: [String]
    /// Variables added to (or replacing those in) the parent's environment for the workers.
    public var environment: [String: String]
    /// Largest job or result payload accepted, in bytes; a frame header announcing more is refused before any
    /// allocation. At most `UInt32.max`.
    public var maxMessageBytes: Int

    /// Creates a configuration; see each property for its meaning and default.
    public init(
        workers: Int = PoolConfiguration.availableCores(),
        window: Int? = nil,
        prefetch: Int = 1,
        retries: Int = 0,
        taskTimeout: Duration? = nil,
        executable: String = "/proc/self/exe",
        arguments: [String] = [PoolWorker.defaultFlag],
        environment: [String: String] = [:],
        maxMessageBytes: Int = 1 << 30
    ) {
        self.workers = workers
        self.window = window
        self.prefetch = prefetch
        self.retries = retries
        self.taskTimeout = taskTimeout
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.maxMessageBytes = maxMessageBytes
    }

    /// The in-flight window in effect: ``window``, or `2 * workers` when it is `nil`.
    public var effectiveWindow: Int { window ?? 2 * workers }

    /// Checks the ranges of the numeric settings.
    func validate() throws(PoolError) {
        guard workers >= 1 else { throw .invalidConfiguration("workers must be at least 1, not \(workers)") }
        guard effectiveWindow >= 1 else { throw .invalidConfiguration("window must be at least 1") }
        guard prefetch >= 0 else { throw .invalidConfiguration("prefetch must not be negative") }
        guard retries >= 0 else { throw .invalidConfiguration("retries must not be negative") }
        if let taskTimeout, taskTimeout <= .zero {
            throw .invalidConfiguration("taskTimeout must be positive")
        }
        guard maxMessageBytes >= 0, maxMessageBytes <= Int(UInt32.max) else {
            throw .invalidConfiguration("maxMessageBytes must be in 0...\(UInt32.max)")
        }
        guard !executable.isEmpty else { throw .invalidConfiguration("executable is empty") }
    }
}
