import Foundation

/// A Pascal VOC annotation file (`Annotations/<id>.xml`): the whole XML tree, kept to be written back with the same
/// fields, and its objects' boxes in the engine's continuous frame.
///
/// VOC's `bndbox` holds 1-based inclusive pixel indices (`xmin = 1` is the first column, `xmax = W` the last):
/// in the continuous frame (pixel i covers `[i, i+1)`) the box is `[xmin - 1, xmax] x [ymin - 1, ymax]`
/// (detectron2's `pascal_voc.py` subtracts 1 from `xmin` and `ymin` only). Values are read as numbers, so the
/// `273.0` some tools write is accepted.
public struct VOCAnnotation: Sendable, Hashable {
    /// One box of the file: an `object`'s, or a `part`'s inside an object (VOC's person layout).
    public struct Entry: Sendable, Hashable {
        /// The `name` of the object or part.
        public var name: String
        /// The box in the continuous frame.
        public var box: Box
        /// Where it is: the index of the `object` among the root's children, and of the `part` among the
        /// object's children (nil for the object itself).
        public var object: Int
        public var part: Int?
    }

    /// The `annotation` element, as read.
    public var root: XMLTree
    /// Whether the file began with an XML declaration (`<?xml ...?>`): one is written back then.
    public var hasDeclaration: Bool
    /// `size/width` and `size/height`, nil when absent or 0 (some tools write 0).
    public var size: (width: Int, height: Int)? {
        guard let s = root.child("size"), let w = Int(s.child("width")?.text ?? ""),
            let h = Int(s.child("height")?.text ?? ""), w > 0, h > 0
        else { return nil }
        return (w, h)
    }
    /// Every object's box, in file order, each followed by its parts' boxes.
    public var entries: [Entry]

    /// The objects (not their parts) as engine objects: the class token is the object's `name`.
    public var objects: [LabelObject] {
        entries.filter { $0.part == nil }.map { LabelObject(classToken: $0.name, shape: .box($0.box)) }
    }

    /// Parses an annotation file.
    /// - Parameter bytes: The file's content.
    /// - Returns: The annotation.
    /// - Throws: ``LabelError`` with code ``LabelError/Code/badXML`` (not well-formed, the parser's line; a root
    ///   other than `annotation`), ``LabelError/Code/missingField`` (an object without `bndbox` or one of its four
    ///   values), ``LabelError/Code/notANumber`` (a value that is not a finite number) or ``LabelError/Code/badFormat``
    ///   (`xmin > xmax` or `ymin > ymax`), the
    ///   message naming the object by its 1-based number and name.
    public static func parse(_ bytes: [UInt8]) throws(LabelError) -> VOCAnnotation {
        let root = try XMLTree.parse(bytes)
        guard root.name == "annotation" else {
            throw LabelError(.badXML, "the root element is <\(root.name)>, not <annotation>")
        }
        return VOCAnnotation(root: root, hasDeclaration: Self.startsWithDeclaration(bytes), entries: try entries(of: root))
    }

    /// The boxes of every object and part of `root`, in document order.
    static func entries(of root: XMLTree) throws(LabelError) -> [Entry] {
        var entries: [Entry] = []
        var number = 0
        for (i, child) in root.children.enumerated() {
            guard case .element(let object) = child, object.name == "object" else { continue }
            number += 1
            let name = object.child("name")?.text ?? ""
            let what = "object \(number) (\(name.isEmpty ? "no name" : name))"
            entries.append(Entry(name: name, box: try box(of: object, what), object: i, part: nil))
            for (j, partChild) in object.children.enumerated() {
                guard case .element(let part) = partChild, part.name == "part" else { continue }
                let partName = part.child("name")?.text ?? ""
                entries.append(Entry(name: partName, box: try box(of: part, "\(what), part \(partName)"), object: i,
                                     part: j))
            }
        }
        return entries
    }

    /// The continuous box of an element's `bndbox`.
    private static func box(of element: XMLTree, _ what: String) throws(LabelError) -> Box {
        guard let bndbox = element.child("bndbox") else { throw LabelError(.missingField, "\(what): no <bndbox>") }
        var v: [Double] = []
        for field in ["xmin", "ymin", "xmax", "ymax"] {
            guard let text = bndbox.child(field)?.text, !text.isEmpty else {
                throw LabelError(.missingField, "\(what): no bndbox/\(field)")
            }
            guard let value = Double(text), value.isFinite else {
                throw LabelError(.notANumber, "\(what): bndbox/\(field) '\(text)' is not a number")
            }
            v.append(value)
        }
        guard v[0] <= v[2], v[1] <= v[3] else {
            throw LabelError(.badFormat, "\(what): bndbox has xmin > xmax or ymin > ymax (\(v.map { VOC.format($0) }))")
        }
        return VOC.continuousBox(xmin: v[0], ymin: v[1], xmax: v[2], ymax: v[3])
    }

    private static func startsWithDeclaration(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return bytes[i...].starts(with: Array("<?xml".utf8))
    }

    /// The file's bytes: UTF-8, an XML declaration when the file read had one, the tree, a final newline.
    public func xmlBytes() -> [UInt8] {
        Array(((hasDeclaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "") + root.xml + "\n").utf8)
    }
}
