import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Nothing lost silently, end to end with the built binary (docs/reliability.md lists each with its test): a folder
/// that cannot be read, a failed input with several copies, damaged but decodable inputs, the report and the failed
/// list written as rows complete (and a write error that stops the run), an output folder that cannot be written,
/// and option values or pipeline files that once trapped the tool.
@Suite struct PromiseTests {
    /// Whether a run as another user is possible: as root with setpriv (then the run drops to nobody, for whom
    /// mode bits hold), or not root (the mode bits already hold).
    static let canRunUnprivileged: Bool = geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// Runs augment as nobody when root (`setpriv`), as this user otherwise.
    static func runUnprivileged(_ arguments: [String]) throws -> CLI.Result {
        if geteuid() != 0 { return try CLI.run(arguments) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", CLI.binary] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    /// A scratch folder everybody may write (for runs as nobody).
    static func openScratch(_ name: String = #function) throws -> String {
        let dir = try CLI.scratch(name)
        chmod(dir, 0o777)
        return dir
    }

    // MARK: folders

    /// A subfolder that cannot be listed (mode 0700, owned by root, the run as nobody) is a failed row naming the
    /// folder and the cause, a line of the failed list, counted in the summary, exit 1; the rest of the run goes on.
    @Test(.enabled(if: canRunUnprivileged, "needs setpriv as root, or a non-root user"))
    func unreadableFolderIsAFailedRowNotASilentSkip() throws {
        let dir = try Self.openScratch()
        let input = dir + "/in"
        try CLI.copy("images/testorig.jpg", to: input + "/a/one.jpg")
        try CLI.copy("images/testorig.jpg", to: input + "/b/two.jpg")
        try CLI.copy("images/testorig.jpg", to: input + "/c/three.jpg")
        for folder in [input, input + "/a", input + "/c"] { chmod(folder, 0o755) }
        if geteuid() == 0 { chown(input + "/b", 0, 0) }
        chmod(input + "/b", geteuid() == 0 ? 0o700 : 0)
        defer { chmod(input + "/b", 0o755) }
        let r = try Self.runUnprivileged([input, "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl",
                                          "--failed", dir + "/f.txt"])
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.count == 3)
        let folderRow = rows.first { ($0["input"] as? String) == input + "/b" }
        #expect(folderRow?["status"] as? String == "failed")
        let folderError = (folderRow?["error"] as? String) ?? ""
        #expect(folderError.contains("Permission denied"), "\(String(describing: folderRow))")
        #expect(folderRow?["output"] is NSNull)
        // Input order: a/one.jpg, the folder b, c/three.jpg.
        #expect(rows.map { ($0["input"] as? String ?? "").replacingOccurrences(of: input + "/", with: "") }
                == ["a/one.jpg", "b", "c/three.jpg"])
        #expect(try String(contentsOfFile: dir + "/f.txt", encoding: .utf8) == input + "/b\n")
        #expect(r.stderr.contains("ok 2, failed 1"), "\(r.stderr)")
        #expect(r.stderr.contains(input + "/b: cannot read the folder: Permission denied"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/c/three.jpg"))
    }

