import Augment
import Foundation
import Labels
import Testing

/// Pascal VOC XML: parsing (and its errors), the 1-based inclusive convention both ways, a round trip that keeps
/// every field, exact ops giving exact integer boxes, the `truncated` rule and the filter.
@Suite struct VOCTests {
    /// A VOC 2012 style file (tabs, as the data set's), 200 x 100, two objects and a person part.
    static let sample = """
        <annotation>
        \t<folder>VOC2012</folder>
        \t<filename>x.jpg</filename>
        \t<source>
        \t\t<database>The VOC2012 Database</database>
        \t</source>
        \t<size>
        \t\t<width>200</width>
        \t\t<height>100</height>
        \t\t<depth>3</depth>
        \t</size>
        \t<segmented>0</segmented>
        \t<object>
        \t\t<name>dog</name>
        \t\t<pose>Left</pose>
        \t\t<truncated>0</truncated>
        \t\t<difficult>0</difficult>
        \t\t<bndbox>
        \t\t\t<xmin>11</xmin>
        \t\t\t<ymin>21</ymin>
        \t\t\t<xmax>50</xmax>
        \t\t\t<ymax>30</ymax>
        \t\t</bndbox>
        \t</object>
        \t<object>
        \t\t<name>person</name>
        \t\t<bndbox>
        \t\t\t<xmin>181</xmin>
        \t\t\t<ymin>1</ymin>
        \t\t\t<xmax>200</xmax>
        \t\t\t<ymax>100</ymax>
        \t\t</bndbox>
        \t\t<part>
        \t\t\t<name>head</name>
        \t\t\t<bndbox>
        \t\t\t\t<xmin>185</xmin>
        \t\t\t\t<ymin>2</ymin>
        \t\t\t\t<xmax>195.0</xmax>
        \t\t\t\t<ymax>12</ymax>
        \t\t\t</bndbox>
        \t\t</part>
        \t</object>
        </annotation>

        """

    @Test func parsesBoxesIntoTheContinuousFrame() throws {
        let a = try VOCAnnotation.parse(bytes(Self.sample))
        #expect(a.size?.width == 200 && a.size?.height == 100)
        #expect(a.entries.map(\.name) == ["dog", "person", "head"])
        // 1-based inclusive [11, 50] is pixels 10...49, the continuous [10, 50).
        #expect(a.entries[0].box == Box(minX: 10, minY: 20, maxX: 50, maxY: 30))
        #expect(a.entries[2].box == Box(minX: 184, minY: 1, maxX: 195, maxY: 12))
        #expect(a.objects.map(\.classToken) == ["dog", "person"])
    }

    @Test func writingBackUnchangedKeepsEveryByte() throws {
        let a = try VOCAnnotation.parse(bytes(Self.sample))
        #expect(String(decoding: a.xmlBytes(), as: UTF8.self) == Self.sample)
        let declared = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<annotation><filename>caf\u{E9}.jpg</filename></annotation>"
        let latin1 = Array(declared.unicodeScalars.map { UInt8($0.value) })
        let b = try VOCAnnotation.parse(latin1)
        #expect(String(decoding: b.xmlBytes(), as: UTF8.self)
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<annotation><filename>café.jpg</filename></annotation>\n")
    }

