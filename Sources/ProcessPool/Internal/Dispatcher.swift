import DequeModule
import Glibc

/// Drives one worker process from its own thread: takes jobs from the ``PoolCore`` queue, writes them as frames,
/// reads the answers, enforces the task timeout, and replaces the worker when it dies.
///
/// Up to `1 + prefetch` jobs are in flight per worker while its jobs are short (the last one took under
/// ``shortJob``), one otherwise; the worker answers in order, so the first one in flight is the one running, and the
/// one to blame if the worker dies or overruns the timeout.
final class Dispatcher: @unchecked Sendable {
    // @unchecked Sendable: handed once to the thread it is started on; from then on only that thread touches it.
    private let core: PoolCore
    private let slot: Int
    private let depth: Int
    private let retries: Int
    private let timeout: Duration?
    private let maxMessage: Int
    private var worker: WorkerProcess?
    private var inflight = Deque<JobFuture>()
    private var reader: FrameReader
    private var outbox: [UInt8] = []
    private var outboxStart = 0
    /// When the first job in flight started: sent to an idle worker, or the previous answer arrived.
    private var headStarted = ContinuousClock.now
    /// Whether the worker's last job took under ``shortJob``: only then are jobs sent ahead.
    private var lastJobWasShort = false
    /// Jobs quicker than this are sent ahead (``PoolConfiguration/prefetch``): a round trip through the parent
    /// would be a large part of their time. Longer ones go one at a time, so no job waits behind a long one.
    static let shortJob = Duration.milliseconds(1)

    private enum Failure {
        case died
        case timedOut
        case protocolViolation(String)
    }

    init(core: PoolCore, slot: Int) {
        self.core = core
        self.slot = slot
        let configuration = core.configuration
        depth = 1 + configuration.prefetch
        retries = configuration.retries
        timeout = configuration.taskTimeout
        maxMessage = configuration.maxMessageBytes
        reader = FrameReader(maxPayload: configuration.maxMessageBytes)
    }

    /// The thread's body: spawn, report to `startup`, serve until shutdown, stop the worker.
    func run(startup: StartupLatch) {
        startup.report(respawn())
        serve()
        stopWorker()
        core.dispatcherEnded()
    }

    private func serve() {
        while true {
            let depth = lastJobWasShort ? self.depth : 1
            if inflight.count < depth {
                switch core.take(slot: slot, limit: depth - inflight.count, idle: inflight.isEmpty) {
                case .jobs(let jobs): send(jobs)
                case .nothing: break
                case .registered:
                    sleepUntilWoken()
                    continue
                case .exit: return
                }
            }
            if !inflight.isEmpty { pump() }
        }
    }

    private func send(_ jobs: [JobFuture]) {
        if worker == nil, let error = respawn() {
            for job in jobs { job.finish(.failure(error)) }
            return
        }
        if inflight.isEmpty { headStarted = .now }
        for job in jobs {
            inflight.append(job)
            Frame.append(.job, job.payload, to: &outbox)
        }
    }

    /// One round: write what is pending, wait (within the timeout) for the worker, read and dispatch answers.
    private func pump() {
        guard let worker else { return }
        if outboxStart < outbox.count, !flush(worker) { return }
        let writing = outboxStart < outbox.count
        if writing || timeout != nil {
            var milliseconds: CInt = -1
            if let timeout {
                let left = timeout - (ContinuousClock.now - headStarted)
                if left <= .zero { return workerFailed(.timedOut) }
                milliseconds = Syscall.milliseconds(left)
            }
            var fds = [pollfd(fd: worker.output, events: Int16(POLLIN), revents: 0)]
            if writing { fds.append(pollfd(fd: worker.input, events: Int16(POLLOUT), revents: 0)) }
            guard Syscall.poll(&fds, timeoutMilliseconds: milliseconds) > 0 else { return }
            if writing, fds[1].revents != 0, !flush(worker) { return }
            guard fds[0].revents != 0 else { return }
        }
        guard reader.fill(from: worker.output) > 0 else { return workerFailed(.died) }
        if let violation = dispatchFrames() { workerFailed(.protocolViolation(violation)) }
    }

    /// Writes as much of the outbox as the pipe takes; `false` if the worker is gone (then handled).
    private func flush(_ worker: WorkerProcess) -> Bool {
        let n = outbox.withUnsafeBytes { p in
            Syscall.write(worker.input, p.baseAddress! + outboxStart, p.count - outboxStart)
        }
        if n < 0 {
            if errno == EAGAIN { return true }
            workerFailed(.died)
            return false
        }
        outboxStart += n
        if outboxStart == outbox.count {
            outbox.removeAll(keepingCapacity: outbox.capacity <= 1 << 20)
            outboxStart = 0
        }
        return true
    }

