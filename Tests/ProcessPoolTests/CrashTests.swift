import Glibc
import Testing
@testable import ProcessPool
import SystemPackage

extension PoolTests {
    @Suite struct CrashTests {
        @Test func eachKindOfDeathFailsOnlyItsJob() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let before = Set(pool.workerProcessIDs)
            let jobs = [
                Job.echo("a"), Job.sigkill, Job.echo("b"), Job.segfault, Job.echo("c"), Job.trap, Job.echo("d"),
                Job.exit(7), Job.echo("e"),
            ]
            let outcomes = await collect(pool.map(jobs))
            #expect(outcomes.map(\.index) == Array(0..<9))
            #expect(outcomes[0].result.text == "a")
            #expect(outcomes[1].result.error == .workerCrashed(signal: SIGKILL, name: "SIGKILL"))
            #expect(outcomes[2].result.text == "b")
            #expect(outcomes[3].result.error == .workerCrashed(signal: SIGSEGV, name: "SIGSEGV"))
            #expect(outcomes[4].result.text == "c")
            let trapError = outcomes[5].result.error
            #expect(
                trapError == .workerCrashed(signal: SIGILL, name: "SIGILL")
                    || trapError == .workerCrashed(signal: SIGTRAP, name: "SIGTRAP"),
                "a Swift trap: \(String(describing: trapError))")
            #expect(outcomes[6].result.text == "d")
            #expect(outcomes[7].result.error == .workerExited(status: 7))
            #expect(outcomes[8].result.text == "e")

            // Four replacements; the pool still has two live workers, and the dead ones were reaped.
            let after = pool.workerProcessIDs
            #expect(after.count == 2)
            #expect(after.allSatisfy(Processes.isAlive))
            #expect(before.allSatisfy { !Processes.isAlive($0) })
            let more = await collect(pool.map((0..<10).map { Job.echo("\($0)") }))
            #expect(more.allSatisfy { $0.result.text == "\($0.index)" })
            await pool.shutdown()
        }

        @Test func aJobOverTheTimeoutIsKilledAndReplaced() async throws {
            let pool = try TestWorker.pool(workers: 1, taskTimeout: .milliseconds(300))
            let firstPID = pid_t(String(decoding: try await pool.submit(Job.pid).result(), as: UTF8.self))!
            let start = ContinuousClock.now
            let hung = pool.submit(Job.hang)
            let next = pool.submit(Job.echo("after"))
            await #expect(throws: PoolError.timedOut) { try await hung.result() }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(290) && elapsed < .seconds(5), "timed out after \(elapsed)")
            #expect(try await next.result() == Array("after".utf8))
            #expect(await Processes.eventually { !Processes.isAlive(firstPID) })
            let secondPID = pid_t(String(decoding: try await pool.submit(Job.pid).result(), as: UTF8.self))!
            #expect(secondPID != firstPID)
            await pool.shutdown()
        }

        @Test func theTimeoutCountsFromTheJobsOwnStart() async throws {
            // After a quick job (which turns prefetching on), three 200 ms jobs are sent ahead to one worker at once:
            // 600 ms in all, but each well under the 400 ms limit.
            let pool = try TestWorker.pool(workers: 1, window: 4, prefetch: 3, taskTimeout: .milliseconds(400))
            let jobs = [Job.echo("quick")] + (0..<3).map { Job.sleep(ms: 200, tag: "\($0)") }
            let outcomes = await collect(pool.map(jobs))
            #expect(outcomes.map(\.result.text) == ["quick", "200:0", "200:1", "200:2"])
            await pool.shutdown()
        }

        @Test func retriesRunACrashedJobAgainOnAFreshWorker() async throws {
            let marker = "/tmp/pool-test-crash-once-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            defer { unlink(marker) }
            let pool = try TestWorker.pool(workers: 1, retries: 1)
            #expect(try await pool.submit(Job.crashOnce(marker: marker)).result() == Array("second try".utf8))
            // A job that always crashes still fails after its retry, with the right error.
            await #expect(throws: PoolError.workerCrashed(signal: SIGKILL, name: "SIGKILL")) {
                try await pool.submit(Job.sigkill).result()
            }
            await pool.shutdown()

            let marker2 = marker + "-b"
            defer { unlink(marker2) }
            let noRetries = try TestWorker.pool(workers: 1, retries: 0)
            await #expect(throws: PoolError.workerCrashed(signal: SIGKILL, name: "SIGKILL")) {
                try await noRetries.submit(Job.crashOnce(marker: marker2)).result()
            }
            await noRetries.shutdown()
        }

        @Test func aHandlerErrorIsAFailedJobNotADeadWorker() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let pid = try await pool.submit(Job.pid).result()
            await #expect(throws: PoolError.jobFailed(message: "no such file: /x")) {
                try await pool.submit(Job.fail("no such file: /x")).result()
            }
            #expect(try await pool.submit(Job.pid).result() == pid)
            await pool.shutdown()
        }

        @Test func aStrayPrintCannotCorruptAFrame() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let outcomes = await collect(pool.map([Job.strayPrint("x"), Job.echo("y"), Job.strayPrint("z")]))
            #expect(outcomes.map(\.result.text) == ["x", "y", "z"])
            await pool.shutdown()
        }

        @Test func theHandlerKeepsItsStateAcrossJobs() async throws {
            let pool = try TestWorker.pool(workers: 1)
            let outcomes = await collect(pool.map([Job.counter, Job.counter, Job.counter]))
            #expect(outcomes.map(\.result.text) == ["1", "2", "3"])
            await pool.shutdown()
        }

        @Test func aWorkerThatCannotStartIsASpawnError() async throws {
            var configuration = TestWorker.configuration()
            configuration.executable = "/nonexistent/worker"
            #expect(throws: PoolError.spawnFailed(executable: "/nonexistent/worker", errno: .noSuchFileOrDirectory)) {
                _ = try ProcessPool(configuration)
            }
        }
    }
}