    @Test func integerBoxesBothWays() {
        #expect(VOC.continuousBox(xmin: 1, ymin: 1, xmax: 1, ymax: 1) == Box(minX: 0, minY: 0, maxX: 1, maxY: 1))
        #expect(VOC.integerBox(Box(minX: 0, minY: 0, maxX: 1, maxY: 1), width: 5, height: 5) == (1, 1, 1, 1))
        // The smallest whole-pixel box holding a fractional one, clamped to the canvas.
        #expect(VOC.integerBox(Box(minX: 2.5, minY: -3, maxX: 7.2, maxY: 4), width: 6, height: 10) == (3, 1, 6, 4))
        // A quarter turn's rounding (1e-13) does not grow the box.
        #expect(VOC.integerBox(Box(minX: 9.9999999999999, minY: 20.0000000000001, maxX: 50.0000000000001,
                                   maxY: 30), width: 100, height: 100) == (11, 21, 50, 30))
    }

    /// Every exact op gives the exact integer box: the pixels of the input's box, moved.
    @Test(arguments: [Transpose.flipLeftRight, .flipTopBottom, .rotate90, .rotate180, .rotate270, .transpose, .transverse])
    func exactOpsGiveExactIntegerBoxes(_ op: Transpose) throws {
        let a = try VOCAnnotation.parse(bytes(Self.sample))
        let t = exact(op, width: 200, height: 100)
        let (out, result) = try a.transformed(by: t, filename: "x_0.png")
        #expect(result.inputCount == 2 && result.droppedCount == 0)
        // The dog's pixels (10...49) x (20...29) through the op, as integers, by hand from the pixel map.
        let m = op.affine(width: 200, height: 100)
        let centres = [(10.5, 20.5), (49.5, 29.5)].map { m.apply(Point(x: $0.0, y: $0.1)) }
        let xs = centres.map { Int($0.x - 0.5) + 1 }, ys = centres.map { Int($0.y - 0.5) + 1 }
        let dog = try #require(out.root.children.compactMap { c -> XMLTree? in
            if case .element(let e) = c, e.name == "object" { e } else { nil }
        }.first)
        let b = try #require(dog.child("bndbox"))
        #expect([b.child("xmin")!.text, b.child("ymin")!.text, b.child("xmax")!.text, b.child("ymax")!.text]
                == [xs.min()!, ys.min()!, xs.max()!, ys.max()!].map(String.init), "\(op)")
        #expect(dog.child("truncated")?.text == "0", "an exact op cuts nothing")
        #expect(out.root.child("filename")?.text == "x_0.png")
        let size = try #require(out.size)
        #expect(size.width == t.outputWidth && size.height == t.outputHeight)
        #expect(out.root.child("size")?.child("depth")?.text == "3")
        // Twice the involutions give the file back.
        if [.flipLeftRight, .flipTopBottom, .rotate180, .transpose, .transverse].contains(op) {
            let back = try out.transformed(by: exact(op, width: t.outputWidth, height: t.outputHeight), filename: "x.jpg")
            #expect(String(decoding: back.annotation.xmlBytes(), as: UTF8.self)
                    == Self.sample.replacingOccurrences(of: "195.0", with: "195"))
        }
    }

    /// A box the clip cuts gets `truncated` 1 (added when absent); one the filter drops is removed with its
    /// parts; `size` and `filename` are the output's.
    @Test func truncatedAndDropped() throws {
        let a = try VOCAnnotation.parse(bytes(Self.sample))
        // Shift left by 30: the dog [10, 50) becomes [-20, 20), cut; the person stays whole on a 200 wide canvas.
        let shift = LabelTransform(affine: Affine(a: 1, b: 0, c: -30, d: 0, e: 1, f: 0), outputSize: (200, 100))
        let (out, result) = try a.transformed(by: shift, filename: "y.jpg")
        #expect(result.droppedCount == 0)
        let objects = out.root.children.compactMap { c -> XMLTree? in
            if case .element(let e) = c, e.name == "object" { e } else { nil }
        }
        #expect(objects[0].child("truncated")?.text == "1")
        #expect(objects[0].child("bndbox")?.child("xmin")?.text == "1")
        #expect(objects[0].child("bndbox")?.child("xmax")?.text == "20")
        #expect(objects[1].child("truncated") == nil, "not cut: no truncated element added")
        #expect(out.entries.map(\.name) == ["dog", "person", "head"])
        // A 158 wide canvas cuts the person [150, 170) to 8 px (truncated added before bndbox); the head part, cut
        // to 4 x 11 px, is under --min-area 100 and goes.
        let narrow = LabelTransform(affine: Affine(a: 1, b: 0, c: -30, d: 0, e: 1, f: 0), outputSize: (158, 100),
                                    minArea: 100)
        let (cut, r2) = try a.transformed(by: narrow, filename: "z.jpg")
        #expect(r2.droppedCount == 0)
        #expect(cut.entries.map(\.name) == ["dog", "person"])
        let xml = String(decoding: cut.xmlBytes(), as: UTF8.self)
        #expect(xml.contains("<name>person</name>\n\t\t<truncated>1</truncated>\n\t\t<bndbox>"), "\(xml)")
        #expect(!xml.contains("head") && xml.contains("<width>158</width>"))
        // Off the canvas: dropped, with its indentation.
        let away = LabelTransform(affine: Affine(a: 1, b: 0, c: -60, d: 0, e: 1, f: 0), outputSize: (150, 100))
        let (gone, r3) = try a.transformed(by: away, filename: "w.jpg")
        #expect(r3.inputCount == 2 && r3.droppedCount == 1 && r3.objects.map(\.classToken) == ["person"])
        #expect(gone.entries.map(\.name) == ["person", "head"])
        #expect(!String(decoding: gone.xmlBytes(), as: UTF8.self).contains("\t\n"))
    }

    @Test func badFilesNameTheCause() throws {
        let notXML = try #require(throws: LabelError.self) {
            try VOCAnnotation.parse(bytes("<annotation>\n<object>\n</annotation>\n"))
        }
        #expect(notXML.code == .badXML && notXML.line == 3, "\(notXML) \(String(describing: notXML.line))")
        let empty = try #require(throws: LabelError.self) { try VOCAnnotation.parse([]) }
        #expect(empty.code == .badXML)
        let root = try #require(throws: LabelError.self) { try VOCAnnotation.parse(bytes("<voc></voc>")) }
        #expect(root.code == .badXML && root.message.contains("<voc>"))
        let noBox = try #require(throws: LabelError.self) {
            try VOCAnnotation.parse(bytes("<annotation><object><name>cat</name></object></annotation>"))
        }
        #expect(noBox.code == .missingField && noBox.message == "object 1 (cat): no <bndbox>")
        let nan = try #require(throws: LabelError.self) {
            try VOCAnnotation.parse(bytes("<annotation><object><name>cat</name><bndbox><xmin>a</xmin><ymin>1</ymin>"
                                          + "<xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>"))
        }
        #expect(nan.code == .notANumber && nan.message.contains("bndbox/xmin 'a'"))
        let inverted = try #require(throws: LabelError.self) {
            try VOCAnnotation.parse(bytes("<annotation><object><name>cat</name><bndbox><xmin>5</xmin><ymin>1</ymin>"
                                          + "<xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>"))
        }
        #expect(inverted.code == .badFormat)
        let missing = try #require(throws: LabelError.self) {
            try VOCAnnotation.parse(bytes("<annotation><object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin>"
                                          + "<xmax>2</xmax></bndbox></object></annotation>"))
        }
        #expect(missing.code == .missingField && missing.message.contains("bndbox/ymax"))
    }

    @Test func textIsEscapedOnTheWayOut() throws {
        let a = try VOCAnnotation.parse(bytes("<annotation a=\"&quot;x&amp;\"><filename>a&amp;b&lt;c</filename></annotation>"))
        #expect(a.root.child("filename")?.text == "a&b<c")
        #expect(String(decoding: a.xmlBytes(), as: UTF8.self)
                == "<annotation a=\"&quot;x&amp;\"><filename>a&amp;b&lt;c</filename></annotation>\n")
    }
}
