import Codecs
import Glibc

/// One input image found by the walk. Only the path is stored (one allocation per item, so a million
/// inputs stay small in the parent); the relative path is its suffix.
struct InputItem: Sendable, Hashable {
    /// The path as given or found (raw bytes).
    let path: [UInt8]
    /// Where the relative path starts in ``path``.
    private let relativeStart: Int

    /// An item; `relative` must be a suffix of `path`.
    init(path: [UInt8], relative: [UInt8]) {
        self.path = path
        relativeStart = path.suffix(relative.count).elementsEqual(relative) ? path.count - relative.count : 0
    }

    /// A file named explicitly (command line or list): its key is its file name.
    static func explicit(_ path: [UInt8]) -> InputItem {
        var p = path
        while p.count > 1 && p.last == UInt8(ascii: "/") { p.removeLast() }
        return InputItem(path: p, relative: FileSystem.basename(p))
    }

    /// The path relative to the input root it was found under (the file name for a file named
    /// explicitly): the key of its random parameters, its shard and its place in the output tree.
    var relative: [UInt8] { Array(path[relativeStart...]) }
    /// ``relative`` without a copy.
    var relativeBytes: ArraySlice<UInt8> { path[relativeStart...] }
}

/// Walks the inputs: files and directories, recursively, in a deterministic order (sorted by relative path
/// bytes within each root); hidden files and folders are skipped; symbolic links to folders are not followed.
struct InputWalker {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "jpe", "jfif"]

    var includes: [String] = []
    var excludes: [String] = []

    /// Items found, and files ignored (neither PNG/JPEG content nor an image extension), in input order.
    private(set) var items: [InputItem] = []
    private(set) var ignored = 0
    /// Inputs given on the command line that do not exist: (path, reason).
    private(set) var missing: [([UInt8], String)] = []

    static func hasImageExtension(_ name: [UInt8]) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
        return imageExtensions.contains(ext)
    }

    /// Whether a walked file is an item: an image extension, or PNG/JPEG content.
    static func isItem(_ path: [UInt8], name: [UInt8]) -> Bool {
        if hasImageExtension(name) { return true }
        guard let head = FileSystem.head(path, count: 8) else { return false }
        return Decoder.sniff(head) != nil
    }

    func selected(_ relative: [UInt8]) -> Bool {
        let text = String(decoding: relative, as: UTF8.self)
        let name = String(decoding: FileSystem.basename(relative), as: UTF8.self)
        func matches(_ glob: String) -> Bool {
            // A glob with a slash matches the relative path, one without matches the file name.
            let subject = glob.contains("/") ? text : name
            return fnmatch(glob, subject, 0) == 0
        }
        if !includes.isEmpty && !includes.contains(where: matches) { return false }
        return !excludes.contains(where: matches)
    }

    /// Adds an input given on the command line (explicitly named files are always items).
    mutating func add(root: [UInt8]) {
        let (kind, err) = FileSystem.kind(root)
        switch kind {
        case .directory:
            var found: [InputItem] = []
            walk(root: root, dir: root, prefix: [], into: &found)
            found.sort { $0.relativeBytes.lexicographicallyPrecedes($1.relativeBytes) }
            items += found
        case .missing where !FileSystem.isSymlink(root):
            missing.append((root, FileSystem.errorText(err)))
        default:
            // A file named explicitly is always an item (even a broken link: it fails with its reason).
            items.append(InputItem.explicit(root))
        }
    }

    private mutating func walk(root: [UInt8], dir: [UInt8], prefix: [UInt8], into found: inout [InputItem]) {
        let (names, _) = FileSystem.list(dir)
        guard let names else { return }
        for name in names {
            let path = FileSystem.join(dir, name)
            let relative = prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name
            let (kind, _) = FileSystem.kind(path)
            if kind == .directory {
                if !FileSystem.isSymlink(path) { walk(root: root, dir: path, prefix: relative, into: &found) }
                continue
            }
            guard selected(relative) else { continue }
            if Self.isItem(path, name: name) {
                found.append(InputItem(path: path, relative: relative))
            } else {
                ignored += 1
            }
        }
    }
}
