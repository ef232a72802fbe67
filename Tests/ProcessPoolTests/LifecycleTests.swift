import Glibc
import Testing
@testable import ProcessPool

extension PoolTests {
    @Suite struct LifecycleTests {
        @Test func shutdownLeavesNoProcessBehind() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let pids = pool.workerProcessIDs
            #expect(pids.count == 2)
            #expect(Set(Processes.workers()) == Set(pids))
            _ = await collect(pool.map((0..<20).map { Job.echo("\($0)") }))
            await pool.shutdown()
            #expect(Processes.workers().isEmpty)
            // Reaped, not zombies: the entries are gone from /proc.
            #expect(pids.allSatisfy { access("/proc/\($0)", F_OK) != 0 })
            #expect(pool.workerProcessIDs.isEmpty)
            await #expect(throws: PoolError.shutDown) { try await pool.submit(Job.echo("late")).result() }
            let late = await collect(pool.map([Job.echo("late")]))
            #expect(late.first?.result.error == .shutDown)
        }

        @Test func shutdownCancellingPendingJobsLetsTheRunningOneFinish() async throws {
            let pool = try TestWorker.pool(workers: 1, prefetch: 0)
            let running = pool.submit(Job.sleep(ms: 200, tag: "running"))
            let pending = (0..<5).map { _ in pool.submit(Job.sleep(ms: 200)) }
            #expect(await Processes.eventually { running.isRunning })
            let start = ContinuousClock.now
            await pool.shutdown(wait: true, cancelPending: true)
            #expect(ContinuousClock.now - start < .milliseconds(900))
            #expect(try await running.result() == Array("200:running".utf8))
            #expect(pending.allSatisfy { $0.isCancelled })
            #expect(Processes.workers().isEmpty)
        }

        @Test func droppingThePoolStopsItsWorkers() async throws {
            var pids: [pid_t] = []
            do {
                let pool = try TestWorker.pool(workers: 2)
                pids = pool.workerProcessIDs
                _ = try await pool.submit(Job.echo("x")).result()
            }
            #expect(pids.count == 2)
            #expect(await Processes.eventually { Processes.workers().isEmpty })
        }

        @Test func cancellingTheConsumerCancelsPendingJobs() async throws {
            let pool = try TestWorker.pool(workers: 1, window: 50, prefetch: 0)
            let jobs = CountingJobs(jobs: (0..<50).map { Job.sleep(ms: 20, tag: "\($0)") })
            let consumer = Task {
                var seen = 0
                for await _ in pool.map(jobs) { seen += 1 }
                return seen
            }
            try await Task.sleep(for: .milliseconds(150))
            consumer.cancel()
            let seen = await consumer.value
            #expect(seen < 50)
            // The ~40 queued 20 ms jobs were cancelled: a new job does not wait behind them.
            let start = ContinuousClock.now
            #expect(try await pool.submit(Job.echo("next")).result() == Array("next".utf8))
            #expect(ContinuousClock.now - start < .milliseconds(400))
            #expect(pool.core.pendingCount == 0)
            await pool.shutdown()
        }

        @Test func leavingTheLoopEarlyCancelsPendingJobs() async throws {
            let pool = try TestWorker.pool(workers: 1, window: 50, prefetch: 0)
            for await outcome in pool.map((0..<50).map { Job.sleep(ms: 20, tag: "\($0)") }) {
                if outcome.index == 1 { break }
            }
            let start = ContinuousClock.now
            #expect(try await pool.submit(Job.echo("next")).result() == Array("next".utf8))
            #expect(ContinuousClock.now - start < .milliseconds(400))
            await pool.shutdown()
        }

        @Test func aKilledParentLeavesNoWorkerAlive() async throws {
            let driver = SpawnTemplate(executable: TestWorker.path, arguments: ["orphan-parent", "2"], environment: [:])
            let parent = try driver.spawn()
            defer { parent.closeInput(); parent.closeOutput() }
            // Read the two worker pids the driver prints.
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 256)
            while text.split(separator: "\n").count < 2 {
                let n = buffer.withUnsafeMutableBytes { Syscall.read(parent.output, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                text += String(decoding: buffer[..<n], as: UTF8.self)
            }
            let workers = text.split(separator: "\n").compactMap { pid_t($0) }
            try #require(workers.count == 2, "driver printed \(text)")
            #expect(workers.allSatisfy(Processes.isAlive))
            #expect(Set(Processes.workers(of: parent.pid)) == Set(workers))

            parent.kill()
            #expect(parent.reap() == .signaled(SIGKILL))
            #expect(await Processes.eventually { !workers.contains(where: Processes.isAlive) })
        }
    }
}
