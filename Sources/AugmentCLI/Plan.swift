/// One output of an item: which copy, where it goes, and whether it is already there.
struct PlannedOutput: Sendable, Hashable {
    var copy: Int
    var path: [UInt8]
    /// `--skip-existing` found it present: not redone.
    var skipped: Bool
}

/// One unit of work: an input and the outputs it makes (its copies), decoded once.
struct WorkItem: Sendable, Hashable {
    var input: InputItem
    var outputs: [PlannedOutput]
}

/// Turns the walked items into work: output paths mirrored under the output folder, copies named
/// `<stem>_<k><ext>`, the format's extension applied with `--format`, collisions and self-overwrites refused.
struct Planner {
    var outputRoot: [UInt8]
    var copies: Int
    var format: OutputFormat
    var skipExisting: Bool

    /// The output path of `relative` for copy `k`.
    func outputPath(_ relative: [UInt8], copy k: Int) -> [UInt8] {
        var name = relative
        var ext: [UInt8] = []
        let base = FileSystem.basename(relative)
        if let dot = base.lastIndex(of: UInt8(ascii: ".")), dot > base.startIndex {
            let cut = relative.count - (base.count - (dot - base.startIndex))
            ext = Array(relative[cut...])
            name = Array(relative[..<cut])
        }
        switch format {
        case .keep: break
        case .png: ext = Array(".png".utf8)
        case .jpeg:
            let lower = String(decoding: ext, as: UTF8.self).lowercased()
            if ![".jpg", ".jpeg", ".jpe", ".jfif"].contains(lower) { ext = Array(".jpg".utf8) }
        }
        if copies > 1 { name += Array("_\(k)".utf8) }
        return FileSystem.join(outputRoot, name + ext)
    }

    /// Plans the work, or explains why it cannot run (a usage error, before any work).
    func plan(_ items: [InputItem], roots: [[UInt8]]) throws(UsageError) -> [WorkItem] {
        let resolvedOut = FileSystem.resolvedPath(outputRoot)
        for root in roots where FileSystem.kind(root).0 == .directory {
            let r = FileSystem.resolvedPath(root)
            if resolvedOut == r || resolvedOut.starts(with: r + [UInt8(ascii: "/")]) {
                throw UsageError(
                    "the output folder \(FileSystem.display(outputRoot)) is inside the input tree "
                        + "\(FileSystem.display(root)): its outputs would become inputs; choose another -o")
            }
        }
        var seen: [[UInt8]: [UInt8]] = [:]
        var work: [WorkItem] = []
        work.reserveCapacity(items.count)
        for item in items {
            var outputs: [PlannedOutput] = []
            for k in 0..<copies {
                let path = outputPath(item.relative, copy: k)
                if let other = seen[path] {
                    throw UsageError(
                        "\(FileSystem.display(other)) and \(FileSystem.display(item.path)) would both write "
                            + "\(FileSystem.display(path))")
                }
                seen[path] = item.path
                let skipped = skipExisting && FileSystem.kind(path).0 == .file
                outputs.append(PlannedOutput(copy: k, path: path, skipped: skipped))
            }
            work.append(WorkItem(input: item, outputs: outputs))
        }
        // An output equal to an input (after resolving links) would destroy the input. Only outputs that
        // exist can be inputs, so the inputs are resolved only when there are some.
        let existing = work.flatMap { w in w.outputs.filter { FileSystem.exists($0.path) } }
        if !existing.isEmpty {
            var inputs: Set<[UInt8]> = []
            for item in items { if let r = FileSystem.realPath(item.path) { inputs.insert(r) } }
            for o in existing {
                if let r = FileSystem.realPath(o.path), inputs.contains(r) {
                    throw UsageError("the output \(FileSystem.display(o.path)) is an input; choose another -o")
                }
            }
        }
        return work
    }
}

/// `--format`.
enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case keep, png, jpeg
}
