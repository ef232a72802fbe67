import Synchronization
import Testing
@testable import ProcessPool

extension PoolTests {
    @Suite struct FutureTests {
        @Test func resultWithATimeoutGivesUpButTheJobGoesOn() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let future = pool.submit(Job.sleep(ms: 300, tag: "slow"))
            await #expect(throws: PoolError.waitTimedOut) { try await future.result(timeout: .milliseconds(50)) }
            #expect(!future.isDone)
            #expect(try await future.result(timeout: .seconds(10)) == Array("300:slow".utf8))
            #expect(future.isDone)
            #expect(!future.isCancelled)
            await pool.shutdown()
        }

        @Test func cancelStopsAPendingJobButNotARunningOne() async throws {
            let pool = try TestWorker.pool(workers: 1, prefetch: 0)
            let running = pool.submit(Job.sleep(ms: 300, tag: "running"))
            let pending = pool.submit(Job.echo("never"))
            #expect(await Processes.eventually { running.isRunning })
            #expect(pending.cancel())
            #expect(pending.isCancelled && pending.isDone)
            #expect(pending.cancel(), "cancelling twice still reports cancelled")
            await #expect(throws: PoolError.cancelled) { try await pending.result() }
            #expect(!running.cancel())
            #expect(try await running.result() == Array("300:running".utf8))
            #expect(!running.cancel(), "a finished job cannot be cancelled")
            await pool.shutdown()
        }

        @Test func completionCallbacksRunOnceEach() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let future = pool.submit(Job.sleep(ms: 50, tag: "cb"))
            let calls = Mutex<[String]>([])
            future.onCompletion { result in calls.withLock { $0.append("first:\(result.text ?? "?")") } }
            _ = try await future.result()
            future.onCompletion { result in calls.withLock { $0.append("late:\(result.text ?? "?")") } }
            #expect(await Processes.eventually { calls.withLock { $0.count } == 2 })
            #expect(calls.withLock { $0 } == ["first:50:cb", "late:50:cb"])
            await pool.shutdown()
        }

        @Test func waitForTheFirstCompleted() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let slow = pool.submit(Job.sleep(ms: 800, tag: "slow"))
            let fast = pool.submit(Job.echo("fast"))
            let result = await pool.wait([slow, fast], returnWhen: .firstCompleted)
            #expect(result.done == [fast])
            #expect(result.notDone == [slow])
            let all = await pool.wait([slow, fast], returnWhen: .allCompleted)
            #expect(all.done == [slow, fast] && all.notDone.isEmpty)
            await pool.shutdown()
        }

        @Test func waitForTheFirstException() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let slow = pool.submit(Job.sleep(ms: 800, tag: "slow"))
            let ok = pool.submit(Job.echo("ok"))
            let failing = pool.submit(Job.sleep(ms: 100, tag: "later"))
            let crash = pool.submit(Job.fail("bad"))
            let result = await pool.wait([slow, ok, failing, crash], returnWhen: .firstException)
            #expect(result.done.contains(crash))
            #expect(result.notDone.contains(slow))
            // With no failure among them, firstException waits for all.
            let clean = await pool.wait([slow, ok], returnWhen: .firstException)
            #expect(clean.notDone.isEmpty)
            await pool.shutdown()
        }

        @Test func waitHonoursItsTimeout() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let slow = pool.submit(Job.sleep(ms: 1500, tag: "slow"))
            let start = ContinuousClock.now
            let result = await pool.wait([slow], timeout: .milliseconds(100))
            #expect(ContinuousClock.now - start < .milliseconds(1000))
            #expect(result.notDone == [slow])
            await pool.shutdown(wait: true, cancelPending: true)
        }

        @Test func completionsOfFuturesYieldEachOnceInCompletionOrder() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let slow = pool.submit(Job.sleep(ms: 400, tag: "slow"))
            let fast = (0..<3).map { pool.submit(Job.echo("\($0)")) }
            var order: [JobFuture] = []
            for await future in pool.completions(of: [slow] + fast) { order.append(future) }
            #expect(order.count == 4)
            #expect(Set(order) == Set([slow] + fast))
            #expect(order.last == slow)
            await pool.shutdown()
        }
    }
}
