import Foundation
import ProcessProbe
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Op strings that parse never crash a worker; decompression bombs stay under a memory bound.
extension HardeningTests {
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
