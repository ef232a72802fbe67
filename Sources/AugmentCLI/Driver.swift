import Augment
import Foundation
import Glibc
import ProcessPool

/// Runs a parsed command: walk, plan, dispatch to the pool, stream the report. Returns the exit status.
struct Driver {
    let options: AugmentCommand

    func loadPipeline() throws(UsageError) -> Pipeline {
        if let file = options.pipeline {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UsageError("cannot read the pipeline file \(file)")
            }
            let json: JSONValue
            do {
                json = try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw UsageError("\(file): not valid JSON: \(Self.jsonSyntaxError(data))")
            }
            do {
                return try Pipeline(json: json)
            } catch {
                throw UsageError("\(file): \(error.description.replacingOccurrences(of: "bad pipeline: ", with: ""))")
            }
        }
        do {
            return try Pipeline(parsing: options.ops)
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// The cause of a JSON syntax error, with its line and column, without Swift's `DecodingError` dump
    /// (`JSONDecoder` drops the cause; `JSONSerialization` says "Invalid value around character 8").
    static func jsonSyntaxError(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "not a JSON document"
        } catch let error as NSError {
            var text = (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
            if text.hasSuffix(".") { text.removeLast() }
            if let r = text.range(of: "around character "), let offset = Int(text[r.upperBound...]) {
                let before = data.prefix(offset)
                let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
                let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
                text = String(text[..<r.lowerBound]) + "at line \(line), column \(column)"
            }
            return text
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

    /// The inputs of this run: the roots as given (each must exist), which walked files are items, and the
    /// listed files found under no root (explicit items after the roots).
    func inputs() throws(UsageError) -> (roots: [[UInt8]], filter: ItemFilter, extra: [[UInt8]]) {
        let roots = options.inputs.map { Array($0.utf8) }
        for root in roots where FileSystem.kind(root).0 == .missing && !FileSystem.isSymlink(root) {
            throw UsageError("input \(FileSystem.display(root)): \(FileSystem.errorText(FileSystem.kind(root).1))")
        }
        var filter = ItemFilter(includes: options.include, excludes: options.exclude)
        if let spec = options.shard {
            filter.shard = try Shard.parse(spec, environment: ProcessInfo.processInfo.environment)
        }
        var extra: [[UInt8]] = []
        if let list = options.fromList {
            let listed = try readList(list)
            if roots.isEmpty {
                extra = listed
            } else {
                // The listed files a walk finds keep their relative keys (the same outputs as the run that wrote
                // the list); a listed path under no root is an explicit file.
                let wanted = Set(listed)
                var found: Set<[UInt8]> = []
                var walk = InputWalk(roots: roots, filter: ItemFilter(includes: options.include, excludes: options.exclude))
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
        }
        return (roots, filter, extra)
    }

    func run() async throws -> Int32 {
        let pipeline = try loadPipeline()
        let (roots, filter, extra) = try inputs()
        let format = OutputFormat(rawValue: options.format)!
        let planner = Planner(outputRoot: Array(options.output!.utf8), copies: options.copies, format: format,
                              skipExisting: options.skipExisting)
        try planner.checkOutputFolder(roots: roots)
        var check = PlanCheck(planner: planner, filter: filter)
        try check.run(roots: roots, extra: extra)
        let walk = InputWalk(roots: roots, filter: filter, extra: extra)
        if options.dryRun {
            printPlan(pipeline: pipeline, walk: walk, planner: planner, summary: check.summary)
            return 0
        }
        try probeOutputFolder(planner.outputRoot)
        let config = WorkerConfig(pipeline: pipeline, seed: options.seed, format: format, quality: options.quality,
                                  pngLevel: options.pngCompression, autoOrient: !options.noAutoOrient,
                                  maxPixels: options.maxPixels, wantParams: options.report != nil,
                                  strict: options.strict)
        return try await Dispatcher(options: options, config: config, planner: planner, summary: check.summary)
            .run(walk)
    }

    /// Makes the output folder and writes and removes a probe file in it, so that a folder that cannot be written
    /// is one usage error before any work, not the same failure for every item.
    func probeOutputFolder(_ folder: [UInt8]) throws(UsageError) {
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

    func printPlan(pipeline: Pipeline, walk: InputWalk, planner: Planner, summary: PlanSummary) {
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
                let sampled = pipeline.sample(seed: options.seed, key: item.input.relative, copy: out.copy)
                let state = out.skipped ? " (exists, skipped)" : ""
                print("\(FileSystem.display(item.input.path)) -> \(FileSystem.display(out.path))\(state): \(sampled.reportJSON)")
            }
        }
    }
}
