import Foundation
import Testing

/// The streaming walk and the check before any work: the order of whole relative paths, collisions found
/// folder by folder across input roots, outputs that resolve into an input tree.
@Suite struct WalkTests {
    /// A folder's name sorts as if it ended in "/": `a-b` (0x2D) < `a.png` (0x2E) < `a/...` (0x2F) < `a0` (0x30).
    @Test func walkOrderIsTheByteOrderOfWholeRelativePaths() throws {
        let dir = try CLI.scratch()
        let names = ["ab/c.png", "a0.png", "a/x.png", "a/b/c.png", "a.png", "a-b.png", "a-b/z.png", "B.png"]
        for name in names { try CLI.copy("pngsuite/basn2c08.png", to: dir + "/in/" + name) }
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h", "--report", dir + "/r.jsonl", "-j", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let order = try CLI.reportRows(dir + "/r.jsonl").compactMap { ($0["input"] as? String)?.dropFirst(dir.count + 4) }
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(order.map(String.init) == expected)
        #expect(expected == ["B.png", "a-b.png", "a-b/z.png", "a.png", "a/b/c.png", "a/x.png", "a0.png", "ab/c.png"])
    }

    @Test func formatCollisionInANestedFolderIsRefusedNamingBoth() throws {
        let dir = try CLI.scratch()
        try CLI.copy("pngsuite/basn2c08.png", to: dir + "/in/deep/er/pic.png")
        try CLI.copy("images/testorig.jpg", to: dir + "/in/deep/er/pic.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/in/deep/other.jpg")
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--format", "png"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("deep/er/pic.png") && r.stderr.contains("deep/er/pic.jpg") && r.stderr.contains("would both"),
                "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        // Kept formats do not collide.
        #expect(try CLI.run([dir + "/in", "-o", dir + "/out"]).status == 0)
    }

    @Test func namedFileAndAFolderFileWritingOneOutputAreRefused() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/pic.jpg")
        try CLI.copy("images/pillow_gray.jpg", to: dir + "/elsewhere/pic.jpg")
        let r = try CLI.run([dir + "/in", dir + "/elsewhere/pic.jpg", "-o", dir + "/out"])
        #expect(r.status == 2 && r.stderr.contains(dir + "/in/pic.jpg") && r.stderr.contains(dir + "/elsewhere/pic.jpg"),
                "\(r.stderr)")
        // Nested folders of two roots collide only where their relative paths meet.
        try CLI.copy("images/testorig.jpg", to: dir + "/one/x/y/a.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/two/x/y/b.jpg")
        #expect(try CLI.run([dir + "/one", dir + "/two", "-o", dir + "/out2"]).status == 0)
        try CLI.copy("images/testorig.jpg", to: dir + "/two/x/y/a.jpg")
        let both = try CLI.run([dir + "/one", dir + "/two", "-o", dir + "/out3"])
        #expect(both.status == 2 && both.stderr.contains("x/y/a.jpg"), "\(both.stderr)")
    }

    /// An output folder with a link into the input tree: writing through it would overwrite inputs.
    @Test func outputResolvingIntoTheInputTreeIsRefused() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/in/sub/a.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/out/sub", withDestinationPath: dir + "/in/sub")
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/in/sub/a.jpg"))
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--op", "flip=h"])
        #expect(r.status == 2 && r.stderr.contains("input tree"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/in/sub/a.jpg")) == before)
    }

    /// An input folder inside the output folder: `raw/sub/y.jpg` of input `data/raw` would be written to
    /// `data/raw/sub/y.jpg`, inside the input tree, where the walk could meet it again as an input.
    @Test func outputsLandingInAnInputTreeAreRefused() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/data/raw/raw/sub/y.jpg")
        try CLI.copy("images/testorig.jpg", to: dir + "/data/raw/sub/z.jpg")
        let r = try CLI.run([dir + "/data/raw", "-o", dir + "/data", "--op", "flip=h"])
        #expect(r.status == 2 && r.stderr.contains("inside the input tree") && r.stderr.contains("raw/sub/y.jpg"),
                "\(r.stderr)")
        #expect(CLI.tree(dir + "/data").keys.sorted() == ["raw/raw/sub/y.jpg", "raw/sub/z.jpg"])
        // Outputs beside the input folder, none inside it, are fine.
        try FileManager.default.removeItem(atPath: dir + "/data/raw/raw")
        #expect(try CLI.run([dir + "/data/raw", "-o", dir + "/data", "--op", "flip=h"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/data/sub/z.jpg"))
    }

    /// The dry run's count comes from the check, the plan lines from the walk: they agree.
    @Test func dryRunCountsAgreeWithThePlan() throws {
        let dir = try CLI.scratch()
        for i in 0..<30 { try CLI.copy("pngsuite/basn0g01.png", to: dir + "/in/d\(i % 3)/f\(i).png") }
        try "notes".write(toFile: dir + "/in/d1/labels.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/in", "-o", dir + "/out", "--dry-run", "--copies", "2", "--shard", "1/3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(r.stdout.contains("items: \(lines.count / 2), outputs: \(lines.count), ignored files: 1"), "\(r.stdout)")
        #expect(lines.count > 0 && lines.count < 60)
    }
}
