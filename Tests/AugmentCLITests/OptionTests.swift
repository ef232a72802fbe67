import Foundation
import Testing

/// The remaining options of the contract: --pipeline, --include/--exclude, --verbose, --max-pixels.
@Suite struct OptionTests {
    @Test func pipelineFileGivesTheSameOutputsAsOps() throws {
        let dir = try CLI.scratch()
        let ops = ["--op", "rotate=-20..20,resample=bicubic,expand=true,fill=10:20:30", "--op", "flip=v,p=0.5", "--op", "rot90"]
        let dry = try CLI.run([CLI.fixture("images"), "-o", dir + "/x", "--dry-run"] + ops)
        #expect(dry.status == 0)
        let line = try #require(dry.stdout.split(separator: "\n").first { $0.hasPrefix("pipeline JSON: ") })
        try String(line.dropFirst("pipeline JSON: ".count)).write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        #expect(try CLI.run([CLI.fixture("images"), "-o", dir + "/a", "--seed", "5"] + ops).status == 0)
        let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/b", "--seed", "5", "--pipeline", dir + "/p.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CLI.tree(dir + "/a") == CLI.tree(dir + "/b") && !CLI.tree(dir + "/a").isEmpty)
        try "{ not json".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try CLI.run([CLI.fixture("images"), "-o", dir + "/c", "--pipeline", dir + "/bad.json"])
        #expect(bad.status == 2 && bad.stderr.contains("bad.json"))
    }

    @Test func includeAndExcludeGlobs() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images"), "-o", dir + "/png", "--include", "*.png", "--op", "flip=h"])
        #expect(r.status == 0)
        #expect(CLI.tree(dir + "/png").keys.allSatisfy { $0.hasSuffix(".png") } && CLI.tree(dir + "/png").count == 4)
        let e = try CLI.run([CLI.fixture("images"), "-o", dir + "/ex", "--exclude", "oriented/*", "--exclude", "*.png"])
        #expect(e.status == 0)
        #expect(CLI.tree(dir + "/ex").keys.sorted() == ["pillow_cmyk.jpg", "pillow_gray.jpg", "pillow_progressive.jpg",
                                                         "pillow_subsampling_420.jpg", "testorig.jpg"])
    }

    @Test func verbosePrintsALinePerItemInInputOrder() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images"), "-o", dir, "--verbose", "-j", "2", "--op", "flip=h"])
        #expect(r.status == 0)
        let items = r.stderr.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.split(separator: " ")[1]) }
        #expect(items.count == CLI.tree(CLI.fixture("images")).count)
        #expect(items == items.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    @Test func maxPixelsRefusesLargerImages() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run([CLI.fixture("images/testorig.jpg"), CLI.fixture("images/basn6a08.png"), "-o", dir,
                             "--max-pixels", "5000", "--report", dir + "/r.jsonl"])
        #expect(r.status == 1)
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.first { ($0["input"] as! String).hasSuffix("testorig.jpg") }?["status"] as? String == "failed")
        #expect((rows.first { ($0["input"] as! String).hasSuffix("testorig.jpg") }?["error"] as? String)?.contains("limit") == true)
        #expect(rows.first { ($0["input"] as! String).hasSuffix("basn6a08.png") }?["status"] as? String == "ok")
    }
}
