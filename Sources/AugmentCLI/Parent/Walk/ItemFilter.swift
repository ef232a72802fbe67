import Codecs
import Glibc

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
    /// Classifies the file `name` of folder `dir` (relative path `relative`), walked from an input root;
    /// `regularFile`: its directory entry says it is one (else it is `stat`ed: it may be a link to a folder).
    func classify(dir: [UInt8], name: [UInt8], relative: [UInt8], regularFile: Bool) -> WalkedFile {
        let path = FileSystem.join(dir, name)
        if !regularFile && FileSystem.kind(path).0 == .directory { return .skipped }  // a link to a folder
        guard globsKeep(relative) else { return .skipped }
        guard Self.isImage(path, name: name) else { return .ignored }
        let item = InputItem(path: path, relative: relative)
        return selects(item) ? .item(item) : .skipped
    }
}
