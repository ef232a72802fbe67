import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults from outside, end to end with the built binary (docs/reliability.md has the table): workers killed or
/// stopped mid-batch, the parent killed, the output folder turning read-only or full, a file size limit,
/// unreadable inputs, an input rewritten while it is read, 100,000 tiny files under a low descriptor limit, and
/// decompression bombs with their peak memory measured.
@Suite(.serialized) struct HardeningTests {
    // MARK: helpers

    /// `count` copies of testorig.jpg (227x149) as in/img<i>.jpg.
    static func dataset(_ dir: String, count: Int) throws -> String {
        for i in 0..<count { try CLI.copy("images/testorig.jpg", to: dir + "/in/img\(i).jpg") }
        return dir + "/in"
    }

    /// Starts augment without waiting; stdout and stderr go to files in `dir`.
    static func start(_ arguments: [String], in dir: String, environment: [String: String] = [:],
                      shell: String? = nil) throws -> Process {
        let p = Process()
        if let shell {
            // `shell` runs first (e.g. `ulimit -f 16`), then execs augment with the arguments.
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", CLI.binary] + arguments
        } else {
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = arguments
        }
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: dir + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: dir + "/stderr", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: dir + "/stdout")
        p.standardError = FileHandle(forWritingAtPath: dir + "/stderr")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func stderr(_ dir: String) -> String { (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? "" }

    static func outputCount(_ dir: String) -> Int {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.count
    }

    /// Hidden temporary files left anywhere under `dir`.
    static func temporaries(_ dir: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".augment-tmp") }
    }

    /// The visible files of `dir` (temporaries excluded), for comparing trees.
    static func visibleTree(_ dir: String) -> [String: Data] { CLI.tree(dir).filter { !$0.key.contains(".augment-tmp") } }

    /// Runs `body` while polling `process` and its children every few milliseconds with `probe`, until it exits.
    static func watch(_ process: Process, every micros: UInt32 = 5_000, _ probe: ([pid_t]) -> Void) {
        while process.isRunning {
            let parent = process.processIdentifier
            probe([parent] + ProcessProbe.children(of: parent))
            usleep(micros)
        }
        process.waitUntilExit()
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// Whether this process can mount a tmpfs (root, and mounting permitted: not so in every container). Tried
    /// once, on a scratch folder, before the tests that need it are run (their `.enabled(if:)` condition).
    static let canMountTmpfs: Bool = mountProbe(
        "mount -t tmpfs -o size=64k tmpfs \"$0\" && touch \"$0/probe\" && umount \"$0\"")

    /// Whether this process can make a read-only bind mount of a folder over itself (root, mounting permitted),
    /// and a write into it is then refused. Tried once on a scratch folder.
    static let canBindMountReadOnly: Bool = mountProbe(
        "mount --bind \"$0\" \"$0\" || exit 1; mount -o remount,bind,ro \"$0\" || { umount \"$0\"; exit 1; }; "
            + "if touch \"$0/probe\" 2>/dev/null; then umount \"$0\"; exit 1; fi; umount \"$0\"")

    /// Runs `script` (with $0 a fresh scratch folder) as root; whether it exits 0. Leaves nothing mounted.
    private static func mountProbe(_ script: String) -> Bool {
        guard isRoot else { return false }
        let dir = NSTemporaryDirectory() + "augment-mount-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil
        else { return false }
        defer {
            _ = sh("mountpoint -q '\(dir)' && umount '\(dir)'")
            try? FileManager.default.removeItem(atPath: dir)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script, dir]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Whether `outputFolderTurnsReadOnlyMidBatch` can make its output folder read-only: chmod 0555 when not
    /// root; a read-only bind mount as root (root ignores the mode bits), so only where mounting is permitted.
    static var canMakeAFolderReadOnly: Bool { !isRoot || canBindMountReadOnly }

    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The reference tree: the same job, uninterrupted.
    static func reference(_ input: String, _ dir: String, _ ops: [String]) throws -> [String: Data] {
        let r = try CLI.run([input, "-o", dir + "/ref", "-j", "2", "--quiet"] + ops)
        #expect(r.status == 0, "\(r.stderr)")
        return CLI.tree(dir + "/ref")
    }

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

    // MARK: output folder

    /// The output folder turns read-only mid-batch (a read-only bind mount as root, chmod 0555 otherwise): the
    /// remaining items fail with the system's reason, what was written is complete, no temporary file, exit 1.
    /// Skipped only as root where mounting is not permitted (root ignores the mode bits, so chmod proves nothing).
    @Test(.enabled(if: HardeningTests.canMakeAFolderReadOnly,
                   "as root the folder is made read-only by a bind mount, and mounting is not permitted here"))
    func outputFolderTurnsReadOnlyMidBatch() throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 24)
        let ops = ["--op", "flip=h"]
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let p = try Self.start([input, "-o", out, "-j", "2", "--report", dir + "/r.jsonl", "--failed", dir + "/f.txt"]
                               + ops, in: dir, environment: ["AUGMENT_TEST_FAULT": "slow:img"])
        #expect(ProcessProbe.waitUntil(20) { Self.outputCount(out) >= 3 })
        let mounted = Self.isRoot
        if mounted {
            let rc = Self.sh("mount --bind '\(out)' '\(out)' && mount -o remount,bind,ro '\(out)'")
            if rc != 0 { _ = Self.sh("mountpoint -q '\(out)' && umount '\(out)'") }
            try #require(rc == 0, "the read-only bind mount worked in the probe but not here")
        } else {
            try #require(chmod(out, 0o555) == 0)
        }
        defer { if mounted { _ = Self.sh("umount '\(out)'") } else { chmod(out, 0o755) } }
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "\(Self.stderr(dir))")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(rows.count == 24 && !failed.isEmpty)
        for row in failed {
            let error = row["error"] as? String ?? ""
            let reason = mounted ? "Read-only file system" : "Permission denied"
            #expect(error.contains(reason), "\(error)")
        }
        let failedList = try String(contentsOfFile: dir + "/f.txt", encoding: .utf8).split(separator: "\n")
        #expect(failedList.count == failed.count)
        #expect(Self.temporaries(out).isEmpty)
        let ref = try Self.reference(input, dir, ops)
        let tree = CLI.tree(out)
        #expect(tree.count == 24 - failed.count)
        for (name, bytes) in tree { #expect(ref[name] == bytes, "\(name) is complete") }
    }

    /// A full disk (a 96 KiB tmpfs; needs root and permission to mount, probed before the test): items that do not
    /// fit fail with "No space left on device", what fits is complete, no temporary file remains, exit 1.
    @Test(.enabled(if: HardeningTests.canMountTmpfs, "needs root with permission to mount a tmpfs"))
    func fullDiskFailsCleanly() throws {
        let dir = try CLI.scratch()
        let input = try Self.dataset(dir, count: 40)
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try #require(Self.sh("mount -t tmpfs -o size=96k tmpfs '\(out)'") == 0,
                     "mounting a tmpfs worked in the probe but not here")
        defer { _ = Self.sh("umount '\(out)'") }
        let ops = ["--op", "rot90"]
        let r = try CLI.run([input, "-o", out, "-j", "2", "--report", dir + "/r.jsonl"] + ops)
        #expect(r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(rows.count == 40 && !failed.isEmpty && failed.count < 40)
        for row in failed {
            #expect((row["error"] as? String ?? "").contains("No space left on device"), "\(row)")
        }
        #expect(Self.temporaries(out).isEmpty)
        let ref = try Self.reference(input, dir, ops)
        let tree = CLI.tree(out)
        #expect(tree.count == 40 - failed.count)
        for (name, bytes) in tree { #expect(ref[name] == bytes, "\(name) is complete") }
        print("fullDiskFailsCleanly: \(tree.count) outputs fitted, \(failed.count) failed with ENOSPC")
    }

    /// A file size limit (`ulimit -f`): outputs over it fail ("write error: File too large": workers ignore
    /// SIGXFSZ; before that fix a worker died mid-write and left its temporary), smaller ones succeed, no partial
    /// file.
    @Test func fileSizeLimitFailsOnlyTheLargeOutputs() throws {
        let dir = try CLI.scratch()
        for i in 0..<4 { try CLI.copy("images/testorig.jpg", to: dir + "/in/big\(i).jpg") }
        for i in 0..<4 { try Data(Self.tinyPNG).write(to: URL(fileURLWithPath: dir + "/in/tiny\(i).png")) }
        // PNG outputs of testorig are ~70 KB, the tiny ones 70 bytes; the limit is 16 KiB (bash: 1 KiB blocks).
        let p = try Self.start([dir + "/in", "-o", dir + "/out", "-j", "2", "--format", "png", "--op", "flip=h",
                                "--report", dir + "/r.jsonl"], in: dir, shell: "ulimit -f 16")
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "\(Self.stderr(dir))")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.count == 8)
        for row in rows {
            let big = (row["input"] as? String ?? "").contains("big")
            #expect((row["status"] as? String) == (big ? "failed" : "ok"), "\(row)")
            if big {
                let error = row["error"] as? String ?? ""
                #expect(error.contains("File too large") || error.contains("SIGXFSZ"), "\(error)")
            }
        }
        #expect(Self.temporaries(dir + "/out").isEmpty)
        #expect(Self.visibleTree(dir + "/out").keys.sorted() == (0..<4).map { "tiny\($0).png" })
    }

    // MARK: inputs

    /// Unreadable inputs: mode 000 (run as nobody when root), a dangling symlink, a FIFO and a folder named like
    /// images: each fails with its cause (no hang on the FIFO), the readable ones succeed, exit 1.
    @Test func unreadableInputsFailWithTheirCause() throws {
        let dir = try CLI.scratch()
        chmod(dir, 0o777)
        let input = dir + "/in"
        try CLI.copy("images/testorig.jpg", to: input + "/ok.jpg")
        try CLI.copy("images/testorig.jpg", to: input + "/secret.jpg")
        chmod(input + "/secret.jpg", 0)
        symlink(input + "/missing.png", input + "/dangling.png")
        mkfifo(input + "/fifo.png", 0o644)
        let named = [input + "/ok.jpg", input + "/secret.jpg", input + "/dangling.png", input + "/fifo.png"]
        let shell = Self.isRoot ? "exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \"$0\" \"$@\"; exit 127"
                                : nil
        let p = try Self.start(named + ["-o", dir + "/out", "-j", "2", "--op", "flip=h", "--report", dir + "/r.jsonl"],
                               in: dir, shell: shell)
        #expect(ProcessProbe.waitUntil(30) { !p.isRunning }, "no hang on the FIFO")
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "\(Self.stderr(dir))")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        func error(_ name: String) -> String {
            rows.first { ($0["input"] as? String ?? "").hasSuffix(name) }?["error"] as? String ?? "(no row)"
        }
        #expect(rows.count == 4)
        #expect(error("ok.jpg") == "(no row)" || rows.first { ($0["input"] as? String ?? "").hasSuffix("ok.jpg") }?["status"] as? String == "ok")
        #expect(error("secret.jpg").contains("Permission denied"), "\(error("secret.jpg"))")
        #expect(error("dangling.png").contains("No such file"), "\(error("dangling.png"))")
        #expect(error("fifo.png").contains("not a regular file"), "\(error("fifo.png"))")
        #expect(Self.temporaries(dir + "/out").isEmpty)
    }

    /// An input rewritten in place while it is read (truncated to a prefix, then rewritten whole, in a loop; 40
    /// hard links to it are the items): every item is either ok and byte-identical to the output of the whole
    /// file, or failed as truncated/empty/corrupt; never a crash.
    @Test func inputChangingSizeWhileReadIsNeverHalfProcessed() throws {
        let dir = try CLI.scratch()
        let whole = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("images/testorig.jpg")))
        let input = dir + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try whole.write(to: URL(fileURLWithPath: input + "/img0.jpg"))
        for i in 1..<40 { try FileManager.default.linkItem(atPath: input + "/img0.jpg", toPath: input + "/img\(i).jpg") }
        let ops = ["--op", "rotate=-10..10", "--seed", "9"]
        let ref = try Self.reference(input, dir, ops)
        let stop = StopFlag()
        let path = input + "/img0.jpg"
        let writer = Thread {
            let bytes = [UInt8](whole)
            var n = 0
            while !stop.isSet {
                let fd = open(path, O_WRONLY)
                if fd < 0 { break }
                // Always a prefix of the whole file: truncate, then write it back in two halves.
                ftruncate(fd, off_t([0, bytes.count / 2, bytes.count - 1][n % 3]))
                lseek(fd, 0, SEEK_SET)
                bytes.withUnsafeBytes { b in
                    _ = write(fd, b.baseAddress!, bytes.count / 2)
                    usleep(200)
                    _ = write(fd, b.baseAddress! + bytes.count / 2, bytes.count - bytes.count / 2)
                }
                close(fd)
                n += 1
            }
        }
        writer.start()
        let r = try CLI.run([input, "-o", dir + "/out", "-j", "2", "--report", dir + "/r.jsonl"] + ops)
        stop.set()
        Thread.sleep(forTimeInterval: 0.05)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.count == 40)
        for row in rows where row["status"] as? String == "failed" {
            let error = row["error"] as? String ?? ""
            #expect(error.contains("premature end") || error.contains("empty file") || error.contains("JPEG: "),
                    "\(error)")
            #expect(!error.contains("signal") && !error.contains("SIG"), "\(error)")
        }
        let tree = CLI.tree(dir + "/out")
        #expect(tree.count == rows.filter { $0["status"] as? String == "ok" }.count)
        for (name, bytes) in tree { #expect(ref[name] == bytes, "\(name) is the output of the whole file") }
    }

    /// 1x1 gray PNG, 67 bytes.
    static let tinyPNG: [UInt8] = [
        137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 58, 126,
        155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 218, 99, 104, 0, 0, 0, 130, 0, 129, 218, 69, 8, 59, 0, 0, 0, 0, 73,
        69, 78, 68, 174, 66, 96, 130,
    ]

    /// Many tiny files under `ulimit -n 64`: every output comes out (a descriptor leaked per item would exhaust
    /// the limit within the first 64 items), and the descriptors open in the parent and the workers, sampled
    /// through the run, stay flat.
    @Test func manyTinyFilesLeakNoDescriptor() throws {
        let count = Self.tinyFileCount
        let dir = try CLI.scratch()
        let input = dir + "/in"
        let start = Date()
        for folder in 0..<(count / 1000) {
            let sub = input + "/d\(folder)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            for i in 0..<1000 {
                let fd = open(sub + "/t\(i).png", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                Self.tinyPNG.withUnsafeBytes { _ = write(fd, $0.baseAddress!, $0.count) }
                close(fd)
            }
        }
        let created = Date().timeIntervalSince(start)
        let p = try Self.start([input, "-o", dir + "/out", "-j", "2", "--op", "flip=h", "--quiet"], in: dir,
                               shell: "ulimit -n 64")
        var maxParent = 0, maxWorker = 0
        Self.watch(p, every: 20_000) { pids in
            maxParent = max(maxParent, ProcessProbe.openDescriptors(pids[0]))
            for w in pids.dropFirst() { maxWorker = max(maxWorker, ProcessProbe.openDescriptors(w)) }
        }
        let elapsed = Date().timeIntervalSince(start) - created
        #expect(p.terminationStatus == 0, "\(Self.stderr(dir))")
        #expect(Self.outputCount(dir + "/out") == count + count / 1000, "every file and its folder")
        #expect(maxParent > 0 && maxParent <= 32 && maxWorker <= 16, "descriptors: parent \(maxParent), worker \(maxWorker)")
        print("manyTinyFiles: \(count) files created in \(String(format: "%.1f", created)) s, processed in "
              + "\(String(format: "%.1f", elapsed)) s; peak descriptors parent \(maxParent), worker \(maxWorker)")
    }

    /// The parent's peak memory does not grow with the number of inputs: 15,000 tiny files in one folder against
    /// 1,000, the parent's VmHWM sampled through each run, with a report. Holding ~190 bytes per input (as the
    /// whole-plan parent did) would add 2.7 MiB; the streaming walk keeps one listing (~25 bytes a name).
    @Test func parentMemoryStaysFlatWithTheNumberOfInputs() throws {
        let dir = try CLI.scratch()
        func peakParent(_ count: Int) throws -> Int {
            let input = dir + "/in\(count)"
            try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
            for i in 0..<count {
                let fd = open(input + "/tiny_image_\(i).png", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                Self.tinyPNG.withUnsafeBytes { _ = write(fd, $0.baseAddress!, $0.count) }
                close(fd)
            }
            let p = try Self.start([input, "-o", dir + "/out\(count)", "-j", "2", "--op", "flip=h", "--quiet",
                                    "--report", dir + "/report\(count).jsonl"], in: dir)
            var peak = 0
            Self.watch(p, every: 10_000) { pids in peak = max(peak, ProcessProbe.peakRSS(pids[0])) }
            #expect(p.terminationStatus == 0, "\(Self.stderr(dir))")
            #expect(try CLI.reportRows(dir + "/report\(count).jsonl").count == count)
            return peak
        }
        let small = try peakParent(1_000)
        let large = try peakParent(15_000)
        print("parentMemory: peak RSS \(small) KiB at 1,000 inputs, \(large) KiB at 15,000")
        #expect(small > 0 && large - small < 1536, "parent peak RSS \(small) KiB -> \(large) KiB")
    }

    /// 20,000 by default (about 12 s here; 100,000 took 59 s with a debug build on 2 shared cores, too long
    /// for the suite); AUGMENT_TINY_FILES=100000 runs the issue's full count (a multiple of 1000).
    static let tinyFileCount: Int = {
        if let v = ProcessInfo.processInfo.environment["AUGMENT_TINY_FILES"], let n = Int(v), n >= 1000 { return n }
        return 20_000
    }()

    // MARK: op strings

    /// An op string must never crash a worker. Found by the op fuzzer (docs/reliability.md, bug 3):
    /// `rotate=45,center=1e100:0,expand=true` used to parse, then trap converting the canvas size to Int. The
    /// parser now bounds `center` (a usage error, exit 2); a canvas over --max-pixels would fail its item.
    @Test func opStringThatParsesNeverCrashesAWorker() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/img.jpg")
        for op in ["rotate=45,center=1e100:0,expand=true", "rotate=45,center=1e100:0,crop=inscribed"] {
            let r = try CLI.run([dir + "/in", "-o", dir + "/out", "-j", "1", "--retries", "0", "--op", op])
            #expect(r.status == 2 && r.stderr.contains("center"), "\(op): exit \(r.status), \(r.stderr)")
        }
        let far = try CLI.run([dir + "/in", "-o", dir + "/out", "-j", "1", "--retries", "0", "--report", dir + "/r.jsonl",
                               "--op", "rotate=45,center=900000:0,expand=true"])
        let error = try CLI.reportRows(dir + "/r.jsonl").first?["error"] as? String
        // The expanded canvas does not depend on the centre (as Pillow): a far centre is just a far translation.
        #expect(far.status == 0, "exit \(far.status), \(error ?? "no error")")
    }

    // MARK: decompression bombs

    /// Bombs of every kind, one run with -j 1, the peak resident memory of the parent and the worker sampled
    /// every 2 ms: refused at the header (100000x100000 PNG, 65500x65500 JPEG, a 144 Mpixel PNG over
    /// --max-pixels), a chunk claiming 1.9 GB in a 1 KB file (refused before any allocation), a 30 MB zTXt
    /// (not inflated), and a 2 KB PNG of 16 Mpixel that is allowed and decoded. Peak RSS stays under 200 MiB.
    @Test func decompressionBombsStayUnderAMemoryBound() throws {
        let dir = try CLI.scratch()
        let bombs = ["bomb_100000x100000.png", "sof_65500x65500.jpg", "bomb_png_12000x12000_1bit.png",
                     "itxt_length_2GB.png", "ztxt_bomb_30MB.png", "bomb_png_4000x4000_1bit.png"]
        for b in bombs { try CLI.copy("bad/" + b, to: dir + "/in/" + b) }
        let p = try Self.start([dir + "/in", "-o", dir + "/out", "-j", "1", "--max-pixels", "100000000", "--op", "rot90",
                                "--report", dir + "/r.jsonl"], in: dir)
        var peak: [pid_t: Int] = [:]
        Self.watch(p, every: 2_000) { pids in
            for pid in pids { peak[pid] = max(peak[pid] ?? 0, ProcessProbe.peakRSS(pid)) }
        }
        #expect(p.terminationStatus == 1)
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        func row(_ name: String) -> [String: Any] { rows.first { ($0["input"] as? String ?? "").hasSuffix(name) } ?? [:] }
        for name in ["bomb_100000x100000.png", "sof_65500x65500.jpg", "bomb_png_12000x12000_1bit.png"] {
            #expect((row(name)["error"] as? String ?? "").contains("over the limit"), "\(name): \(row(name))")
        }
        #expect((row("itxt_length_2GB.png")["error"] as? String ?? "").contains("chunk claims"))
        #expect(row("ztxt_bomb_30MB.png")["status"] as? String == "ok")
        #expect(row("bomb_png_4000x4000_1bit.png")["status"] as? String == "ok")
        let worst = peak.values.max() ?? 0
        #expect(worst > 0 && worst < 200 * 1024, "peak RSS \(worst) KiB: \(peak)")
        print("decompressionBombs: peak RSS per process (KiB): \(peak.sorted { $0.key < $1.key }.map(\.value))")
    }
}

/// A flag set by the test and polled by its writer thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
