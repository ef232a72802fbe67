import Foundation
import ProcessProbe
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Unreadable inputs, an input rewritten while it is read, many tiny files under a low descriptor limit, the parent's memory.
extension HardeningTests {
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
}
