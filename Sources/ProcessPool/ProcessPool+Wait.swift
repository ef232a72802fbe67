import Synchronization

extension ProcessPool {
    /// Waits until `returnWhen` holds for `futures`, or `timeout` passes (Python's `concurrent.futures.wait`).
    /// - Parameters:
    ///   - futures: futures of this pool or any other.
    ///   - returnWhen: ``WaitCondition/firstCompleted``, ``WaitCondition/firstException`` or
    ///     ``WaitCondition/allCompleted`` (the default).
    ///   - timeout: the longest wait; `nil` waits as long as it takes. Cancelling the task also ends the wait.
    /// - Returns: the futures done and not done at that moment.
    public func wait(
        _ futures: [JobFuture], returnWhen: WaitCondition = .allCompleted, timeout: Duration? = nil
    ) async -> WaitResult {
        let satisfied: @Sendable () -> Bool = {
            switch returnWhen {
            case .allCompleted:
                return futures.allSatisfy(\.isDone)
            case .firstCompleted:
                return futures.isEmpty || futures.contains(where: \.isDone)
            case .firstException:
                let failed = futures.contains { future in
                    guard case .failure(let error)? = future.resultIfDone else { return false }
                    return error != .cancelled
                }
                return failed || futures.allSatisfy(\.isDone)
            }
        }
        if !satisfied() {
            let (changes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            for future in futures { future.onCompletion { _ in continuation.yield() } }
            let untilSatisfied: @Sendable () async -> Void = {
                for await _ in changes where satisfied() { return }
            }
            if let timeout {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await untilSatisfied() }
                    group.addTask { try? await Task.sleep(for: timeout) }
                    await group.next()
                    group.cancelAll()
                }
            } else {
                await untilSatisfied()
            }
            continuation.finish()
        }
        var result = WaitResult(done: [], notDone: [])
        for future in futures {
            if future.isDone { result.done.append(future) } else { result.notDone.append(future) }
        }
        return result
    }

    /// Yields each of `futures` as it finishes (Python's `as_completed` over futures); ends after the last.
    /// Cancelling the consuming task ends the iteration (not the jobs).
    public func completions(of futures: [JobFuture]) -> AsyncStream<JobFuture> {
        let (stream, continuation) = AsyncStream<JobFuture>.makeStream()
        let remaining = Mutex(futures.count)
        if futures.isEmpty { continuation.finish() }
        for future in futures {
            future.onCompletion { _ in
                continuation.yield(future)
                let left = remaining.withLock { count in
                    count -= 1
                    return count
                }
                if left == 0 { continuation.finish() }
            }
        }
        return stream
    }
}
