/// Where a label or mask file of an image is: by Ultralytics' or Pascal VOC's rule on the image's path, or in a
/// tree that mirrors the image's root (`DIR/<relative stem><extension>`).
enum CompanionLocation: Sendable, Hashable {
    /// The last `/images/` of the image's path becomes `/labels/`, its extension `.txt`.
    case ultralytics
    /// Pascal VOC's layout: the last `/JPEGImages/` of the image's path becomes `/Annotations/`, its extension
    /// `.xml`.
    case voc
    /// A tree mirroring the root of the images, raw bytes.
    case tree([UInt8])

    /// The label file of an image at `path` (`relative` to its root) with label files named `<stem><ext>`; nil
    /// when the rule needs a folder the path lacks.
    func file(path: [UInt8], relative: [UInt8], ext: String) -> [UInt8]? {
        switch self {
        case .ultralytics: return Self.ultralyticsLabelPath(path)
        case .voc: return Self.siblingPath(path, from: "/JPEGImages/", to: "/Annotations/", ext: ".xml")
        case .tree(let dir): return Self.replacingExtension(FileSystem.join(dir, relative), with: ext)
        }
    }

    /// How the rule is named in a message, and the folder it needs.
    var ruleName: (rule: String, folder: String) {
        switch self {
        case .ultralytics, .tree: return ("Ultralytics' rule", "/images/")
        case .voc: return ("Pascal VOC's rule", "/JPEGImages/")
        }
    }

    /// Ultralytics' `img2label_paths`: the last `/images/` of `path` becomes `/labels/` and the extension
    /// `.txt`; nil when the path has no `/images/` folder. A relative path's first folder counts (`images/a.jpg`).
    static func ultralyticsLabelPath(_ path: [UInt8]) -> [UInt8]? {
        siblingPath(path, from: "/images/", to: "/labels/", ext: ".txt")
    }

    /// `path` with its last `from` folder replaced by `to` and its extension by `ext`; nil when it has no `from`
    /// folder. A relative path's first folder counts.
    static func siblingPath(_ path: [UInt8], from: String, to: String, ext: String) -> [UInt8]? {
        let images = Array(from.utf8)
        let probe = path.first == UInt8(ascii: "/") ? path : [UInt8(ascii: "/")] + path
        guard let at = Self.lastRange(of: images, in: probe) else { return nil }
        var result = Array(probe[..<at]) + Array(to.utf8) + Array(probe[(at + images.count)...])
        if path.first != UInt8(ascii: "/") { result.removeFirst() }
        return Self.replacingExtension(result, with: ext)
    }

    /// `path` with its file name's extension (from its last dot, if any) replaced by `ext`.
    static func replacingExtension(_ path: [UInt8], with ext: String) -> [UInt8] {
        let base = FileSystem.basename(path)
        var stem = path
        if let dot = base.lastIndex(of: UInt8(ascii: ".")), dot > base.startIndex {
            stem = Array(path[..<(path.count - (base.count - (dot - base.startIndex)))])
        }
        return stem + Array(ext.utf8)
    }

    private static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.count - needle.count
        while i >= 0 {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}

/// The labels and masks that move with a run's images: where each item's files are read, and where each output's
/// are written. A nil location: the run has none of that kind.
struct CompanionRules: Sendable, Hashable {
    var labelsIn: CompanionLocation?
    var labelsOut: CompanionLocation?
    /// The extension of label files in a tree (`.txt` for YOLO, `.xml` for VOC).
    var labelExtension = ".txt"
    /// A mask tree mirroring the input root (`<relative stem>.png`).
    var masksIn: [UInt8]?
    /// A mask tree mirroring the output folder (`<output relative stem>.png`).
    var masksOut: [UInt8]?

    static let none = CompanionRules()

    var isEmpty: Bool { labelsIn == nil && masksIn == nil }

    /// The label file of an input image (its path, and its path relative to its root); nil when no rule applies.
    func labelInput(path: [UInt8], relative: [UInt8]) -> [UInt8]? {
        labelsIn?.file(path: path, relative: relative, ext: labelExtension)
    }

    /// The label file of an output image (its path, and its path relative to `-o`); nil when no rule applies.
    func labelOutput(path: [UInt8], relative: [UInt8]) -> [UInt8]? {
        labelsOut?.file(path: path, relative: relative, ext: labelExtension)
    }

    /// The mask of an input image.
    func maskInput(relative: [UInt8]) -> [UInt8]? {
        masksIn.map { CompanionLocation.replacingExtension(FileSystem.join($0, relative), with: ".png") }
    }

    /// The mask of an output image.
    func maskOutput(relative: [UInt8]) -> [UInt8]? {
        masksOut.map { CompanionLocation.replacingExtension(FileSystem.join($0, relative), with: ".png") }
    }
}
