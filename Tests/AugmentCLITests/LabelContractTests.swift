import Foundation
import Testing

/// `--labels` end to end: where label files are read and written, what a run refuses before any work, how a bad
/// label file fails its item alone, and that an output's files exist together or not at all.
@Suite struct LabelContractTests {
    /// A YOLO layout: `root/images/<name>.jpg` and `root/labels/<name>.txt` (nil: no label file).
    static func dataset(_ root: String, _ labels: [String: String?]) throws {
        for (name, text) in labels {
            try CLI.copy("images/testorig.jpg", to: root + "/images/\(name).jpg")
            if let text {
                try FileManager.default.createDirectory(atPath: root + "/labels", withIntermediateDirectories: true)
                try text.write(toFile: root + "/labels/\(name).txt", atomically: true, encoding: .utf8)
            }
        }
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// Ultralytics' rule both ways; a background image (no label file) gets an empty label file; the report says
    /// how many labels went in and came out.
    @Test func ultralyticsRuleBothWaysAndBackgroundImages() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/data", ["a": "0 0.5 0.5 0.2 0.2\n3 0.1 0.1 0.1 0.1\n", "bg": nil])
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo", "--op", "flip=h",
                             "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.read(dir + "/aug/labels/a.txt") == "0 0.5 0.5 0.2 0.2\n3 0.9 0.1 0.1 0.1\n")
        #expect(Self.read(dir + "/aug/labels/bg.txt") == "")
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        let a = rows.first { ($0["input"] as? String ?? "").hasSuffix("a.jpg") }?["labels"] as? [String: Int]
        #expect(a == ["in": 2, "out": 2, "dropped": 0])
    }