    /// An unreadable input root is reported the same way.
    @Test(.enabled(if: canRunUnprivileged, "needs setpriv as root, or a non-root user"))
    func unreadableInputRootIsAFailedRow() throws {
        let dir = try Self.openScratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/locked/x.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/open/y.jpg")
        chmod(dir + "/open", 0o755)
        chmod(dir + "/locked", geteuid() == 0 ? 0o700 : 0)
        defer { chmod(dir + "/locked", 0o755) }
        let r = try Self.runUnprivileged([dir + "/locked", dir + "/open", "-o", dir + "/out", "--op", "rot90"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(dir + "/locked: cannot read the folder"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/y.jpg"))
    }

    // MARK: failed list

    /// With `--copies 3`, a bad input is one line of the failed list and one line on standard error; the report
    /// has a row per copy.
    @Test func failedListNamesEachInputOnce() throws {
        let dir = try CLI.scratch()
        try CLI.copy("bad/truncated_50pct.jpg", to: dir + "/in/bad.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/in/good.jpg")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--copies", "3", "--op", "rot90", "--report",
                             dir + "/r.jsonl", "--failed", dir + "/f.txt"])
        #expect(r.status == 1)
        #expect(try String(contentsOfFile: dir + "/f.txt", encoding: .utf8) == dir + "/in/bad.jpg\n")
        #expect(r.stderr.components(separatedBy: dir + "/in/bad.jpg:").count == 2, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.filter { $0["status"] as? String == "failed" }.count == 3)
        #expect(r.stderr.contains("ok 3, failed 3"), "\(r.stderr)")
    }

    /// More copies than one job makes (16): every copy comes out, named and sampled as one job would.
    @Test func manyCopiesAreSplitIntoJobsWithTheSameOutputs() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("images/basn6a08.png")
        let ops = ["--op", "rotate=-30..30,resample=bilinear", "--op", "flip=h,p=0.5"]
        let r = try CLI.run([input, "-o", dir + "/out", "--copies", "40", "-j", "2", "--report", dir + "/r.jsonl"] + ops)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.map { $0["copy"] as? Int } == Array(0..<40))
        let tree = CLI.tree(dir + "/out")
        #expect(tree.keys.sorted() == (0..<40).map { "basn6a08_\($0).png" }.sorted())
        // One worker, the jobs in another interleaving: the same bytes.
        let one = try CLI.run([input, "-o", dir + "/one", "--copies", "40", "-j", "1"] + ops)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(CLI.tree(dir + "/one") == tree)
        #expect(Set(tree.values).count > 20, "the copies are sampled apart")
    }

    // MARK: damaged inputs

    /// A decodable file with recoverable damage is ok with a `warnings` field, counted as damaged, named on
    /// standard error; `--strict` fails it (exit 1) and writes no output for it.
    @Test func damagedInputsAreReportedAndStrictFailsThem() throws {
        let dir = try CLI.scratch()
        try CLI.copy("bad/corrupt_entropy.jpg", to: dir + "/in/damaged.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/in/clean.jpg")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "rot90", "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let damaged = try #require(rows.first { ($0["input"] as? String ?? "").hasSuffix("damaged.jpg") })
        #expect(damaged["status"] as? String == "ok")
        let warnings = damaged["warnings"] as? [String: Any]
        #expect((warnings?["count"] as? Int ?? 0) >= 1)
        #expect((warnings?["first"] as? String ?? "").contains("Corrupt JPEG data"), "\(String(describing: warnings))")
        #expect(rows.first { ($0["input"] as? String ?? "").hasSuffix("clean.jpg") }?["warnings"] is NSNull)
        #expect(r.stderr.contains("damaged 1"), "\(r.stderr)")
        #expect(r.stderr.contains("warning: \(dir)/in/damaged.jpg: damaged"), "\(r.stderr)")

        let strict = try CLI.run([dir + "/in", "-o", dir + "/strict", "--op", "rot90", "--strict", "--failed",
                                  dir + "/f.txt"])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(try String(contentsOfFile: dir + "/f.txt", encoding: .utf8) == dir + "/in/damaged.jpg\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/strict/damaged.jpg"))
        #expect(FileManager.default.fileExists(atPath: dir + "/strict/clean.jpg"))
    }

    // MARK: report and failed list

    /// The report is written in place as rows complete: while a run is still working (a slow item at the end),
    /// the rows already due are in the file, each line whole; SIGKILL then leaves them there.
    @Test func killedRunLeavesTheRowsItFinished() throws {
        let dir = try CLI.scratch()
        for i in 0..<6 { try CLI.copy("images/testorig.jpg", to: dir + "/in/img\(i).jpg") }
        try CLI.copy("images/testorig.jpg", to: dir + "/in/zzz-hang.jpg")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = [dir + "/in", "-o", dir + "/out", "-j", "2", "--op", "rot90", "--report", dir + "/r.jsonl",
                       "--task-timeout", "600", "--quiet"]
        p.environment = ProcessInfo.processInfo.environment.merging(["AUGMENT_TEST_FAULT": "hang:zzz-hang"]) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        var lines: [Substring] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: dir + "/r.jsonl", encoding: .utf8)) ?? ""
            lines = text.split(separator: "\n")
            if lines.count >= 6 { break }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let text = try String(contentsOfFile: dir + "/r.jsonl", encoding: .utf8)
        #expect(text.hasSuffix("\n"), "each line whole")
        let rows = text.split(separator: "\n")
        #expect(rows.count == 6, "the six rows before the hung item, in the file while the run was alive")
        for row in rows { #expect((try? JSONSerialization.jsonObject(with: Data(row.utf8))) != nil, "\(row)") }
    }

    /// A report that cannot be written (/dev/full: ENOSPC on every write) ends the run with a message naming it,
    /// exit 3 (not 0, not the "some items failed" 1). The same for the failed list.
    @Test func reportWriteErrorStopsTheRun() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/a.jpg")
        try CLI.copy("bad/truncated_50pct.jpg", to: dir + "/in/b.jpg")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "rot90", "--report", "/dev/full"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write /dev/full: No space left on device"), "\(r.stderr)")
        let f = try CLI.run([dir + "/in", "-o", dir + "/out2", "--op", "rot90", "--failed", "/dev/full"])
        #expect(f.status == 3, "\(f.stderr)")
        #expect(f.stderr.contains("cannot write /dev/full"), "\(f.stderr)")
    }

    // MARK: output folder

    /// An output folder that cannot be written is one usage error before any work (exit 2, one message), not a
    /// failure per item.
    @Test(.enabled(if: canRunUnprivileged, "needs setpriv as root, or a non-root user"))
    func unwritableOutputFolderIsOneUsageError() throws {
        let dir = try Self.openScratch()
        for i in 0..<5 { try CLI.copy("images/testorig.jpg", to: dir + "/in/img\(i).jpg") }
        chmod(dir + "/in", 0o755)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        chmod(dir + "/out", 0o555)
        defer { chmod(dir + "/out", 0o755) }
        let r = try Self.runUnprivileged([dir + "/in", "-o", dir + "/out", "--op", "rot90"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write in the output folder \(dir)/out: Permission denied"), "\(r.stderr)")
        let nested = try Self.runUnprivileged([dir + "/in", "-o", dir + "/out/sub", "--op", "rot90"])
        #expect(nested.status == 2 && nested.stderr.contains("cannot create the output folder"), "\(nested.stderr)")
    }

    // MARK: values that once trapped

    /// Every numeric option has a range: beyond it, exit 2 with the range in the message (never a trap).
    @Test(arguments: [
        (["--task-timeout", "1e20"], "--task-timeout must be between 0.1 and 604800"),
        (["--task-timeout", "nan"], "--task-timeout must be between"),
        (["--copies", "1000000000"], "--copies must be between 1 and 10000"),
        (["--copies", "0"], "--copies must be between 1 and 10000"),
        (["-j", "100000"], "-j must be between 1 and 4096"),
        (["--retries", "1000"], "--retries must be between 0 and 100"),
        (["--max-pixels", "0"], "--max-pixels must be between 1 and 2147483648"),
        (["--quality", "101"], "--quality must be between 1 and 100"),
        (["--png-compression", "10"], "--png-compression must be between 0 and 9"),
        (["--shard", "1/99999999999"], "--shard '1/99999999999'"),
    ])
    func numericOptionsOutOfRangeAreUsageErrors(_ args: [String], _ message: String) throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), "-o", dir + "/out"] + args)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    /// `-j` beyond 8 workers per usable core is lowered to that, with a warning line; the run completes.
    @Test func hugeWorkerCountIsCappedWithAWarning() throws {
        let dir = try CLI.scratch()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        for i in 0..<40 { try Data(HardeningTests.tinyPNG).write(to: URL(fileURLWithPath: dir + "/in/t\(i).png")) }
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "-j", "4000", "--op", "rot90"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: -j 4000 is more than 8 workers per usable core"), "\(r.stderr)")
        #expect(CLI.tree(dir + "/out").count == 40)
    }

    /// A pipeline file gets the same checks as `--op` (the grammar and the JSON share one validation), and every
    /// mistake is one sentence naming the file, the op, the field and what it must be: never a trap or a
    /// `DecodingError` dump.
    @Test(arguments: [
        (#"{"ops":[{"op":"rotate","degrees":"x"}]}"#, "op 1 (rotate): 'degrees' must be a number"),
        (#"{"ops":[{"op":"flip","axis":"h"},{"op":"rotate","degrees":5,"center":{"x":1e100,"y":0}}]}"#,
         "op 2 (rotate): 'center' must be X:Y in pixels, each within [-1000000, 1000000], got 1e+100"),
        (#"{"ops":[{"op":"rotate","degrees":1e300,"crop":"inscribed"}]}"#, "'degrees' must be within [-3600, 3600]"),
        (#"{"ops":[{"op":"rotate","degrees":5,"fill":[300,0,0]}]}"#, "'fill' must be an array of 1 to 4 integers"),
        (#"{"ops":[{"op":"rotate","degrees":5,"p":2}]}"#, "'p' must be a probability in [0, 1], got 2"),
        (#"{"ops":[{"op":"rotate","degrees":5,"speed":2}]}"#, "op 1 (rotate): unknown key 'speed'"),
        (#"{"ops":[{"op":"spin"}]}"#, "'op' must be one of rotate, flip"),
        (#"{"ops":[{"op":"rotate""#, "not valid JSON"),
        (#"{"ops":[], "extra": 1}"#, "unknown key 'extra'"),
    ])
    func pipelineFileMistakesAreOneSentence(_ json: String, _ message: String) throws {
        let dir = try CLI.scratch()
        try json.write(toFile: dir + "/pipeline.json", atomically: true, encoding: .utf8)
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), "-o", dir + "/out", "--pipeline", dir + "/pipeline.json"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(dir + "/pipeline.json: "), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("DecodingError") && !r.stderr.contains("Fatal error"), "\(r.stderr)")
    }

    /// The same bounds through `--op`.
    @Test(arguments: ["rotate=5,center=1e100:0", "rotate=1e300,crop=inscribed", "rotate=5,p=nan",
                      "rotate=0|1e9", "rotate=-1e9..0,crop=inscribed"])
    func opGrammarSharesTheBounds(_ op: String) throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), "-o", dir + "/out", "--op", op])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("bad op '\(op)'"), "\(r.stderr)")
    }
}
