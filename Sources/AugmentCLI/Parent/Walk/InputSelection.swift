import Foundation

/// The inputs of a run as the walk takes them: the roots, which walked files are items, and the files of
/// `--from-list` found under no root (explicit items after the roots).
struct InputSelection: Sendable {
    var roots: [[UInt8]]
    var filter: ItemFilter
    var extra: [[UInt8]]

    /// The walk over these inputs, in input order.
    var walk: InputWalk { InputWalk(roots: roots, filter: filter, extra: extra) }

    /// Resolves the inputs of `configuration`, reading `--from-list` (a file or standard input).
    init(_ configuration: RunConfiguration) throws(UsageError) {
        roots = configuration.roots
        filter = ItemFilter(includes: configuration.includes, excludes: configuration.excludes)
        filter.shard = configuration.shard
        extra = []
        guard let list = configuration.fromList else { return }
        let listed = try Self.readList(list, separator: configuration.listSeparator)
        if roots.isEmpty {
            extra = listed
            return
        }
        // The listed files a walk finds keep their relative keys (the same outputs as the run that wrote the list);
        // a listed path under no root is an explicit file.
        let wanted = Set(listed)
        var found: Set<[UInt8]> = []
        var walk = InputWalk(roots: roots, filter: ItemFilter(includes: filter.includes, excludes: filter.excludes))
        while let entry = walk.next() {
            let path: [UInt8]
            switch entry {
            case .item(let item): path = item.path
            case .unreadableFolder(let folder, _): path = folder
            }
            if let hit = ItemFilter.listedEntry(for: path, in: wanted) { found.insert(hit) }
        }
        filter.listed = wanted
        extra = listed.filter { !found.contains($0) }
    }

    /// Reads a list of raw paths separated by `separator` (a newline or NUL); empty entries are skipped.
    static func readList(_ source: String, separator: UInt8) throws(UsageError) -> [[UInt8]] {
        let data: Data? = source == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                                        : FileManager.default.contents(atPath: source)
        guard let data else { throw UsageError("cannot read the list \(source)") }
        return Array(data).split(separator: separator).map { Array($0) }.filter { !$0.isEmpty }
    }
}
