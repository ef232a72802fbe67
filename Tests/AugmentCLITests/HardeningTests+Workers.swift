import Foundation
import ProcessProbe
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Workers killed, stopped or hung mid-batch, and the parent killed: nothing lost, no worker left behind.
extension HardeningTests {
    // MARK: workers

    /// SIGKILL or SIGSTOP of a worker mid-batch: the item is retried on a fresh worker, every output comes out,
    /// byte-identical to an undisturbed run, exit 0.
    @Test(arguments: [SIGKILL, SIGSTOP])
    func workerKilledOrStoppedMidBatchLosesNothing(_ signal: Int32) throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 24)
        let ops = ["--op", "rotate=-10..10,resample=bilinear", "--seed", "5"]
        let p = try Self.start([input, "-o", dir + "/out", "-j", "2", "--task-timeout", "2", "--report",
                                dir + "/r.jsonl"] + ops, in: dir, environment: ["AUGMENT_TEST_FAULT": "slow:img"])
        var workers: [pid_t] = []
        #expect(ProcessProbe.waitUntil(20) {
            workers = ProcessProbe.children(of: p.processIdentifier)
            return workers.count == 2 && Self.outputCount(dir + "/out") >= 2
        }, "two workers at work")
        let victim = try #require(workers.first)
        kill(victim, signal)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(Self.stderr(dir))")
        #expect(!ProcessProbe.alive(victim), "the stopped or killed worker is gone")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.count == 24 && rows.allSatisfy { $0["status"] as? String == "ok" }, "\(rows)")
        #expect(Self.temporaries(dir + "/out").isEmpty)
        #expect(CLI.tree(dir + "/out") == (try Self.reference(input, dir, ops)))
    }

    // MARK: parent

    /// SIGKILL of the parent: no worker survives it, even workers stuck in an item (hang) that never read their
    /// pipe again (PR_SET_PDEATHSIG).
    @Test func parentKilledLeavesNoWorker() throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 6)
        let p = try Self.start([input, "-o", dir + "/out", "--op", "flip=h", "-j", "2"], in: dir,
                               environment: ["AUGMENT_TEST_FAULT": "hang:img"])
        var workers: [pid_t] = []
        #expect(ProcessProbe.waitUntil(20) {
            workers = ProcessProbe.children(of: p.processIdentifier)
            return workers.count == 2
        })
        usleep(200_000)  // both inside their (hung) item
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(ProcessProbe.waitUntil(5) { !workers.contains(where: ProcessProbe.alive) },
                "workers \(workers) outlived the parent")
    }

    /// SIGKILL of the parent mid-write, then the same command with --skip-existing: the visible tree is identical
    /// to an uninterrupted run (a half-written output is never visible: it can only be a hidden temporary).
    @Test func parentKilledMidBatchThenSkipExistingCompletes() throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 30)
        let ops = ["--op", "rotate=-10..10,resample=bicubic", "--seed", "3"]
        let args = [input, "-o", dir + "/out", "-j", "2"] + ops
        let p = try Self.start(args, in: dir, environment: ["AUGMENT_TEST_FAULT": "slow:img"])
        var workers: [pid_t] = []
        #expect(ProcessProbe.waitUntil(20) {
            workers = ProcessProbe.children(of: p.processIdentifier)
            return workers.count == 2 && Self.outputCount(dir + "/out") >= 4
        })
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(ProcessProbe.waitUntil(5) { !workers.contains(where: ProcessProbe.alive) },
                "workers \(workers) outlived the parent")
        let partial = Self.outputCount(dir + "/out")
        #expect(partial < 30, "the run was interrupted")
        let resume = try CLI.run(args + ["--skip-existing", "--quiet"])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(Self.visibleTree(dir + "/out") == (try Self.reference(input, dir, ops)))
    }
}
