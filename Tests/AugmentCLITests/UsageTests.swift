import Foundation
import Testing

/// Usage and configuration errors: exit 2 before any work, with a message naming the cause.
@Suite struct UsageTests {
    @Test func malformedOpIsAUsageErrorNamingTheOp() throws {
        let dir = try CLI.scratch()
        for op in ["rotate=abc", "spin=3", "flip=x", "rotate=10,resample=cubic", "rotate=45,p=2"] {
            let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--op", op])
            #expect(r.status == 2, "\(op): \(r.stderr)")
            #expect(r.stderr.contains(op.split(separator: ",").first.map(String.init) ?? op), "\(op): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        }
    }

    @Test func helpExitsZero() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0 && r.stdout.contains("--shard"), "\(r.stderr)")
    }

    @Test func unknownOptionAndMissingOutputAreUsageErrors() throws {
        #expect(try CLI.run([CLI.fixture("images"), "--bogus"]).status == 2)
        #expect(try CLI.run([CLI.fixture("images")]).status == 2)
        let missing = try CLI.run(["/nonexistent/dir", "-o", "/tmp/x"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/dir"))
    }

    @Test func outputInsideInputTreeIsRefused() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/a.jpg")
        let r = try CLI.run([dir + "/in", "-o", dir + "/in/out", "--op", "flip=h"])
        #expect(r.status == 2 && r.stderr.contains("inside the input tree"), "\(r.stderr)")
        let same = try CLI.run([dir + "/in", "-o", dir + "/in", "--op", "flip=h"])
        #expect(same.status == 2)
        let file = try CLI.run([dir + "/in/a.jpg", "-o", dir + "/in", "--op", "flip=h"])
        #expect(file.status == 2 && file.stderr.contains("is an input"), "\(file.stderr)")
        #expect(CLI.tree(dir + "/in").keys.sorted() == ["a.jpg"])
    }

    @Test func twoInputsWritingTheSameOutputAreRefusedNamingBoth() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/one/pic.jpg")
        try CLI.copy("images/pillow_gray.jpg", to: dir + "/two/pic.jpg")
        let r = try CLI.run([dir + "/one", dir + "/two", "-o", dir + "/out", "--op", "flip=h"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(dir + "/one/pic.jpg") && r.stderr.contains(dir + "/two/pic.jpg"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func shardAutoOutsideSlurmNamesTheVariables() throws {
        let dir = try CLI.scratch()
        var env = ProcessInfo.processInfo.environment
        for k in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"] {
            env.removeValue(forKey: k)
        }
        let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--shard", "auto"], environment: [:])
        #expect(r.status == 2)
        #expect(r.stderr.contains("SLURM_ARRAY_TASK_ID") && r.stderr.contains("SLURM_ARRAY_TASK_COUNT"), "\(r.stderr)")
        let bad = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--shard", "auto"],
                              environment: ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "0",
                                            "SLURM_ARRAY_TASK_COUNT": "4"])
        #expect(bad.status == 2)
        let k8s = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--shard", "auto/3"])
        #expect(k8s.status == 2 && k8s.stderr.contains("JOB_COMPLETION_INDEX"))
        #expect(try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--shard", "3/3"]).status == 2)
    }

    @Test func dryRunPrintsThePlanAndWritesNothing() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/out", "--op", "rotate=-10..10", "--op", "flip=h,p=0.5",
                             "--dry-run", "--copies", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pipeline:") && r.stdout.contains("testorig_1.jpg"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}
