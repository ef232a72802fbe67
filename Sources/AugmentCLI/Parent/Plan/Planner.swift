/// One output of an item: which copy, where it goes (with its label and mask files, when the run has them), and
/// whether it is already there.
struct PlannedOutput: Sendable, Hashable {
    var copy: Int
    var path: [UInt8]
    /// The output's label file (`--labels`), nil without labels.
    var label: [UInt8]? = nil
    /// The output's mask (`--masks`), nil without masks.
    var mask: [UInt8]? = nil
    /// `--skip-existing` found it present (the image and each of its label and mask files): not redone.
    var skipped: Bool

    /// Every file of the output: the image, then its label and mask files.
    var files: [[UInt8]] { [path] + [label, mask].compactMap { $0 } }
}

/// One unit of work: an input and some of the outputs it makes (a run of its copies, at most
/// ``Planner/copiesPerJob``), decoded once. Made by ``Planner/workItem(_:copies:)`` as the item is taken from the
/// walk: only the pool's window of them exists at a time, whatever `--copies` is.
struct WorkItem: Sendable, Hashable {
    var input: InputItem
    /// The input's label file (nil without `--labels`) and mask (nil without `--masks`).
    var labelInput: [UInt8]? = nil
    var maskInput: [UInt8]? = nil
    /// The outputs, in copy order.
    var outputs: [PlannedOutput]

    /// Whether some output of this item is still to be made.
    var needsWork: Bool { outputs.contains { !$0.skipped } }
}

/// Turns the walked items into work: output paths mirrored under the output folder, copies named
/// `<stem>_<k><ext>`, the format's extension applied with `--format`, collisions and self-overwrites refused.
struct Planner: Sendable {
    var outputRoot: [UInt8]
    var copies: Int
    var format: OutputFormat
    var skipExisting: Bool
    /// Where labels and masks are read and written.
    var companions: CompanionRules = .none

    /// The output path of `relative` for copy `k`.
    func outputPath(_ relative: ArraySlice<UInt8>, copy k: Int) -> [UInt8] {
        FileSystem.join(outputRoot, outputRelativePath(relative, copy: k))
    }

    /// The output of `relative` for copy `k`, relative to the output folder.
    func outputRelativePath(_ relative: ArraySlice<UInt8>, copy k: Int) -> [UInt8] {
        var name = Array(relative)
        var ext: [UInt8] = []
        let base = FileSystem.basename(name)
        if let dot = base.lastIndex(of: UInt8(ascii: ".")), dot > base.startIndex {
            let cut = relative.count - (base.count - (dot - base.startIndex))
            ext = Array(name[cut...])
            name = Array(name[..<cut])
        }
        switch format {
        case .keep: break
        case .png: ext = Array(".png".utf8)
        case .jpeg:
            let lower = String(decoding: ext, as: UTF8.self).lowercased()
            if ![".jpg", ".jpeg", ".jpe", ".jfif"].contains(lower) { ext = Array(".jpg".utf8) }
        }
        if copies > 1 { name += Array("_\(k)".utf8) }
        return name + ext
    }

    /// The most copies of one input that one job makes: an item with more is sent as several jobs (each decodes
    /// the input once), so that a job's time, its messages and the parent's memory do not grow with `--copies`.
    static let copiesPerJob = 16

    /// The work for copies `range` of one input (all of them by default): its outputs, and which of them
    /// `--skip-existing` finds present.
    func workItem(_ input: InputItem, copies range: Range<Int>? = nil) -> WorkItem {
        var item = WorkItem(input: input, outputs: (range ?? 0..<copies).map { k in
            let relative = outputRelativePath(input.relativeBytes, copy: k)
            let path = FileSystem.join(outputRoot, relative)
            var output = PlannedOutput(copy: k, path: path, skipped: false)
            if companions.labelsIn != nil { output.label = companions.labelOutput(path: path, relative: relative) ?? [] }
            output.mask = companions.maskOutput(relative: relative)
            output.skipped = skipExisting && output.files.allSatisfy { FileSystem.kind($0).0 == .file }
            return output
        })
        if companions.labelsIn != nil {
            item.labelInput = companions.labelInput(path: input.path, relative: input.relative) ?? []
        }
        item.maskInput = companions.maskInput(relative: input.relative)
        return item
    }

    /// Refuses an output folder inside an input folder (its outputs would become inputs).
    func checkOutputFolder(roots: [[UInt8]]) throws(UsageError) {
        let resolvedOut = FileSystem.resolvedPath(outputRoot)
        for root in roots where FileSystem.kind(root).0 == .directory {
            let r = FileSystem.resolvedPath(root)
            if resolvedOut == r || resolvedOut.starts(with: r + [UInt8(ascii: "/")]) {
                throw UsageError(
                    "the output folder \(FileSystem.display(outputRoot)) is inside the input tree "
                        + "\(FileSystem.display(root)): its outputs would become inputs; choose another -o")
            }
        }
    }
}
