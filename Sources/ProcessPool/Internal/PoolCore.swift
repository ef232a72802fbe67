import DequeModule
import Glibc
import Synchronization

/// The state the pool's handle, its result sequences and its dispatcher threads share: the queue of pending jobs,
/// which dispatchers sleep, and the shutdown protocol. Lock order: this lock, then a ``JobFuture``'s.
final class PoolCore: Sendable {
    let configuration: PoolConfiguration
    let template: SpawnTemplate
    /// One wake-up pipe per dispatcher: a byte written there ends its idle `poll`.
    let wakePipes: [(read: CInt, write: CInt)]
    private let state: Mutex<State>

    private struct State {
        var pending = Deque<JobFuture>()
        var sleepers: [Int] = []
        /// Per dispatcher: whether it has jobs in flight or just took some.
        var busy: [Bool]
        var isShutDown = false
        var liveDispatchers = 0
        var exitWaiters: [UnsafeContinuation<Void, Never>] = []
        var workerPIDs: [pid_t]
    }

    /// What a dispatcher should do next.
    enum Assignment {
        case jobs([JobFuture])
        /// Nothing to take now; the dispatcher still has jobs in flight.
        case nothing
        /// Nothing to take and nothing in flight: registered for a byte on the wake-up pipe when jobs arrive.
        case registered
        /// Shut down and drained: stop the worker and end the thread.
        case exit
    }

    init(configuration: PoolConfiguration) throws(PoolError) {
        self.configuration = configuration
        template = SpawnTemplate(
            executable: configuration.executable, arguments: configuration.arguments,
            environment: configuration.environment)
        var pipes: [(read: CInt, write: CInt)] = []
        for _ in 0..<configuration.workers {
            do {
                pipes.append(try Syscall.pipe(nonBlocking: true))
            } catch {
                for p in pipes { close(p.read); close(p.write) }
                throw .spawnFailed(executable: "wake pipe", errno: error)
            }
        }
        wakePipes = pipes
        state = Mutex(
            State(
                busy: Array(repeating: false, count: configuration.workers),
                workerPIDs: Array(repeating: 0, count: configuration.workers)))
    }

    deinit {
        for p in wakePipes { close(p.read); close(p.write) }
    }

    // MARK: Submitting

    /// Queues jobs and wakes as many sleeping dispatchers; after shutdown, fails them with ``PoolError/shutDown``.
    func enqueue(_ jobs: some Collection<JobFuture>) {
        if jobs.isEmpty { return }
        let woken: [Int]? = state.withLock { s in
            guard !s.isShutDown else { return nil }
            s.pending.append(contentsOf: jobs)
            let count = min(jobs.count, s.sleepers.count)
            let woken = Array(s.sleepers.suffix(count))
            s.sleepers.removeLast(count)
            return woken
        }
        guard let woken else {
            for job in jobs { job.finish(.failure(.shutDown)) }
            return
        }
        for slot in woken { wake(slot) }
    }

    private func wake(_ slot: Int) {
        var byte: UInt8 = 1
        _ = Syscall.write(wakePipes[slot].write, &byte, 1)  // EAGAIN: a wake-up is already pending
    }

    // MARK: Dispatching

    /// Takes up to `limit` jobs, marking them running; cancelled ones are dropped on the way. A job beyond the
    /// first (prefetched, to wait in the worker's pipe) is taken only if it leaves one job for every other idle
    /// dispatcher: an idle worker must never watch a job queue up behind a long one. When an `idle` dispatcher finds
    /// nothing to take, registers it for a wake-up, or, after shutdown, tells it to exit.
    func take(slot: Int, limit: Int, idle: Bool) -> Assignment {
        state.withLock { s in
            var othersIdle = 0
            for (other, busy) in s.busy.enumerated() where other != slot && !busy { othersIdle += 1 }
            var taken: [JobFuture] = []
            while taken.count < limit, !s.pending.isEmpty {
                let prefetching = !idle || !taken.isEmpty
                if prefetching, s.pending.count <= othersIdle { break }
                let job = s.pending.removeFirst()
                if job.markRunning() { taken.append(job) }
            }
            s.busy[slot] = !idle || !taken.isEmpty
            if !taken.isEmpty { return .jobs(taken) }
            guard idle else { return .nothing }
            if s.isShutDown { return .exit }
            if !s.sleepers.contains(slot) { s.sleepers.append(slot) }
            return .registered
        }
    }

    /// Removes a dispatcher from the sleepers after it woke for another reason.
    func stopSleeping(slot: Int) {
        state.withLock { s in
            if let i = s.sleepers.firstIndex(of: slot) { s.sleepers.remove(at: i) }
        }
    }

    /// Records the pid of a dispatcher's worker (0: none).
    func setWorkerPID(_ pid: pid_t, slot: Int) {
        state.withLock { $0.workerPIDs[slot] = pid }
    }

    /// The pids of the live workers.
    var workerPIDs: [pid_t] { state.withLock { $0.workerPIDs.filter { $0 != 0 } } }

    /// Jobs queued and not yet taken by a dispatcher (cancelled ones included until skipped).
    var pendingCount: Int { state.withLock { $0.pending.count } }

    // MARK: Lifecycle

    /// Counts a dispatcher thread as started.
    func dispatcherStarted() { state.withLock { $0.liveDispatchers += 1 } }

    /// Counts a dispatcher thread as ended; the last one resumes the shutdown waiters.
    func dispatcherEnded() {
        let waiters = state.withLock { s -> [UnsafeContinuation<Void, Never>] in
            s.liveDispatchers -= 1
            guard s.liveDispatchers == 0 else { return [] }
            defer { s.exitWaiters = [] }
            return s.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops accepting jobs; with `cancelPending`, cancels the queued ones. Dispatchers finish what is left and exit.
    func beginShutdown(cancelPending: Bool) {
        let (cancelled, sleepers) = state.withLock { s -> ([JobFuture], [Int]) in
            s.isShutDown = true
            var cancelled: [JobFuture] = []
            if cancelPending {
                cancelled = Array(s.pending)
                s.pending.removeAll()
            }
            defer { s.sleepers.removeAll() }
            return (cancelled, s.sleepers)
        }
        for job in cancelled { job.cancel() }
        for slot in sleepers { wake(slot) }
    }

    /// Whether ``beginShutdown(cancelPending:)`` was called.
    var isShutDown: Bool { state.withLock { $0.isShutDown } }

    /// Suspends until every dispatcher thread has stopped its worker and ended.
    func waitForDispatchers() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let done = state.withLock { s in
                if s.liveDispatchers == 0 { return true }
                s.exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
