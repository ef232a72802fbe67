public import Augment

/// A COCO annotation file read once and kept compact: the top-level members other than `images` and
/// `annotations` as values (the header written back), and per image its entry and its annotations as compact JSON
/// text (``JSONValue/text``), so that the file's tree is never whole in memory and a job carries only its image's
/// bytes.
public struct COCOFile: Sendable {
    /// One `images` entry with its annotations.
    public struct Image: Sendable {
        public var id: Int
        /// `file_name` as written (UTF-8 bytes).
        public var fileName: [UInt8]
        /// The entry as compact JSON text.
        public var entry: [UInt8]
        /// Its annotations as compact JSON texts joined by ",", in file order.
        public var annotations: [UInt8]
        /// How many annotations it has.
        public var annotationCount: Int
    }

    /// Every top-level member but `images` and `annotations` (`info`, `licenses`, `categories`, others), as read.
    public var header: [String: JSONValue]
    /// The images in file order.
    public var images: [Image]

    /// The categories' keypoint names by category id (categories without `keypoints` are absent).
    public var keypointNames: [Int: [String]] {
        var names: [Int: [String]] = [:]
        for c in header["categories"]?.arrayValue ?? [] {
            guard let m = c.objectValue, let id = m["id"]?.intValue, let k = m["keypoints"]?.arrayValue else { continue }
            names[id] = k.map { $0.stringValue ?? $0.text }
        }
        return names
    }

    /// Reads a COCO file.
    /// - Throws: ``LabelError/Code/badJSON`` for bad JSON (line and column) or a COCO rule broken: a top level
    ///   that is not an object, an image without an integer `id` or a string `file_name`, an annotation without an
    ///   integer `id` or `image_id`, an id used twice, an annotation of an image not listed.
    public static func parse(_ bytes: [UInt8]) throws(LabelError) -> COCOFile {
        var reader = JSONReader(bytes)
        var header: [String: JSONValue] = [:]
        var images: [Image] = []
        var imageIndex: [Int: Int] = [:]
        // Annotations by image id, in file order (the file may list them before the images).
        var byImage: [Int: (text: [UInt8], count: Int)] = [:]
        var annotationIDs = Set<Int>()
        try reader.members { (r: inout JSONReader, key: String) throws(LabelError) in
            switch key {
            case "images":
                try r.elements { (r: inout JSONReader) throws(LabelError) in
                    let value = try r.value()
                    guard let m = value.objectValue, let id = m["id"]?.intValue, id >= 0,
                        let name = m["file_name"]?.stringValue
                    else {
                        throw LabelError(.badJSON, "images[\(images.count)]: an image needs an integer id >= 0 and a "
                                         + "string file_name")
                    }
                    guard imageIndex.updateValue(images.count, forKey: id) == nil else {
                        throw LabelError(.badJSON, "images: the id \(id) is used twice")
                    }
                    images.append(Image(id: id, fileName: Array(name.utf8), entry: Array(value.text.utf8),
                                        annotations: [], annotationCount: 0))
                }
            case "annotations":
                var n = 0
                try r.elements { (r: inout JSONReader) throws(LabelError) in
                    let value = try r.value()
                    guard let m = value.objectValue, let id = m["id"]?.intValue, id >= 0,
                        let image = m["image_id"]?.intValue
                    else {
                        throw LabelError(.badJSON, "annotations[\(n)]: an annotation needs an integer id >= 0 and an "
                                         + "integer image_id")
                    }
                    guard annotationIDs.insert(id).inserted else {
                        throw LabelError(.badJSON, "annotations: the id \(id) is used twice")
                    }
                    var slot = byImage[image] ?? ([], 0)
                    if slot.count > 0 { slot.text.append(UInt8(ascii: ",")) }
                    slot.text += value.text.utf8
                    slot.count += 1
                    byImage[image] = slot
                    n += 1
                }
            default:
                header[key] = try r.value()
            }
        }
        guard reader.atEnd() else { throw reader.error("text after the top-level object") }
        for (image, slot) in byImage {
            guard let i = imageIndex[image] else {
                throw LabelError(.badJSON, "annotations: image_id \(image) is not an id of images")
            }
            images[i].annotations = slot.text
            images[i].annotationCount = slot.count
        }
        return COCOFile(header: header, images: images)
    }

    /// The first line of an output file: `{` and the header's members, each `"key":value` in
    /// ``JSONValue/text``'s order, with a trailing comma when there are any.
    public var headerLine: String {
        let text = JSONValue.object(header).text
        // `{...}` without its closing brace; `{` alone when the header is empty.
        return text == "{}" ? "{" : String(text.dropLast()) + ","
    }
}
