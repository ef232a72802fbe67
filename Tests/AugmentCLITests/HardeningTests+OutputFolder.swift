import Foundation
import ProcessProbe
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The output folder turning read-only or full mid-batch, and a file size limit: what fits is complete, no temporary file.
extension HardeningTests {
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
}
