/// What the check before any work counted.
struct PlanSummary: Sendable {
    /// Items of this run (each makes `copies` outputs).
    var items = 0
    /// Items with some output still to make (all of them without `--skip-existing`).
    var pending = 0
    /// Walked files that are neither an image extension nor PNG/JPEG content.
    var ignored = 0
    /// Folders that could not be listed (each is reported as a failed row).
    var unreadableFolders = 0
}

/// Checks a run before any work, so that a run that cannot go right stops with a usage error before writing
/// anything:
/// - two inputs that would write the same output are refused, naming both. The output tree mirrors the input
///   folders, so only items of the same relative folder can collide: the check walks the input folders folder by
///   folder, one relative folder of every input root at once (the named files belong to the top folder), and
///   compares the outputs of that folder only;
/// - an output that would land inside an input folder (an input folder inside the output folder, or a link in the
///   output tree) is refused: it would become an input of this very walk, or overwrite one; so is an existing
///   output that resolves to a file named as an input.
///
/// It also counts the items, those with work left, and the ignored files. Memory is one listing per open folder
/// and 16 bytes per item of the folder being checked, whatever the number of inputs.
struct PlanCheck {
    let planner: Planner
    let filter: ItemFilter
    private(set) var summary = PlanSummary()
    private var explicitResolved: Set<[UInt8]> = []
    /// The resolved input folders, each ending in "/".
    private var rootsResolved: [([UInt8], [UInt8])] = []
    /// The resolved output folder of the relative folder being checked, ending in "/".
    private var outputFolder: [UInt8] = []

    init(planner: Planner, filter: ItemFilter) {
        self.planner = planner
        self.filter = filter
    }

    /// Checks the run over `roots` (as given) and the listed files found under none (`extra`).
    mutating func run(roots: [[UInt8]], extra: [[UInt8]]) throws(UsageError) {
        var dirs: [[UInt8]] = []
        var explicit: [InputItem] = []
        for root in roots {
            if FileSystem.kind(root).0 == .directory {
                dirs.append(root)
                let resolved = FileSystem.resolvedPath(root)
                rootsResolved.append((root, resolved.last == UInt8(ascii: "/") ? resolved : resolved + [UInt8(ascii: "/")]))
            } else {
                let item = InputItem.explicit(root)
                if filter.selects(item) { explicit.append(item) }
            }
        }
        for path in extra {
            let item = InputItem.explicit(path)
            if filter.shard?.contains(item.relativeBytes) ?? true { explicit.append(item) }
        }
        explicitResolved = Set(explicit.compactMap { FileSystem.realPath($0.path) })
        try check(relative: [], dirs: dirs, explicit: explicit)
    }

    /// An item's place in the folder being checked: the hash of its first output, and where to find it again.
    private struct Key {
        var hash: UInt64
        var source: Int32  // index of the listing, -1 for a named file
        var entry: Int32
    }

    private mutating func check(relative: [UInt8], dirs: [[UInt8]], explicit: [InputItem]) throws(UsageError) {
        var listings: [(dir: [UInt8], listing: DirectoryListing)] = []
        for dir in dirs {
            if let listing = DirectoryListing.read(dir).0 { listings.append((dir, listing)) } else { summary.unreadableFolders += 1 }
        }
        func path(_ name: [UInt8]) -> [UInt8] { relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name }

        // With the format kept, one folder's outputs are its names (copies suffixed alike): only two sources (input roots or named files) can
        // collide, so the hashes are kept only then, or when `--format` changes extensions.
        // Label files collide more easily (a.jpg and a.png both label a.txt): with labels, always compare.
        let compare = planner.format != .keep || listings.count + explicit.count > 1 || planner.companions.labelsIn != nil
        // Where this folder's outputs really go (links resolved), once per folder.
        outputFolder = FileSystem.resolvedPath(FileSystem.join(planner.outputRoot, relative))
        if outputFolder.last != UInt8(ascii: "/") { outputFolder.append(UInt8(ascii: "/")) }
        var keys: [Key] = []
        var subfolders: [(name: [UInt8], source: Int)] = []
        for (s, (dir, listing)) in listings.enumerated() {
            for i in 0..<listing.count {
                let name = listing.name(i)
                if listing.isDirectory(i) {
                    subfolders.append((name, s))
                    continue
                }
                switch filter.classify(dir: dir, name: name, relative: path(name), regularFile: listing.isRegularFile(i)) {
                case .item(let item):
                    let hash = try visit(item)
                    if compare { keys.append(Key(hash: hash, source: Int32(s), entry: Int32(i))) }
                case .ignored: summary.ignored += 1
                case .skipped: break
                }
            }
        }
        for (e, item) in explicit.enumerated() { keys.append(Key(hash: try visit(item), source: -1, entry: Int32(e))) }

        func item(_ key: Key) -> InputItem {
            if key.source < 0 { return explicit[Int(key.entry)] }
            let (dir, listing) = listings[Int(key.source)]
            let name = listing.name(Int(key.entry))
            return InputItem(path: FileSystem.join(dir, name), relative: path(name))
        }
        // Two outputs collide only if their first copies do: `<stem>_<k><ext>` adds the same suffix to each.
        keys.sort { ($0.hash, $0.source, $0.entry) < ($1.hash, $1.source, $1.entry) }
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count && keys[end].hash == keys[start].hash { end += 1 }
            if end - start > 1 {
                let items = keys[start..<end].map(item)
                // The first output's label file when the run has labels (it collides whenever the image does), else
                // the image.
                let outputs = items.map { item -> [UInt8] in
                    let first = planner.workItem(item, copies: 0..<1).outputs[0]
                    return first.label ?? first.path
                }
                for a in 0..<items.count {
                    for b in (a + 1)..<items.count where outputs[a] == outputs[b] {
                        throw UsageError(
                            "\(FileSystem.display(items[a].path)) and \(FileSystem.display(items[b].path)) would both "
                                + "write \(FileSystem.display(outputs[a]))")
                    }
                }
            }
            start = end
        }