    /// `--labels yolo:DIR` reads a label tree mirroring the input root, `--labels-out DIR` writes one mirroring
    /// -o (copies named like their images).
    @Test func labelTreesBothWays() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/pics/sub/x.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/ann/sub", withIntermediateDirectories: true)
        try "1 0.25 0.5 0.1 0.2\n".write(toFile: dir + "/ann/sub/x.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/pics", "-o", dir + "/out", "--labels", "yolo:" + dir + "/ann", "--labels-out",
                             dir + "/outlabels", "--copies", "2", "--op", "flip=v"])
        #expect(r.status == 0, "\(r.stderr)")
        for k in 0..<2 { #expect(Self.read(dir + "/outlabels/sub/x_\(k).txt") == "1 0.25 0.5 0.1 0.2\n") }
    }

    /// Where no rule applies, the run is refused before any work, saying what to pass.
    @Test func noRuleIsAUsageError() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/pics/x.jpg")
        let r = try CLI.run([dir + "/pics", "-o", dir + "/out", "--labels", "yolo", "--op", "rot90"])
        #expect(r.status == 2 && r.stderr.contains("--labels FORMAT:DIR"), "\(r.stderr)")
        try Self.dataset(dir + "/data", ["a": ""])
        let o = try CLI.run([dir + "/data/images", "-o", dir + "/flat", "--labels", "yolo", "--op", "rot90"])
        #expect(o.status == 2 && o.stderr.contains("--labels-out DIR"), "\(o.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out") && !FileManager.default.fileExists(atPath: dir + "/flat"))
        let bad = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolov5", "--op", "rot90"])
        #expect(bad.status == 2 && bad.stderr.contains("the format is yolo, yolo-obb, yolo-pose"), "\(bad.stderr)")
    }

    /// A bad label file fails its item alone, naming the file, the line and the cause; no image without its labels.
    @Test(arguments: [("0 0.5 0.5 0.2\n", "line 1"), ("0 0.5 0.5 0.2 0.2\nx 0.5 0.5 0.2 0.2\n", "line 2"),
                      ("0 0.5 0.5 0.2 abc\n", "line 1"), ("1.5 0.5 0.5 0.2 0.2\n", "line 1"),
                      ("0 0.5 1.2 0.2 0.2\n", "line 1")])
    func badLabelFileFailsItsItemAlone(_ text: String, _ line: String) throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/data", ["bad": text, "good": "0 0.5 0.5 0.2 0.2\n"])
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo", "--op", "rot90",
                             "--failed", dir + "/f.txt"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(dir + "/data/labels/bad.txt: \(line)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/aug/images/bad.jpg"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/aug/labels/bad.txt"))
        #expect(FileManager.default.fileExists(atPath: dir + "/aug/images/good.jpg"))
        #expect(Self.read(dir + "/f.txt") == dir + "/data/images/bad.jpg\n")
    }

    /// `--skip-existing` redoes an output whose label file is missing; `--dry-run` names the label files.
    @Test func skipExistingCountsEveryFileAndDryRunNamesThem() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/data", ["a": "0 0.5 0.5 0.2 0.2\n"])
        let args = [dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo", "--op", "rot90"]
        let dry = try CLI.run(args + ["--dry-run"])
        #expect(dry.stdout.contains("labels \(dir)/data/labels/a.txt -> \(dir)/aug/labels/a.txt"), "\(dry.stdout)")
        #expect(try CLI.run(args).status == 0)
        try FileManager.default.removeItem(atPath: dir + "/aug/labels/a.txt")
        let again = try CLI.run(args + ["--skip-existing", "--report", dir + "/r.jsonl"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try CLI.reportRows(dir + "/r.jsonl").first?["status"] as? String == "ok")
        #expect(FileManager.default.fileExists(atPath: dir + "/aug/labels/a.txt"))
        let third = try CLI.run(args + ["--skip-existing", "--report", dir + "/r3.jsonl"])
        let thirdRows = try CLI.reportRows(dir + "/r3.jsonl")
        #expect(third.status == 0 && thirdRows.first?["status"] as? String == "skipped")
    }

    /// A pose data set without flip_idx and a pipeline that can mirror is refused before any work; with --data's
    /// YAML it runs and permutes the keypoints.
    @Test func poseNeedsFlipIndexForAMirror() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/data", ["p": "0 0.5 0.5 0.4 0.4 0.4 0.5 2 0.6 0.5 1\n"])
        let args = [dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo-pose", "--op", "flip=h"]
        let refused = try CLI.run(args + ["--kpt-shape", "2,3"])
        #expect(refused.status == 2 && refused.stderr.contains("flip_idx"), "\(refused.stderr)")
        try "kpt_shape: [2, 3]\nflip_idx: [1, 0]\nnames: {0: person}\n".write(toFile: dir + "/data.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(args + ["--data", dir + "/data.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        // Mirrored: x -> 1 - x, and the two points swap (so their visibilities swap too).
        #expect(Self.read(dir + "/aug/labels/p.txt") == "0 0.5 0.5 0.4 0.4 0.4 0.5 1 0.6 0.5 2\n")
    }

    /// Output bytes do not depend on -j: labels and images alike.
    @Test func labelsAreByteIdenticalWhateverTheWorkers() throws {
        let dir = try CLI.scratch()
        var labels: [String: String?] = [:]
        for i in 0..<8 { labels["i\(i)"] = "0 0.\(i + 1) 0.5 0.1 0.2\n1 0.3 0.3 0.6 0.3\n" }
        try Self.dataset(dir + "/data", labels)
        let ops = ["--op", "rotate=-30..30,resample=bilinear", "--op", "flip=h,p=0.5", "--copies", "3", "--labels", "yolo"]
        #expect(try CLI.run([dir + "/data/images", "-o", dir + "/one/images", "-j", "1"] + ops).status == 0)
        #expect(try CLI.run([dir + "/data/images", "-o", dir + "/two/images", "-j", "2"] + ops).status == 0)
        #expect(CLI.tree(dir + "/one") == CLI.tree(dir + "/two"))
        #expect(CLI.tree(dir + "/one/labels").count == 24)
    }

    /// Oriented boxes through an exact op: the corners move exactly (rot90 on 227x149: (x, y) -> (y, 227 - x)).
    @Test func orientedBoxesTurnExactly() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/data", ["o": "2 0.1 0.2 0.5 0.2 0.5 0.6 0.1 0.6\n"])
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo-obb", "--op", "rot90"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(Self.read(dir + "/aug/labels/o.txt")?.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) })
        // Input corners in pixels (227x149), turned counter-clockwise onto 149x227, normalised again.
        let input: [(Double, Double)] = [(0.1, 0.2), (0.5, 0.2), (0.5, 0.6), (0.1, 0.6)]
        // (x, y) in pixels -> (y, 227 - x); normalised by the new size 149x227: (y_n, 1 - x_n).
        let corners: [(Double, Double)] = input.map { point in (point.1, 1 - point.0) }
        #expect(row.count == 9 && row[0] == 2)
        for (k, c) in corners.enumerated() {
            #expect(abs(row[1 + 2 * k] - c.0) < 1e-5 && abs(row[2 + 2 * k] - c.1) < 1e-5, "\(row)")
        }
    }

    /// Labels describe the upright image (Ultralytics applies the EXIF orientation): with no op, an image stored
    /// turned (orientation 6) comes out upright and its labels are unchanged.
    @Test func labelsLiveInTheUprightFrame() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/oriented/orient_6.jpg", to: dir + "/data/images/o.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/data/labels", withIntermediateDirectories: true)
        let text = "0 0.25 0.75 0.2 0.1\n"
        try text.write(toFile: dir + "/data/labels/o.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/data/images", "-o", dir + "/aug/images", "--labels", "yolo"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.read(dir + "/aug/labels/o.txt") == text)
        // And a flip after it mirrors them in the upright frame.
        let f = try CLI.run([dir + "/data/images", "-o", dir + "/flip/images", "--labels", "yolo", "--op", "flip=h"])
        #expect(f.status == 0, "\(f.stderr)")
        #expect(Self.read(dir + "/flip/labels/o.txt") == "0 0.75 0.75 0.2 0.1\n")
    }
}
