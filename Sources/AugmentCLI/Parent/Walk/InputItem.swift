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
