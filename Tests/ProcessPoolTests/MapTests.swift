import Glibc
import Testing
@testable import ProcessPool

extension PoolTests {
    @Suite struct MapTests {
        @Test func anyBytesSurviveTheRoundTrip() async throws {
            let pool = try TestWorker.pool()
            let allBytes = (0...255).map { UInt8($0) }
            let nonUTF8Path: [UInt8] = Array("/tmp/caf".utf8) + [0xE9, 0xFF, 0xFE] + Array(".png".utf8)
            let inputs: [[UInt8]] = [allBytes, [], nonUTF8Path, [0, 0, 0, 0, 1]]
            let outcomes = await collect(pool.map(inputs.map(Job.echo)))
            #expect(outcomes.map(\.index) == [0, 1, 2, 3])
            for (outcome, input) in zip(outcomes, inputs) {
                #expect(try outcome.result.get() == input)
            }
            await pool.shutdown()
        }

        @Test func resultsComeInInputOrderWhateverTheDurations() async throws {
            let pool = try TestWorker.pool(workers: 2, window: 6)
            var generator = SystemRandomNumberGenerator()
            let durations = (0..<40).map { _ in Int.random(in: 0...15, using: &generator) }
            let jobs = durations.enumerated().map { Job.sleep(ms: $1, tag: "\($0)") }
            let outcomes = await collect(pool.map(jobs))
            #expect(outcomes.map(\.index) == Array(0..<40))
            for (i, outcome) in outcomes.enumerated() {
                #expect(outcome.result.text == "\(durations[i]):\(i)")
            }
            await pool.shutdown()
        }

        @Test func aSlowConsumerKeepsAtMostTheWindowInFlight() async throws {
            let window = 3
            let pool = try TestWorker.pool(workers: 2, window: window)
            let jobs = CountingJobs(jobs: (0..<20).map { Job.echo("\($0)") })
            var consumed = 0
            var reachedWindow = false
            for await outcome in pool.map(jobs) {
                consumed += 1
                #expect(outcome.index == consumed - 1)
                // The jobs are instant: give the pool every chance to run ahead of this slow consumer.
                try await Task.sleep(for: .milliseconds(15))
                let pulled = jobs.pulled.count
                #expect(pulled <= consumed + window, "pulled \(pulled) after consuming \(consumed)")
                if pulled == min(consumed + window, 20) { reachedWindow = true }
            }
            #expect(consumed == 20)
            #expect(reachedWindow, "the window was never used in full")
            await pool.shutdown()
        }

        @Test func completionsComeInCompletionOrder() async throws {
            let pool = try TestWorker.pool(workers: 2, window: 8)
            let jobs = [Job.sleep(ms: 400, tag: "slow")] + (1...5).map { Job.echo("\($0)") }
            let outcomes = await collect(pool.completions(jobs))
            #expect(outcomes.count == 6)
            #expect(Set(outcomes.map(\.index)) == Set(0..<6))
            #expect(outcomes.first?.index != 0)
            #expect(outcomes.last?.index == 0)
            #expect(outcomes.last?.result.text == "400:slow")
            await pool.shutdown()
        }

        @Test func completionsRespectTheWindow() async throws {
            let pool = try TestWorker.pool(workers: 2, window: 2)
            let jobs = CountingJobs(jobs: (0..<10).map { Job.echo("\($0)") })
            var consumed = 0
            for await _ in pool.completions(jobs) {
                consumed += 1
                try await Task.sleep(for: .milliseconds(10))
                #expect(jobs.pulled.count <= consumed + 2)
            }
            #expect(consumed == 10)
            await pool.shutdown()
        }

        @Test func aFailedJobIsAnElementNotTheEnd() async throws {
            let pool = try TestWorker.pool()
            let outcomes = await collect(pool.map([Job.echo("a"), Job.fail("boom"), Job.echo("c")]))
            #expect(outcomes.count == 3)
            #expect(outcomes[0].result.text == "a")
            #expect(outcomes[1].result.error == .jobFailed(message: "boom"))
            #expect(outcomes[2].result.text == "c")
            await pool.shutdown()
        }

        @Test func oneHundredThousandNoOpJobs() async throws {
            let pool = try TestWorker.pool(workers: 2)
            let count = 100_000
            struct Jobs: Sequence, Sendable {
                let count: Int
                func makeIterator() -> AnyIterator<[UInt8]> {
                    var i = 0
                    return AnyIterator {
                        guard i < count else { return nil }
                        defer { i += 1 }
                        return [UInt8(ascii: "E"), UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8)]
                    }
                }
            }
            var expected = 0
            var wrong = 0
            for await outcome in pool.map(Jobs(count: count)) {
                let bytes = try? outcome.result.get()
                if outcome.index != expected
                    || bytes != [UInt8(truncatingIfNeeded: expected), UInt8(truncatingIfNeeded: expected >> 8)]
                {
                    wrong += 1
                }
                expected += 1
            }
            #expect(expected == count)
            #expect(wrong == 0)
            await pool.shutdown()
        }

        @Test func largePayloadsBothWaysAtOnce() async throws {
            // One worker with a job prefetched: the parent writes an 8 MB job while the worker writes an 8 MB result.
            let pool = try TestWorker.pool(workers: 1, prefetch: 1)
            let size = 8 << 20
            var generator = SystemRandomNumberGenerator()
            let big = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let outcomes = await collect(pool.map([Job.large(size), Job.echo(big), Job.large(3)]))
            #expect(try outcomes[0].result.get() == Job.largePattern(size))
            #expect(try outcomes[1].result.get() == big)
            #expect(try outcomes[2].result.get() == [0, 1, 2])
            await pool.shutdown()
        }

        @Test func messagesOverTheLimitAreRefused() async throws {
            let pool = try TestWorker.pool(workers: 1, maxMessageBytes: 1000)
            let pid = try await pool.submit(Job.pid).result()
            let tooBigJob = pool.submit(Job.echo([UInt8](repeating: 7, count: 2000))).resultIfDone
            #expect(tooBigJob?.error == .messageTooLarge(bytes: 2001, limit: 1000))
            // A result over the limit: the header is refused, the worker replaced.
            let tooBigResult = await collect(pool.map([Job.large(5000)]))
            guard case .protocolViolation(let what)? = tooBigResult.first?.result.error else {
                Issue.record("expected a protocol violation, got \(String(describing: tooBigResult.first?.result))")
                return
            }
            #expect(what.contains("5000"))
            let newPID = try await pool.submit(Job.pid).result()
            #expect(newPID != pid)
            #expect(try await pool.submit(Job.echo("fine")).result() == Array("fine".utf8))
            await pool.shutdown()
        }
    }
}
