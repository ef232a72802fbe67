import SystemPackage

/// Why a job, or the pool, failed.
///
/// A failed job is reported through its ``JobFuture`` or as the `.failure` of a ``JobOutcome``; the pool itself
/// goes on. The cases are closed: the CLI maps each one to an exit status in one place.
public enum PoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The worker running the job was killed by a signal (`SIGKILL`, `SIGSEGV`, a Swift trap's `SIGILL`/`SIGTRAP`).
    case workerCrashed(signal: Int32, name: String)
    /// The worker running the job exited (called `exit`) with this status instead of answering.
    case workerExited(status: Int32)
    /// The job ran longer than ``PoolConfiguration/taskTimeout``; its worker was killed and replaced.
    case timedOut
    /// The job was cancelled before a worker started it.
    case cancelled
    /// The worker's handler threw; `message` is the error's description, as the worker wrote it.
    case jobFailed(message: String)
    /// A worker process could not be started.
    case spawnFailed(executable: String, errno: Errno)
    /// The job was submitted after ``ProcessPool/shutdown(wait:cancelPending:)``.
    case shutDown
    /// ``JobFuture/result(timeout:)`` gave up waiting; the job itself goes on.
    case waitTimedOut
    /// A worker broke the frame protocol (an oversized or unknown frame); it was killed and replaced.
    case protocolViolation(String)
    /// A job or result is larger than ``PoolConfiguration/maxMessageBytes``.
    case messageTooLarge(bytes: Int, limit: Int)
    /// A ``PoolConfiguration`` value is out of range.
    case invalidConfiguration(String)

    /// Whether a retry on a fresh worker may help (``PoolConfiguration/retries``): crashes, exits, timeouts.
    public var isWorkerFailure: Bool {
        switch self {
        case .workerCrashed, .workerExited, .timedOut, .protocolViolation: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .workerCrashed(let signal, let name): "worker killed by \(name) (signal \(signal))"
        case .workerExited(let status): "worker exited with status \(status)"
        case .timedOut: "job timed out; its worker was killed"
        case .cancelled: "job cancelled"
        case .jobFailed(let message): "job failed: \(message)"
        case .spawnFailed(let executable, let errno): "cannot start worker \(executable): \(errno)"
        case .shutDown: "the pool is shut down"
        case .waitTimedOut: "timed out waiting for the result"
        case .protocolViolation(let what): "worker broke the frame protocol: \(what)"
        case .messageTooLarge(let bytes, let limit): "message of \(bytes) bytes exceeds the limit of \(limit)"
        case .invalidConfiguration(let what): "invalid pool configuration: \(what)"
        }
    }
}
