/// Where a label or mask file of an image is: by Ultralytics' rule on the image's path, or in a tree that mirrors
/// the image's root (`DIR/<relative stem><extension>`).
enum CompanionLocation: Sendable, Hashable {
    /// The last `/images/` of the image's path becomes `/labels/`, its extension `.txt`.
    case ultralytics
    /// A tree mirroring the root of the images, raw bytes.
    case tree([UInt8])

    /// Ultralytics' `img2label_paths`: the last `/images/` of `path` becomes `/labels/` and the extension
    /// `.txt`; nil when the path has no `/images/` folder. A relative path's first folder counts (`images/a.jpg`).
    static func ultralyticsLabelPath(_ path: [UInt8]) -> [UInt8]? {
        let images = Array("/images/".utf8)
        let probe = path.first == UInt8(ascii: "/") ? path : [UInt8(ascii: "/")] + path
        guard let at = Self.lastRange(of: images, in: probe) else { return nil }
        var result = Array(probe[..<at]) + Array("/labels/".utf8) + Array(probe[(at + images.count)...])
        if path.first != UInt8(ascii: "/") { result.removeFirst() }
        return Self.replacingExtension(result, with: ".txt")
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
    /// A mask tree mirroring the input root (`<relative stem>.png`).
    var masksIn: [UInt8]?
    /// A mask tree mirroring the output folder (`<output relative stem>.png`).
    var masksOut: [UInt8]?

    static let none = CompanionRules()

    var isEmpty: Bool { labelsIn == nil && masksIn == nil }

    /// The label file of an input image (its path, and its path relative to its root); nil when no rule applies.
    func labelInput(path: [UInt8], relative: [UInt8]) -> [UInt8]? {
        switch labelsIn {
        case nil: return nil
        case .ultralytics: return CompanionLocation.ultralyticsLabelPath(path)
        case .tree(let dir): return CompanionLocation.replacingExtension(FileSystem.join(dir, relative), with: ".txt")
        }
    }

    /// The label file of an output image (its path, and its path relative to `-o`); nil when no rule applies.
    func labelOutput(path: [UInt8], relative: [UInt8]) -> [UInt8]? {
        switch labelsOut {
        case nil: return nil
        case .ultralytics: return CompanionLocation.ultralyticsLabelPath(path)
        case .tree(let dir): return CompanionLocation.replacingExtension(FileSystem.join(dir, relative), with: ".txt")
        }
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
