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

/// Which files of a walk are items of this run: an image (by extension or content) that passes the include and
/// exclude globs, is in `--from-list` when one names files under the roots, and falls in the `--shard`.
struct ItemFilter: Sendable {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "jpe", "jfif"]

    var includes: [String] = []
    var excludes: [String] = []
    var shard: Shard?
    /// With `--from-list` and input roots: only the listed paths found in the walk are items (a listed folder, as
    /// a failed list names an unreadable one, stands for every file under it).
    var listed: Set<[UInt8]>?

    /// The entry of `listed` that selects `path`: the path itself, or the nearest listed folder above it.
    static func listedEntry(for path: [UInt8], in listed: Set<[UInt8]>) -> [UInt8]? {
        if listed.contains(path) { return path }
        var end = path.count
        while let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")), slash > 0 {
            let folder = Array(path[..<slash])
            if listed.contains(folder) { return folder }
            end = slash
        }
        return nil
    }

    static func hasImageExtension(_ name: [UInt8]) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
        return imageExtensions.contains(ext)
    }

    /// Whether a walked file is an image: an image extension, or PNG/JPEG content.
    static func isImage(_ path: [UInt8], name: [UInt8]) -> Bool {
        if hasImageExtension(name) { return true }
        guard let head = FileSystem.head(path, count: 8) else { return false }
        return Decoder.sniff(head) != nil
    }

    /// Whether the globs keep a walked file (a glob with a slash matches the relative path, one without the name).
    func globsKeep(_ relative: [UInt8]) -> Bool {
        if includes.isEmpty && excludes.isEmpty { return true }
        let text = String(decoding: relative, as: UTF8.self)
        let name = String(decoding: FileSystem.basename(relative), as: UTF8.self)
        func matches(_ glob: String) -> Bool { fnmatch(glob, glob.contains("/") ? text : name, 0) == 0 }
        if !includes.isEmpty && !includes.contains(where: matches) { return false }
        return !excludes.contains(where: matches)
    }

    /// Whether an image found in the walk, or named as an input, is an item of this run (list and shard).
    func selects(_ item: InputItem) -> Bool {
        if let listed, Self.listedEntry(for: item.path, in: listed) == nil { return false }
        return shard?.contains(item.relativeBytes) ?? true
    }
}

/// What a walked file turned out to be.
enum WalkedFile {
    case item(InputItem)
    /// Neither an image extension nor PNG/JPEG content: ignored and counted.
    case ignored
    /// Left out by the globs, the list or the shard; or a link to a folder, which is not followed.
    case skipped
}

extension ItemFilter {
    /// Classifies the file `name` of folder `dir` (relative path `relative`), walked from an input root.
    func classify(dir: [UInt8], name: [UInt8], relative: [UInt8]) -> WalkedFile {
        let path = FileSystem.join(dir, name)
        if FileSystem.kind(path).0 == .directory { return .skipped }  // a link to a folder
        guard globsKeep(relative) else { return .skipped }
        guard Self.isImage(path, name: name) else { return .ignored }
        let item = InputItem(path: path, relative: relative)
        return selects(item) ? .item(item) : .skipped
    }
}

/// What the walk yields, in input order: an item, or a folder it could not list (reported like a failed item: a
/// report row naming the folder and the cause, a line of the failed list, exit 1; the rest of the walk goes on).
enum WalkEntry: Sendable, Hashable {
    case item(InputItem)
    /// A folder that `opendir` or `readdir` refused, with errno.
    case unreadableFolder(path: [UInt8], errno: Int32)
}

/// The inputs of a run, one item at a time, in input order: each input in the order given, a folder walked
/// depth first in the byte order of relative paths (hidden files and folders skipped, links to folders not
/// followed), then the listed files found under no input. Memory is one listing per open folder, whatever the
/// number of inputs.
struct InputWalk: IteratorProtocol {
    typealias Element = WalkEntry
    let roots: [[UInt8]]
    let filter: ItemFilter
    /// Files named by `--from-list` that no walk finds: explicit items after the roots.
    let extra: [[UInt8]]

    private struct Frame {
        var dir: [UInt8]
        var prefix: [UInt8]
        var listing: DirectoryListing
        var position = 0
    }
    private var stack: [Frame] = []
    private var rootIndex = 0
    private var extraIndex = 0

    init(roots: [[UInt8]], filter: ItemFilter, extra: [[UInt8]] = []) {
        self.roots = roots
        self.filter = filter
        self.extra = extra
    }

    mutating func next() -> WalkEntry? {
        while true {
            if !stack.isEmpty {
                let top = stack.count - 1
                let i = stack[top].position
                guard i < stack[top].listing.count else {
                    stack.removeLast()
                    continue
                }
                stack[top].position += 1
                let name = stack[top].listing.name(i)
                let dir = stack[top].dir
                let prefix = stack[top].prefix
                let relative = prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name
                if stack[top].listing.isDirectory(i) {
                    let path = FileSystem.join(dir, name)
                    let (listing, error) = DirectoryListing.read(path)
                    guard let listing else { return .unreadableFolder(path: path, errno: error) }
                    stack.append(Frame(dir: path, prefix: relative, listing: listing))
                    continue
                }
                switch filter.classify(dir: dir, name: name, relative: relative) {
                case .item(let item): return .item(item)
                case .ignored, .skipped: break  // ignored files are counted by the check
                }
                continue
            }
            if rootIndex < roots.count {
                let root = roots[rootIndex]
                rootIndex += 1
                if FileSystem.kind(root).0 == .directory {
                    let (listing, error) = DirectoryListing.read(root)
                    guard let listing else { return .unreadableFolder(path: root, errno: error) }
                    stack.append(Frame(dir: root, prefix: [], listing: listing))
                    continue
                }
                // A file named explicitly is always an item (even a broken link: it fails with its reason).
                let item = InputItem.explicit(root)
                if filter.selects(item) { return .item(item) }
                continue
            }
            if extraIndex < extra.count {
                let item = InputItem.explicit(extra[extraIndex])
                extraIndex += 1
                if filter.shard?.contains(item.relativeBytes) ?? true { return .item(item) }
                continue
            }
            return nil
        }
    }
}
