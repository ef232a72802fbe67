import DequeModule
import Synchronization

/// One iteration of ``OrderedResults`` or ``CompletionResults``: pulls jobs from the input lazily, keeps at most
/// `window` of them submitted and not yet consumed, and hands results to the consumer in input or completion order.
///
/// Jobs are pulled only when the consumer asks for the next result, so a slow consumer keeps the window full and
/// no more, and a million inputs take constant memory. Dropping the iterator, or cancelling the consuming task,
/// cancels the jobs not yet started.
final class WindowedRun: Sendable {
    private let pool: ProcessPool
    private let ordered: Bool
    private let window: Int
    private let maxMessage: Int
    private let state: Mutex<State>

    private struct Slot {
        var future: JobFuture?
        var result: Result<[UInt8], PoolError>?
    }

    private struct State {
        var input: JobIterator?
        var nextIndex = 0
        /// Ordered: one slot per submitted, unconsumed job, from `headIndex`.
        var slots = Deque<Slot>()
        var headIndex = 0
        /// Completion order: finished, unconsumed outcomes, and the futures still running.
        var ready = Deque<JobOutcome>()
        var running: [Int: JobFuture] = [:]
        var waiter: UnsafeContinuation<JobOutcome?, Never>?
        var stopped = false
    }

    private enum Step {
        case value(JobOutcome)
        case end
        case wait
    }

    init(pool: ProcessPool, input: JobIterator, ordered: Bool) {
        self.pool = pool
        self.ordered = ordered
        window = pool.configuration.effectiveWindow
        maxMessage = pool.configuration.maxMessageBytes
        state = Mutex(State(input: input))
    }

    deinit {
        // The iterator is gone: nobody will consume what is still pending.
        let futures = state.withLock { s in
            s.slots.compactMap(\.future) + Array(s.running.values)
        }
        for future in futures { future.cancel() }
    }

    /// The next outcome, or `nil` when the input is exhausted and every result consumed, or the task cancelled.
    func next() async -> JobOutcome? {
        if Task.isCancelled {
            stop()
            return nil
        }
        var submitted: [JobFuture] = []
        let step = state.withLock { s -> Step in
            let value = takeReady(&s)
            refill(&s, into: &submitted)
            if let value { return .value(value) }
            return isFinished(s) ? .end : .wait
        }
        submit(submitted)
        switch step {
        case .value(let outcome): return outcome
        case .end: return nil
        case .wait: break
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<JobOutcome?, Never>) in
                let immediate: JobOutcome?? = state.withLock { s in
                    if let value = takeReady(&s) { return .some(value) }
                    // Checked under the lock: a cancellation handler that ran before this found no waiter.
                    if s.stopped || isFinished(s) || Task.isCancelled { return .some(nil) }
                    s.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            stop()
        }
    }

    /// Cancels everything not yet started and ends the sequence.
    func stop() {
        let (waiter, futures) = state.withLock { s -> (UnsafeContinuation<JobOutcome?, Never>?, [JobFuture]) in
            s.stopped = true
            s.input = nil
            let futures = s.slots.compactMap(\.future) + Array(s.running.values)
            s.slots.removeAll()
            s.running.removeAll()
            s.ready.removeAll()
            defer { s.waiter = nil }
            return (s.waiter, futures)
        }
        waiter?.resume(returning: nil)
        for future in futures { future.cancel() }
    }

    private func isFinished(_ s: State) -> Bool {
        s.stopped || (s.input == nil && s.slots.isEmpty && s.running.isEmpty && s.ready.isEmpty)
    }

    private func takeReady(_ s: inout State) -> JobOutcome? {
        if ordered {
            guard let result = s.slots.first?.result else { return nil }
            s.slots.removeFirst()
            s.headIndex += 1
            return JobOutcome(index: s.headIndex - 1, result: result)
        }
        return s.ready.popFirst()
    }

    /// Pulls inputs until the window is full, creating (not yet submitting) their futures.
    private func refill(_ s: inout State, into submitted: inout [JobFuture]) {
        while !s.stopped, s.input != nil {
            let inWindow = ordered ? s.slots.count : s.running.count + s.ready.count
            guard inWindow < window else { return }
            guard let payload = s.input!.next() else {
                s.input = nil
                return
            }
            let index = s.nextIndex
            s.nextIndex += 1
            let future = JobFuture(payload: payload) { [weak self] result in
                self?.complete(index: index, result: result)
            }
            if ordered { s.slots.append(Slot(future: future)) } else { s.running[index] = future }
            submitted.append(future)
        }
    }

    private func submit(_ futures: [JobFuture]) {
        guard !futures.isEmpty else { return }
        var accepted: [JobFuture] = []
        accepted.reserveCapacity(futures.count)
        for future in futures {
            if future.payload.count > maxMessage {
                future.finish(.failure(.messageTooLarge(bytes: future.payload.count, limit: maxMessage)))
            } else {
                accepted.append(future)
            }
        }
        pool.core.enqueue(accepted)
    }

    /// A job's callback: park the result and wake the consumer if it can now go on.
    private func complete(index: Int, result: Result<[UInt8], PoolError>) {
        let resume = state.withLock { s -> (UnsafeContinuation<JobOutcome?, Never>, JobOutcome)? in
            guard !s.stopped else { return nil }
            if ordered {
                let offset = index - s.headIndex
                guard offset >= 0, offset < s.slots.count else { return nil }
                s.slots[offset] = Slot(future: nil, result: result)
            } else {
                guard s.running.removeValue(forKey: index) != nil else { return nil }
                s.ready.append(JobOutcome(index: index, result: result))
            }
            guard let waiter = s.waiter, let value = takeReady(&s) else { return nil }
            s.waiter = nil
            return (waiter, value)
        }
        if let (waiter, value) = resume { waiter.resume(returning: value) }
    }
}
