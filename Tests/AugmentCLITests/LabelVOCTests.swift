import Augment
import Codecs
import Foundation
import Testing

/// `--labels voc` end to end: Pascal VOC's JPEGImages -> Annotations rule both ways, `voc:DIR` and `--labels-out`,
/// bad or missing annotations failing their item alone, integer boxes against the pixels (the raster scene of
/// ``LabelRasterTests``), and an output read back by Python's `xml.etree`.
@Suite struct LabelVOCTests {
    /// A VOC annotation of `objects` (name, 1-based inclusive xmin ymin xmax ymax) for an image of `width x height`.
    static func xml(_ objects: [(String, [Int])], width: Int, height: Int, file: String = "x.jpg") -> String {
        var s = "<annotation>\n\t<folder>VOC2012</folder>\n\t<filename>\(file)</filename>\n\t<size>\n"
        s += "\t\t<width>\(width)</width>\n\t\t<height>\(height)</height>\n\t\t<depth>3</depth>\n\t</size>\n"
        for (name, b) in objects {
            s += "\t<object>\n\t\t<name>\(name)</name>\n\t\t<difficult>0</difficult>\n\t\t<bndbox>\n"
            s += "\t\t\t<xmin>\(b[0])</xmin>\n\t\t\t<ymin>\(b[1])</ymin>\n\t\t\t<xmax>\(b[2])</xmax>\n\t\t\t<ymax>\(b[3])</ymax>\n"
            s += "\t\t</bndbox>\n\t</object>\n"
        }
        return s + "</annotation>\n"
    }

    /// The boxes of a VOC file, by name, through Foundation's XML parser.
    static func boxes(_ path: String) throws -> [(String, [Int])] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [(String, [Int])] = []
        for chunk in text.components(separatedBy: "<object>").dropFirst() {
            func value(_ tag: String) -> String {
                guard let a = chunk.range(of: "<\(tag)>"), let b = chunk.range(of: "</\(tag)>") else { return "" }
                return String(chunk[a.upperBound..<b.lowerBound])
            }
            result.append((value("name"), ["xmin", "ymin", "xmax", "ymax"].map { Int(value($0)) ?? -1 }))
        }
        return result
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// The testorig.jpg fixture (227 x 149) as `root/JPEGImages/<name>.jpg`, with `root/Annotations/<name>.xml`.
    static func dataset(_ root: String, _ annotations: [String: String?]) throws {
        try FileManager.default.createDirectory(atPath: root + "/Annotations", withIntermediateDirectories: true)
        for (name, text) in annotations {
            try CLI.copy("images/testorig.jpg", to: root + "/JPEGImages/\(name).jpg")
            if let text { try text.write(toFile: root + "/Annotations/\(name).xml", atomically: true, encoding: .utf8) }
        }
    }

