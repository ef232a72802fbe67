import Foundation
import ProcessProbe
import Testing

/// A crashed or hung worker costs one item (after its retry), never the batch; interrupts leave no
/// temporary file and a resumable tree.
@Suite(.serialized) struct FaultTests {
    static func dataset(_ dir: String, count: Int = 6) throws -> String {
        for i in 0..<count { try CLI.copy("images/testorig.jpg", to: dir + "/in/img\(i).jpg") }
        return dir + "/in"
    }

    @Test(arguments: ["crash", "exit"])
    func crashingWorkerFailsOnlyItsItem(_ kind: String) throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir)
        let r = try CLI.run([input, "-o", dir + "/out", "--op", "flip=h", "-j", "2", "--report", dir + "/r.jsonl"],
                            environment: ["AUGMENT_TEST_FAULT": "\(kind):img3"])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.count == 6)
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1 && (failed[0]["input"] as? String)?.hasSuffix("img3.jpg") == true)
        let reason = failed.first?["error"] as? String ?? ""
        #expect(kind == "crash" ? (reason.contains("SIGILL") || reason.contains("SIGTRAP") || reason.contains("signal"))
                                : reason.contains("exit"), "\(reason)")
        #expect(CLI.tree(dir + "/out").count == 5)
    }

    /// Small images go to the workers several to a job (``JobBundle``); a crash takes its whole bundle, and each
    /// of the bundle's items is then run alone: only the crashing one fails, the report keeps input order.
    @Test(arguments: ["crash", "exit"])
    func crashInABundleFailsOnlyItsItem(_ kind: String) throws {
        let dir = try CLI.scratch()
        for i in 0..<80 { try CLI.copy("images/basn2c16.png", to: dir + "/in/img\(String(format: "%02d", i)).png") }
        let bundles = dir + "/bundles.txt"
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "-j", "2", "--report", dir + "/r.jsonl"],
                            environment: ["AUGMENT_TEST_FAULT": "\(kind):img61", "AUGMENT_TEST_BUNDLES": bundles])
        #expect(r.status == 1, "\(r.stderr)")
        let sizes = ((try? String(contentsOfFile: bundles, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
        #expect(sizes.contains { $0 > 1 }, "bundles were sent: \(sizes)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.compactMap { $0["input"] as? String } == (0..<80).map { dir + "/in/img\(String(format: "%02d", $0)).png" })
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1 && (failed[0]["input"] as? String)?.hasSuffix("img61.png") == true, "\(failed)")
        #expect(CLI.tree(dir + "/out").count == 79)
        #expect(!CLI.tree(dir + "/out").keys.contains { $0.contains(".augment-tmp") })
    }

    /// A hang in a bundle times the bundle out; its items then run alone, and only the hung one times out again.
    @Test func hangInABundleTimesOutOnlyItsItem() throws {
        let dir = try CLI.scratch()
        for i in 0..<60 { try CLI.copy("images/basn2c16.png", to: dir + "/in/img\(String(format: "%02d", i)).png") }
        let bundles = dir + "/bundles.txt"
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "-j", "2", "--task-timeout", "1",
                             "--retries", "0", "--report", dir + "/r.jsonl"],
                            environment: ["AUGMENT_TEST_FAULT": "hang:img41", "AUGMENT_TEST_BUNDLES": bundles])
        #expect(r.status == 1, "\(r.stderr)")
        let sizes = ((try? String(contentsOfFile: bundles, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
        #expect(sizes.contains { $0 > 1 }, "bundles were sent: \(sizes)")
        let failed = try CLI.reportRows(dir + "/r.jsonl").filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1 && (failed.first?["input"] as? String)?.hasSuffix("img41.png") == true, "\(failed)")
        #expect((failed.first?["error"] as? String)?.lowercased().contains("time") == true, "\(failed)")
        #expect(CLI.tree(dir + "/out").count == 59)
    }

    @Test func hungWorkerTimesOutAndTheBatchGoesOn() throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 4)
        let r = try CLI.run([input, "-o", dir + "/out", "--op", "flip=h", "-j", "2", "--task-timeout", "1",
                             "--retries", "1", "--report", dir + "/r.jsonl"],
                            environment: ["AUGMENT_TEST_FAULT": "hang:img1"])
        #expect(r.status == 1)
        let failed = try CLI.reportRows(dir + "/r.jsonl").filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1)
        #expect((failed.first?["error"] as? String)?.lowercased().contains("time") == true, "\(failed)")
        #expect(CLI.tree(dir + "/out").count == 3)
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptStopsCleanlyAndSkipExistingCompletes(_ signal: Int32, _ expected: Int32) throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 40)
        let args = [input, "-o", dir + "/out", "--op", "rotate=-10..10,resample=bicubic", "--seed", "3", "-j", "2",
                    "--report", dir + "/r.jsonl"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = args
        process.standardError = FileHandle.nullDevice
        // Slow every item a little so that the signal lands mid-batch.
        process.environment = ProcessInfo.processInfo.environment.merging(["AUGMENT_TEST_FAULT": "slow:img"]) { $1 }
        try process.run()
        // For a second, note every worker the parent has (a replaced worker too), then signal the parent.
        var workers = Set<pid_t>()
        let until = Date().addingTimeInterval(1.0)
        while Date() < until {
            workers.formUnion(ProcessProbe.children(of: process.processIdentifier))
            usleep(10_000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(workers.count >= 2, "the workers were seen at work: \(workers.sorted())")
        #expect(process.terminationStatus == expected)
        let tree = CLI.tree(dir + "/out")
        #expect(!tree.keys.contains { $0.contains(".augment-tmp") }, "no temporary file remains")
        #expect(tree.count < 40, "the run was interrupted")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.allSatisfy { $0["status"] as? String == "ok" })
        #expect(rows.count == tree.count, "the report covers what finished")
        // No worker survives the parent: each one seen is gone (not even a zombie) soon after the parent exits.
        let survivors = { workers.filter(ProcessProbe.alive).sorted() }
        #expect(ProcessProbe.waitUntil(5) { survivors().isEmpty }, "workers \(survivors()) outlived the parent")
        let resume = try CLI.run(Array(args.dropLast(2)) + ["--skip-existing"])
        #expect(resume.status == 0)
        #expect(try CLI.run([input, "-o", dir + "/full", "--op", "rotate=-10..10,resample=bicubic", "--seed", "3"]).status == 0)
        #expect(CLI.tree(dir + "/out") == CLI.tree(dir + "/full"))
    }
}