    /// Completes in-flight jobs with every whole frame read so far; returns a protocol violation, if any.
    private func dispatchFrames() -> String? {
        while true {
            let frame: (kind: UInt8, payload: [UInt8])?
            do {
                frame = try reader.next()
            } catch {
                return error.message
            }
            guard let frame else { return nil }
            guard let job = inflight.first else { return "an answer with no job in flight" }
            switch Frame.Kind(rawValue: frame.kind) {
            case .success:
                inflight.removeFirst()
                job.finish(.success(frame.payload))
            case .failure:
                inflight.removeFirst()
                job.finish(.failure(.jobFailed(message: String(decoding: frame.payload, as: UTF8.self))))
            default:
                return FrameError.unknownKind(frame.kind).message
            }
            let now = ContinuousClock.now
            lastJobWasShort = now - headStarted < Self.shortJob
            headStarted = now
        }
    }

    /// Kills and reaps the worker, fails (or keeps, to retry) the job it was running, and starts a replacement
    /// that gets every job still in flight.
    private func workerFailed(_ failure: Failure) {
        guard let dead = worker else { return }
        worker = nil
        let culprit = inflight.first
        dead.kill()
        dead.closeInput()
        if case .protocolViolation = failure {
        } else {
            // Answers the worker wrote before it ended still count (a timeout may race with the answer).
            while reader.fill(from: dead.output) > 0 {
                if dispatchFrames() != nil { break }
            }
        }
        let termination = dead.reap()
        dead.closeOutput()
        core.setWorkerPID(0, slot: slot)
        reader = FrameReader(maxPayload: maxMessage)
        outbox.removeAll()
        outboxStart = 0

        let error: PoolError
        switch failure {
        case .died: error = termination.error
        case .timedOut: error = .timedOut
        case .protocolViolation(let what): error = .protocolViolation(what)
        }
        var failed: JobFuture?
        if let culprit, inflight.first === culprit, culprit.recordAttempt() > retries {
            failed = inflight.removeFirst()
        }
        // The replacement first, so that whoever sees the failure also sees a full pool.
        if let spawnError = respawn() {
            while let job = inflight.popFirst() { job.finish(.failure(spawnError)) }
        } else {
            headStarted = .now
            lastJobWasShort = false
            for job in inflight { Frame.append(.job, job.payload, to: &outbox) }
        }
        failed?.finish(.failure(error))
    }

    /// Spawns a worker for this slot; returns the error if that failed.
    private func respawn() -> PoolError? {
        do {
            let fresh = try core.template.spawn()
            worker = fresh
            core.setWorkerPID(fresh.pid, slot: slot)
            return nil
        } catch {
            return error
        }
    }

    /// Idle: waits for a wake-up byte, also watching the worker so that one dying idle is replaced at once.
    private func sleepUntilWoken() {
        let wake = core.wakePipes[slot].read
        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        if let worker { fds.append(pollfd(fd: worker.output, events: Int16(POLLIN), revents: 0)) }
        _ = Syscall.poll(&fds, timeoutMilliseconds: -1)
        if fds[0].revents != 0 { drainWakePipe() }
        core.stopSleeping(slot: slot)
        if fds.count > 1, fds[1].revents != 0, let worker {
            if reader.fill(from: worker.output) > 0 {
                workerFailed(.protocolViolation("output from an idle worker"))
            } else {
                workerFailed(.died)
            }
        }
    }

    private func drainWakePipe() {
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let wake = core.wakePipes[slot].read
        while withUnsafeMutableBytes(of: &scratch, { Syscall.read(wake, $0.baseAddress!, $0.count) }) == 32 {}
    }

    /// Shutdown: closes the worker's stdin so that it exits, waits up to 5 s for it, then kills it; reaps it.
    private func stopWorker() {
        guard let worker else { return }
        self.worker = nil
        worker.closeInput()
        let deadline = ContinuousClock.now + .seconds(5)
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: worker.output, events: Int16(POLLIN), revents: 0)]
            let left = deadline - .now
            if left <= .zero || Syscall.poll(&fds, timeoutMilliseconds: Syscall.milliseconds(left)) == 0 {
                worker.kill()
                break
            }
            if scratch.withUnsafeMutableBytes({ Syscall.read(worker.output, $0.baseAddress!, $0.count) }) <= 0 {
                break
            }
        }
        _ = worker.reap()
        worker.closeOutput()
        core.setWorkerPID(0, slot: slot)
    }
}