    @Test func vocRuleBothWays() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/VOC", ["a": Self.xml([("dog", [1, 11, 50, 30]), ("cat", [220, 140, 227, 149])],
                                                     width: 227, height: 149, file: "a.jpg")])
        let r = try CLI.run([dir + "/VOC/JPEGImages", "-o", dir + "/aug/JPEGImages", "--labels", "voc", "--op",
                             "flip=h", "--copies", "2", "--report", dir + "/r.jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        for k in 0..<2 {
            let path = dir + "/aug/Annotations/a_\(k).xml"
            // x' = W - x in the continuous frame: [0, 50) -> [177, 227), i.e. 178...227; [219, 227) -> [0, 8).
            let got = try Self.boxes(path)
            #expect(got.map(\.0) == ["dog", "cat"] && got.map(\.1) == [[178, 11, 227, 30], [1, 140, 8, 149]], "\(got)")
            let text = try #require(Self.read(path))
            #expect(text.contains("<filename>a_\(k).jpg</filename>") && text.contains("<folder>VOC2012</folder>"))
        }
        let rows = try CLI.reportRows(dir + "/r.jsonl")
        #expect(rows.first?["labels"] as? [String: Int] == ["in": 2, "out": 2, "dropped": 0])
        // A rotation grows the canvas: size follows, the far box is cut and marked truncated.
        let t = try CLI.run([dir + "/VOC/JPEGImages", "-o", dir + "/rot/JPEGImages", "--labels", "voc", "--op",
                             "rot90", "--op", "rotate=5,crop=inscribed"])
        #expect(t.status == 0, "\(t.stderr)")
        let rotated = try #require(Self.read(dir + "/rot/Annotations/a.xml"))
        #expect(!rotated.contains("<width>227</width>") && rotated.contains("<truncated>1</truncated>"), "\(rotated)")
    }

    @Test func annotationTreesBothWays() throws {
        let dir = try CLI.scratch()
        try CLI.copy("images/testorig.jpg", to: dir + "/pics/sub/x.jpg")
        try FileManager.default.createDirectory(atPath: dir + "/ann/sub", withIntermediateDirectories: true)
        try Self.xml([("car", [11, 21, 40, 60])], width: 227, height: 149).write(toFile: dir + "/ann/sub/x.xml",
                                                                                 atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/pics", "-o", dir + "/out", "--labels", "voc:" + dir + "/ann", "--labels-out",
                             dir + "/outann", "--op", "flip=v", "--format", "png"])
        #expect(r.status == 0, "\(r.stderr)")
        // y' = H - y: [20, 60) -> [89, 129), i.e. 90...129.
        #expect(try Self.boxes(dir + "/outann/sub/x.xml").map(\.1) == [[11, 90, 40, 129]])
        #expect(Self.read(dir + "/outann/sub/x.xml")?.contains("<filename>x.png</filename>") == true)
        // No JPEGImages folder and no tree: refused before any work, saying what to pass.
        let refused = try CLI.run([dir + "/pics", "-o", dir + "/out2", "--labels", "voc", "--op", "flip=v"])
        #expect(refused.status == 2 && refused.stderr.contains("/JPEGImages/") && refused.stderr.contains("--labels FORMAT:DIR"),
                "\(refused.stderr)")
    }

    /// Bad XML, a missing annotation, a box field that is not a number or a size that is not the image's fail
    /// the item alone, naming the file and the cause; nothing of that item is written.
    @Test(arguments: [("<annotation><object>", "not well-formed XML"), (nil, "cannot read the labels"),
                      ("<annotation><object><name>a</name><bndbox><xmin>x</xmin><ymin>1</ymin><xmax>2</xmax>"
                        + "<ymax>2</ymax></bndbox></object></annotation>", "bndbox/xmin 'x' is not a number"),
                      (LabelVOCTests.xml([], width: 100, height: 149), "<size> says 100x149 but the image is 227x149")])
    func badAnnotationFailsItsItemAlone(_ text: String?, _ cause: String) throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/VOC", ["bad": text, "good": Self.xml([("a", [1, 1, 5, 5])], width: 227, height: 149)])
        let r = try CLI.run([dir + "/VOC/JPEGImages", "-o", dir + "/aug/JPEGImages", "--labels", "voc", "--op", "rot90"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(dir + "/VOC/Annotations/bad.xml") && r.stderr.contains(cause), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/aug/JPEGImages/bad.jpg"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/aug/Annotations/bad.xml"))
        #expect(FileManager.default.fileExists(atPath: dir + "/aug/Annotations/good.xml"))
    }

    /// The raster scene's box as a VOC object: under every exact op the integer box is exactly the pixels of its
    /// colour in the output image; under rotations it holds them.
    @Test(arguments: LabelRasterTests.exactOps + [["rotate=17"], ["rotate=-33,expand=true"], ["rotate=10,crop=inscribed"]])
    func integerBoxesMatchThePixels(_ ops: [String]) throws {
        let dir = try CLI.scratch()
        let scene = try LabelRasterTests.scene()
        let (w, h) = (LabelRasterTests.width, LabelRasterTests.height)
        try FileManager.default.createDirectory(atPath: dir + "/VOC/JPEGImages", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/VOC/Annotations", withIntermediateDirectories: true)
        try Data(Encoder().encode(scene.image, options: EncodeOptions(format: .png)))
            .write(to: URL(fileURLWithPath: dir + "/VOC/JPEGImages/s.png"))
        // The box covers pixels [20, 50) x [15, 40): 1-based inclusive 21...50, 16...40.
        try Self.xml([("box", [21, 16, 50, 40])], width: w, height: h).write(toFile: dir + "/VOC/Annotations/s.xml",
                                                                             atomically: true, encoding: .utf8)
        let r = try CLI.run([dir + "/VOC/JPEGImages", "-o", dir + "/out/JPEGImages", "--labels", "voc"]
                            + ops.flatMap { ["--op", $0] })
        #expect(r.status == 0, "\(r.stderr)")
        let (out, _) = try Decoder().decode(file: dir + "/out/JPEGImages/s.png")
        let text = try #require(Self.read(dir + "/out/Annotations/s.xml"))
        #expect(text.contains("<width>\(out.width)</width>") && text.contains("<height>\(out.height)</height>"))
        guard let b = LabelRasterTests.bounds(of: LabelRasterTests.boxColor, in: out) else { return }
        let box = try #require(try Self.boxes(dir + "/out/Annotations/s.xml").first?.1)
        let pixels = [b.x0 + 1, b.y0 + 1, b.x1, b.y1]
        if LabelRasterTests.exactOps.contains(ops) {
            #expect(box == pixels, "ops \(ops)")
        } else {
            #expect(box[0] <= pixels[0] + 1 && box[1] <= pixels[1] + 1 && box[2] >= pixels[2] - 1
                    && box[3] >= pixels[3] - 1, "\(box) must hold \(pixels), ops \(ops)")
        }
    }

    /// An output read by Python's `xml.etree` (the reader torchvision's `VOCDetection` uses) gives the boxes and
    /// fields written; skipped where no python3 is found.
    @Test(.enabled(if: LabelVOCTests.python != nil)) func pythonReadsTheOutput() throws {
        let dir = try CLI.scratch()
        try Self.dataset(dir + "/VOC", ["a": Self.xml([("dog", [1, 11, 50, 30]), ("cat &amp; mouse", [200, 1, 227, 5])],
                                                     width: 227, height: 149)])
        let r = try CLI.run([dir + "/VOC/JPEGImages", "-o", dir + "/aug/JPEGImages", "--labels", "voc", "--op", "transpose"])
        #expect(r.status == 0, "\(r.stderr)")
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            print(root.find('filename').text, root.find('size/width').text, root.find('size/height').text)
            for o in root.iter('object'):
                b = o.find('bndbox')
                print(o.find('name').text, *(int(b.find(k).text) for k in ('xmin', 'ymin', 'xmax', 'ymax')))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Self.python))
        p.arguments = ["-c", script, dir + "/aug/Annotations/a.xml"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // Transpose: (x, y) -> (y, x), the canvas 149 x 227.
        #expect(out == "a.jpg 149 227\ndog 11 1 30 50\ncat & mouse 1 200 5 227\n", "\(out)")
    }

    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    } ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/python3" }.first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
