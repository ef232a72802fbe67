import Augment
import Foundation
import ProcessPool

/// Runs a parsed command: walk, plan, dispatch to the pool, stream the report. Returns the exit status.
struct Driver {
    let options: AugmentCommand

    func loadPipeline() throws(UsageError) -> Pipeline {
        if let file = options.pipeline {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UsageError("cannot read the pipeline file \(file)")
            }
            do {
                return try JSONDecoder().decode(Pipeline.self, from: data)
            } catch {
                throw UsageError("bad pipeline file \(file): \(error)")
            }
        }
        do {
            return try Pipeline(parsing: options.ops)
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// Reads `--from-list` (a file or standard input), newline- or NUL-separated raw paths.
    func readList(_ source: String) throws(UsageError) -> [[UInt8]] {
        let data: Data?
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: source)
        }
        guard let data else { throw UsageError("cannot read the list \(source)") }
        let separator: UInt8 = options.null ? 0 : UInt8(ascii: "\n")
        return Array(data).split(separator: separator).map { Array($0) }.filter { !$0.isEmpty }
    }

    /// The items to process, in input order, and how many files were ignored.
    func collectItems() throws(UsageError) -> (items: [InputItem], ignored: Int, roots: [[UInt8]]) {
        var walker = InputWalker(includes: options.include, excludes: options.exclude)
        let roots = options.inputs.map { Array($0.utf8) }
        for root in roots { walker.add(root: root) }
        if let (path, why) = walker.missing.first {
            throw UsageError("input \(FileSystem.display(path)): \(why)")
        }
        var items = walker.items
        if let list = options.fromList {
            let listed = try readList(list)
            if roots.isEmpty {
                items = listed.map(InputItem.explicit)
            } else {
                // Keep the walked items the list names (same keys and outputs as the run that wrote it);
                // a listed path under no root is an explicit file.
                let wanted = Set(listed)
                let found = Set(items.map(\.path))
                items = items.filter { wanted.contains($0.path) }
                items += listed.filter { !found.contains($0) }.map(InputItem.explicit)
            }
        }
        return (items, walker.ignored, roots)
    }

    func run() async throws -> Int32 {
        let pipeline = try loadPipeline()
        var (items, ignored, roots) = try collectItems()
        if let spec = options.shard {
            let shard = try Shard.parse(spec, environment: ProcessInfo.processInfo.environment)
            items = items.filter { shard.contains($0.relativeBytes) }
        }
        let format = OutputFormat(rawValue: options.format)!
        let planner = Planner(outputRoot: Array(options.output!.utf8), copies: options.copies, format: format,
                              skipExisting: options.skipExisting)
        let work = try planner.plan(items, roots: roots)
        if options.dryRun {
            printPlan(pipeline: pipeline, work: work, planner: planner, ignored: ignored)
            return 0
        }
        let config = WorkerConfig(pipeline: pipeline, seed: options.seed, format: format, quality: options.quality,
                                  pngLevel: options.pngCompression, autoOrient: !options.noAutoOrient,
                                  maxPixels: options.maxPixels, wantParams: options.report != nil)
        return try await Dispatcher(options: options, config: config, work: work, planner: planner, ignored: ignored).run()
    }

    func printPlan(pipeline: Pipeline, work: [WorkItem], planner: Planner, ignored: Int) {
        var text = "pipeline: \(pipeline)\n"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let json = try? encoder.encode(pipeline) { text += "pipeline JSON: \(String(decoding: json, as: UTF8.self))\n" }
        text += "items: \(work.count), outputs: \(work.count * planner.copies), ignored files: \(ignored)\n"
        print(text, terminator: "")
        for item in work {
            for out in item.outputs(planner) {
                let sampled = pipeline.sample(seed: options.seed, key: item.input.relative, copy: out.copy)
                let state = out.skipped ? " (exists, skipped)" : ""
                print("\(FileSystem.display(item.input.path)) -> \(FileSystem.display(out.path))\(state): \(sampled.reportJSON)")
            }
        }
    }
}
