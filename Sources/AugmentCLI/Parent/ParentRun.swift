import Augment
import Foundation
import Glibc

/// The parent process of a run: selects the inputs, checks the plan before any work, prints it for `--dry-run`,
/// probes the output folder, then hands the walk to the ``BatchRunner``. Returns the exit status.
struct ParentRun {
    let configuration: RunConfiguration

    func run() async throws -> Int32 {
        let inputs = try InputSelection(configuration)
        let planner = configuration.planner
        try planner.checkOutputFolder(roots: inputs.roots)
        var check = PlanCheck(planner: planner, filter: inputs.filter)
        try check.run(roots: inputs.roots, extra: inputs.extra)
        if configuration.dryRun {
            printPlan(walk: inputs.walk, planner: planner, summary: check.summary)
            return 0
        }
        try Self.probeOutputFolder(planner.outputRoot)
        return try await BatchRunner(configuration: configuration, summary: check.summary).run(inputs.walk)
    }

    /// Makes the output folder and writes and removes a probe file in it, so that a folder that cannot be written
    /// is one usage error before any work, not the same failure for every item.
    static func probeOutputFolder(_ folder: [UInt8]) throws(UsageError) {
        let shown = FileSystem.display(folder)
        let made = FileSystem.makeDirectories(folder)
        guard made == 0 else { throw UsageError("cannot create the output folder \(shown): \(FileSystem.errorText(made))") }
        let probe = FileSystem.join(folder, Array(".augment-probe-\(getpid())".utf8))
        let fd = FileSystem.withCString(probe) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        guard fd >= 0 else {
            throw UsageError("cannot write in the output folder \(shown): \(FileSystem.errorText(errno))")
        }
        let written = Glibc.write(fd, "x", 1)
        let writeError = errno
        close(fd)
        _ = FileSystem.withCString(probe) { unlink($0) }
        guard written == 1 else {
            throw UsageError("cannot write in the output folder \(shown): \(FileSystem.errorText(writeError))")
        }
    }

    /// `--dry-run`: the pipeline (as op strings and as JSON), the counts, and every output with its parameters.
    func printPlan(walk: InputWalk, planner: Planner, summary: PlanSummary) {
        let pipeline = configuration.pipeline
        var text = "pipeline: \(pipeline)\n"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let json = try? encoder.encode(pipeline) { text += "pipeline JSON: \(String(decoding: json, as: UTF8.self))\n" }
        text += "items: \(summary.items), outputs: \(summary.items * planner.copies), ignored files: \(summary.ignored)\n"
        print(text, terminator: "")
        var walk = walk
        while let entry = walk.next() {
            guard case .item(let input) = entry else {
                if case .unreadableFolder(let path, let errno) = entry {
                    print("\(FileSystem.display(path)): cannot read the folder: \(FileSystem.errorText(errno))")
                }
                continue
            }
            let item = planner.workItem(input)
            for out in item.outputs {
                let sampled = pipeline.sample(seed: configuration.seed, key: item.input.relative, copy: out.copy)
                let state = out.skipped ? " (exists, skipped)" : ""
                print("\(FileSystem.display(item.input.path)) -> \(FileSystem.display(out.path))\(state): \(sampled.reportJSON)")
                if let label = out.label, let input = item.labelInput {
                    print("  labels \(FileSystem.display(input)) -> \(FileSystem.display(label))")
                }
                if let mask = out.mask, let input = item.maskInput {
                    print("  mask \(FileSystem.display(input)) -> \(FileSystem.display(mask))")
                }
            }
        }
    }
}
