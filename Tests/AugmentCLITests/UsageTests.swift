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

    /// The test process's environment without any Slurm or Kubernetes Indexed Job variable: what `augment` sees
    /// outside a job array, even when the tests themselves run inside one.
    static let outsideAnyJob: [String: String] = ProcessInfo.processInfo.environment.filter {
        !$0.key.hasPrefix("SLURM_") && $0.key != "JOB_COMPLETION_INDEX"
    }

    @Test func shardAutoOutsideSlurmNamesTheVariables() throws {
        let dir = try CLI.scratch()
        let images = CLI.fixture("images")
        func run(_ shard: String, _ variables: [String: String], dryRun: Bool = false) throws -> CLI.Result {
            try CLI.run([images, "-o", dir + "/out", "--shard", shard] + (dryRun ? ["--dry-run"] : []),
                        environment: variables, replacingEnvironment: Self.outsideAnyJob)
        }
        // Outside any job: `auto` and `auto/N` are usage errors naming the variables they read.
        let r = try run("auto", [:])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("SLURM_ARRAY_TASK_ID") && r.stderr.contains("SLURM_ARRAY_TASK_COUNT"), "\(r.stderr)")
        let k8s = try run("auto/3", [:])
        #expect(k8s.status == 2, "\(k8s.stderr)")
        #expect(k8s.stderr.contains("JOB_COMPLETION_INDEX") && k8s.stderr.contains("SLURM_ARRAY_TASK_ID"), "\(k8s.stderr)")
        // A malformed index, and an explicit index out of range.
        let bad = try run("auto", ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(try run("3/3", [:]).status == 2)
        // A whole array 0-3: `auto` is task 1 of 4, the same items as --shard 1/4.
        let whole = try run("auto", ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3",
                                     "SLURM_ARRAY_TASK_COUNT": "4"], dryRun: true)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout == (try run("1/4", [:], dryRun: true)).stdout)
        // `auto/4` reads SLURM_ARRAY_TASK_ID alone (any part of an array): index 2 is --shard 2/4.
        let part = try run("auto/4", ["SLURM_ARRAY_TASK_ID": "2"], dryRun: true)
        #expect(part.status == 0, "\(part.stderr)")
        let explicit = try run("2/4", [:], dryRun: true)
        #expect(explicit.status == 0 && part.stdout == explicit.stdout, "\(part.stdout)\n---\n\(explicit.stdout)")
        #expect(part.stdout != whole.stdout, "shards 1/4 and 2/4 hold different items, so the index was read")
        // A resubmitted part of an array (index 5 alone) cannot tell N: `auto` refuses it and points to auto/N.
        let resubmitted = try run("auto", ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "5",
                                           "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_COUNT": "1"])
        #expect(resubmitted.status == 2, "\(resubmitted.stderr)")
        #expect(resubmitted.stderr.contains("auto/N"), "\(resubmitted.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "no usage error or dry run wrote anything")
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