        // Each subfolder once, with every input root that has it, in name order.
        let folders = listings.map(\.dir)
        listings = []
        keys = []
        subfolders.sort { $0.name.lexicographicallyPrecedes($1.name) }
        var k = 0
        while k < subfolders.count {
            var group: [[UInt8]] = []
            var j = k
            while j < subfolders.count && subfolders[j].name == subfolders[k].name {
                group.append(FileSystem.join(folders[subfolders[j].source], subfolders[j].name))
                j += 1
            }
            try check(relative: path(subfolders[k].name), dirs: group, explicit: [])
            k = j
        }
    }

    /// Refuses an item whose label files no rule can place: Ultralytics' rule needs an `/images/` folder in the
    /// path; and a label output that would overwrite the item's own label file.
    private func checkCompanions(_ work: WorkItem) throws(UsageError) {
        let shown = FileSystem.display(work.input.path)
        if work.labelInput == [], let (rule, folder) = planner.companions.labelsIn?.ruleName {
            throw UsageError(
                "\(shown): no \(folder) folder in its path, so \(rule) gives no label file; pass "
                    + "--labels FORMAT:DIR with the label tree that mirrors the input folder")
        }
        for output in work.outputs {
            if output.label == [], let (rule, folder) = planner.companions.labelsOut?.ruleName {
                throw UsageError(
                    "\(FileSystem.display(output.path)): no \(folder) folder in the output path, so \(rule) "
                        + "gives no label file; pass --labels-out DIR (a label tree mirroring -o)")
            }
            if let label = output.label, let input = work.labelInput,
                FileSystem.resolvedPath(label) == FileSystem.resolvedPath(input)
            {
                throw UsageError("the label output \(FileSystem.display(label)) is the label file of \(shown); choose "
                                 + "another -o or --labels-out")
            }
        }
    }

    /// Counts an item, refuses an existing output that is an input, and returns its first output's hash.
    private mutating func visit(_ item: InputItem) throws(UsageError) -> UInt64 {
        summary.items += 1
        let work = planner.workItem(item)
        if !planner.companions.isEmpty { try checkCompanions(work) }
        for output in work.outputs {
            let resolved = outputFolder + FileSystem.basename(output.path)
            for (root, prefix) in rootsResolved where resolved.starts(with: prefix) {
                throw UsageError(
                    "the output \(FileSystem.display(output.path)) would be written inside the input tree "
                        + "\(FileSystem.display(root)) (as \(FileSystem.display(resolved))); choose another -o")
            }
            if FileSystem.exists(output.path) { try refuseInput(output.path) }
        }
        if work.needsWork { summary.pending += 1 }
        return Shard.hash(work.outputs[0].label ?? work.outputs[0].path)
    }

    private func refuseInput(_ output: [UInt8]) throws(UsageError) {
        guard let resolved = FileSystem.realPath(output) else { return }
        if explicitResolved.contains(resolved) {
            throw UsageError("the output \(FileSystem.display(output)) is an input; choose another -o")
        }
    }
}
