import Labels

/// `--labels coco:FILE.json`: the file read once in the parent (``COCOFile``: per image its entry and annotations
/// as compact text), the inputs matched to its images, and where the output file goes. A job carries only its
/// image's bytes.
final class COCOSource: Sendable {
    /// The annotation file, as given.
    let path: [UInt8]
    /// `--labels-out OUT.json`.
    let output: [UInt8]
    let file: COCOFile
    /// Image index by `file_name`, and by the base name of `file_name` (several when a base name repeats).
    private let byName: [[UInt8]: Int]
    private let byBase: [[UInt8]: [Int]]

    /// Reads and indexes `path`.
    /// - Throws: ``UsageError`` when the file cannot be read or is not a COCO file, or two images share a
    ///   `file_name`.
    init(path: [UInt8], output: [UInt8]) throws(UsageError) {
        let shown = FileSystem.display(path)
        let bytes: [UInt8]
        switch FileSystem.readFile(path, limit: 16 << 30) {
        case .success(let b): bytes = b
        case .failure(let e): throw UsageError("cannot read \(shown): \(e)")
        }
        do { file = try COCOFile.parse(bytes) } catch { throw UsageError("\(shown): \(error)") }
        var byName: [[UInt8]: Int] = [:], byBase: [[UInt8]: [Int]] = [:]
        for (i, image) in file.images.enumerated() {
            let name = Self.normalized(image.fileName)
            if let j = byName.updateValue(i, forKey: name) {
                throw UsageError("\(shown): images \(file.images[j].id) and \(image.id) have the same file_name "
                                 + "'\(FileSystem.display(image.fileName))'")
            }
            byBase[FileSystem.basename(name), default: []].append(i)
        }
        self.path = path
        self.output = output
        self.byName = byName
        self.byBase = byBase
    }

    /// `file_name` without a leading `./`.
    static func normalized(_ name: [UInt8]) -> [UInt8] {
        var n = name[...]
        while n.starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) { n = n.dropFirst(2) }
        return Array(n)
    }

    /// The image of an input by its path relative to its root: `file_name` equal to it, else a bare `file_name`
    /// (no folder) equal to its base name when only one image has that name. nil when none.
    func image(relative: [UInt8]) -> Int? {
        if let i = byName[relative] { return i }
        let base = FileSystem.basename(relative)
        guard let candidates = byBase[base], candidates.count == 1,
            !Self.normalized(file.images[candidates[0]].fileName).contains(UInt8(ascii: "/"))
        else { return nil }
        return candidates[0]
    }

    /// Why an input matches no image, for its failed row.
    func unmatchedReason(relative: [UInt8]) -> String {
        let base = FileSystem.basename(relative)
        if let c = byBase[base], c.count > 1 {
            return "not listed in \(FileSystem.display(path)) by its path \(FileSystem.display(relative)), and "
                + "\(c.count) images have the file name \(FileSystem.display(base)); give file_name relative to the "
                + "input root"
        }
        return "not listed in \(FileSystem.display(path)) (no image has file_name \(FileSystem.display(relative))"
            + (base == relative ? ")" : " or \(FileSystem.display(base)))")
    }
}
