import Foundation
import Testing

/// Byte-identical outputs whatever -j, --shard or the order of completion; --copies, --skip-existing and
/// --from-list complete a set exactly as one run would.
@Suite struct DeterminismTests {
    static let randomOps = ["--op", "rotate=-20..20,resample=bilinear", "--op", "flip=h,p=0.5", "--seed", "7"]

    /// Report rows without the timing.
    static func rowsWithoutTime(_ path: String, outputRoot: String) throws -> [String] {
        try CLI.reportRows(path).map { row in
            var r = row
            r.removeValue(forKey: "ms")
            // Compare outputs relative to their run's output folder.
            r["output"] = (r["output"] as? String)?.replacingOccurrences(of: outputRoot, with: "OUT")
            return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    @Test func workersAndShardsGiveIdenticalBytes() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("images")
        #expect(try CLI.run([input, "-o", dir + "/one"] + Self.randomOps + ["-j", "1", "--report", dir + "/one.jsonl"]).status == 0)
        #expect(try CLI.run([input, "-o", dir + "/two"] + Self.randomOps + ["-j", "2", "--report", dir + "/two.jsonl"]).status == 0)
        var shardRows: [String] = []
        for i in 0..<3 {
            let r = try CLI.run([input, "-o", dir + "/sharded"] + Self.randomOps + ["--shard", "\(i)/3", "--report", dir + "/s\(i).jsonl"])
            #expect(r.status == 0, "\(r.stderr)")
            shardRows += try Self.rowsWithoutTime(dir + "/s\(i).jsonl", outputRoot: dir + "/sharded")
        }
        let one = CLI.tree(dir + "/one")
        #expect(one.count == CLI.tree(input).count)
        #expect(CLI.tree(dir + "/two") == one)
        #expect(CLI.tree(dir + "/sharded") == one)
        let single = try Self.rowsWithoutTime(dir + "/one.jsonl", outputRoot: dir + "/one")
        #expect(try Self.rowsWithoutTime(dir + "/two.jsonl", outputRoot: dir + "/two") == single)
        #expect(Set(shardRows) == Set(single) && shardRows.count == single.count)
        // The random pipeline really is random: not every image got the same parameters.
        #expect(Set(try CLI.reportRows(dir + "/one.jsonl").map { "\($0["params"]!)" }).count > 3)
    }

    @Test func sameDatasetInAnotherFolderGivesSameOutputs() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/a/sub/x.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/elsewhere/deeper/sub/x.jpg")
        #expect(try CLI.run([dir + "/a", "-o", dir + "/o1"] + Self.randomOps).status == 0)
        #expect(try CLI.run([dir + "/elsewhere/deeper", "-o", dir + "/o2"] + Self.randomOps).status == 0)
        #expect(CLI.tree(dir + "/o1") == CLI.tree(dir + "/o2"))
    }

    @Test func copiesAreNamedAndDiffer() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), "-o", dir, "--copies", "3", "--report", dir + "/r.jsonl"]
                            + Self.randomOps)
        #expect(r.status == 0, "\(r.stderr)")
        let outs = CLI.tree(dir).keys.filter { $0.hasSuffix(".jpg") }.sorted()
        #expect(outs == ["testorig_0.jpg", "testorig_1.jpg", "testorig_2.jpg"])
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.map { $0["copy"] as? Int } == [0, 1, 2])
        #expect(Set(rows.map { "\($0["params"]!)" }).count == 3)
    }

    @Test func skipExistingCompletesTheSetIdentically() throws {
        let dir = try CLI.scratch()
        let input = CLI.fixture("images")
        #expect(try CLI.run([input, "-o", dir + "/full"] + Self.randomOps).status == 0)
        #expect(try CLI.run([input, "-o", dir + "/part"] + Self.randomOps).status == 0)
        // Lose some outputs, as an interrupted run would, then resume.
        for name in ["testorig.jpg", "basn6a08.png", "oriented/orient_3.jpg"] {
            try FileManager.default.removeItem(atPath: dir + "/part/" + name)
        }
        let r = try CLI.run([input, "-o", dir + "/part", "--skip-existing", "--report", dir + "/r.jsonl"] + Self.randomOps)
        #expect(r.status == 0)
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.filter { $0["status"] as? String == "ok" }.count == 3)
        #expect(rows.filter { $0["status"] as? String == "skipped" }.count == rows.count - 3)
        #expect(CLI.tree(dir + "/part") == CLI.tree(dir + "/full"))
    }

    @Test func failedListFeedsBackIntoFromList() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/sub/good.jpg")
        try CLI.copy("bad/truncated_50pct.jpg", to: dir + "/in/sub/bad.jpg")
        let first = try CLI.run([dir + "/in", "-o", dir + "/out", "--failed", dir + "/failed.txt"] + Self.randomOps)
        #expect(first.status == 1)
        #expect(try String(contentsOfFile: dir + "/failed.txt", encoding: .utf8) == dir + "/in/sub/bad.jpg\n")
        // Repair the file, retry exactly the failed items: same output place and parameters as a full run.
        try FileManager.default.removeItem(atPath: dir + "/in/sub/bad.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/in/sub/bad.jpg")
        let retry = try CLI.run([dir + "/in", "-o", dir + "/out", "--from-list", dir + "/failed.txt", "--report", dir + "/r.jsonl"]
                                + Self.randomOps)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try CLI.reportRows(dir + "/r.jsonl").count == 1)
        #expect(try CLI.run([dir + "/in", "-o", dir + "/fresh"] + Self.randomOps).status == 0)
        #expect(CLI.tree(dir + "/out") == CLI.tree(dir + "/fresh"))
        // The list can also come from standard input, NUL-separated.
        let list = Data((dir + "/in/sub/bad.jpg").utf8) + Data([0])
        let stdin = try CLI.run([dir + "/in", "-o", dir + "/again", "--from-list", "-", "--null"] + Self.randomOps, stdin: list)
        #expect(stdin.status == 0 && CLI.tree(dir + "/again").count == 1)
    }

    @Test func reportToStandardOutputStreamsRows() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images"), "-o", dir, "--report", "-", "--quiet"] + Self.randomOps)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == CLI.tree(CLI.fixture("images")).count)
        #expect(r.stderr.isEmpty, "--quiet prints nothing but errors: \(r.stderr)")
    }
}
