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
                switch filter.classify(dir: dir, name: name, relative: relative,
                                       regularFile: stack[top].listing.isRegularFile(i)) {
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
