import Codecs
import DequeModule
import Dispatch
import Glibc
import Labels
import ProcessPool
import Synchronization

/// Runs the batch in the parent: sends the planned work to the worker pool, streams the report in input order,
/// shows progress, and handles SIGINT/SIGTERM: dispatch stops, workers are stopped, what finished is reported,
/// no temporary file remains.
struct BatchRunner {
    let configuration: RunConfiguration
    let summary: PlanSummary
    var planner: Planner { configuration.planner }

    /// The signal that interrupted the run (SIGINT or SIGTERM), 0 while none.
    static let interruption = Atomic<Int32>(0)

    /// The temporary file a worker writes `output` through: hidden, in the output's folder, named by the
    /// parent so that the parent can remove it after an interrupt.
    static func temporaryPath(_ output: [UInt8]) -> [UInt8] { AtomicFile.temporaryPath(for: output) }

    static func job(for item: WorkItem) -> JobMessage {
        JobMessage(input: item.input.path, relative: item.input.relative, labelInput: item.labelInput,
                   maskInput: item.maskInput, outputs: item.outputs.filter { !$0.skipped }.map {
            JobMessage.Output(copy: $0.copy, image: .init($0.path), label: $0.label.map(JobMessage.File.init),
                              mask: $0.mask.map(JobMessage.File.init))
        })
    }

    /// The job of a COCO run's item: its image's entry and annotations, and each output's name relative to `-o`.
    static func job(for item: WorkItem, image: COCOFile.Image, planner: Planner) -> JobMessage {
        var job = job(for: item)
        let names = item.outputs.filter { !$0.skipped }.map {
            planner.outputRelativePath(item.input.relativeBytes, copy: $0.copy)
        }
        job.coco = JobMessage.COCOJob(entry: image.entry, annotations: image.annotations, names: names,
                                      copies: planner.copies)
        return job
    }

    /// A unit taken from the walk and not yet reported: a run of an item's copies with its job when it has work,
    /// or a folder the walk could not list.
    private enum Pending {
        /// The failure is the item's when it has no job for a reason found in the parent (a COCO file that does
        /// not list it).
        case work(WorkItem, JobSlot?, failure: String?)
        case unreadableFolder(path: [UInt8], errno: Int32)
    }

    /// A pool job and where an item's result is in it: the job of one item, or item `index` of a bundle of
    /// `count` (``JobBundle``), whose result is decoded once for all its items.
    private final class JobSlot {
        let future: JobFuture
        let index: Int, count: Int
        /// The bundle's results, shared by its items' slots; nil until the first of them reads it.
        let shared: SharedResults?

        final class SharedResults {
            var messages: Result<[[UInt8]], any Error>?
        }

        init(future: JobFuture, index: Int = 0, count: Int = 1, shared: SharedResults? = nil) {
            (self.future, self.index, self.count, self.shared) = (future, index, count, shared)
        }

        /// This item's result message; a bundle that failed as a whole (a crash, a timeout) throws its
        /// ``PoolError``.
        func result() async throws -> [UInt8] {
            guard let shared else { return try await future.result() }
            if shared.messages == nil {
                do {
                    let payload = try await future.result()
                    guard let messages = try JobBundle.decode(payload), messages.count == count else {
                        throw WireReader.Malformed()
                    }
                    shared.messages = .success(messages)
                } catch {
                    shared.messages = .failure(error)
                }
            }
            return try shared.messages!.get()[index]
        }
    }

    /// The result payload `result` gives, or why there is none: the pool's error (the worker died or was killed,
    /// whatever it was writing of `outputs` is removed as a leftover) or a malformed reply.
    private static func payload(of result: () async throws -> [UInt8], outputs: [PlannedOutput])
        async -> (payload: [UInt8]?, failure: String?)
    {
        do {
            return (try await result(), nil)
        } catch {
            guard let error = error as? PoolError else { return (nil, "malformed result from a worker") }
            for out in outputs where !out.skipped {
                for file in out.files { AtomicFile.remove(AtomicFile.temporaryPath(for: file)) }
            }
            return (nil, "\(error)")
        }
    }

    /// How many small items go in one job: enough for about ``bundleMilliseconds`` of work, from the running
    /// mean of the items' own times, at most ``bundleLimit`` (1: every item alone, as for large images).
    static let bundleMilliseconds = 8.0
    static let bundleLimit = 16

    /// The exit status after the report or the failed list could not be written (the run stops there).
    static let outputStreamFailure: Int32 = 3

    /// Runs the items of `walk`, reporting them in input order. Items are taken from the walk only as the pool's
    /// window frees up, an item's copies in jobs of at most ``Planner/copiesPerJob``, so the parent holds at most a
    /// few windows of outputs whatever the number of inputs or of copies.
    func run(_ walk: InputWalk) async throws -> Int32 {
        let planner = self.planner
        let progress = Progress(total: summary.items * planner.copies + summary.unreadableFolders,
                                verbosity: configuration.verbosity)
        let report = try configuration.report.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let failedList = try configuration.failed.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let separator = configuration.listSeparator

        let jobsPerItem = (planner.copies + Planner.copiesPerJob - 1) / Planner.copiesPerJob
        var settings = PoolConfiguration(workers: max(1, min(configuration.workers, summary.pending * jobsPerItem)))
        // A wider window than the pool's default (2 x workers) keeps workers fed between small images;
        // finished results wait in order in the parent, a few hundred bytes each.
        settings.window = max(8, 4 * settings.workers)
        settings.retries = configuration.retries
        settings.taskTimeout = .milliseconds(Int64(configuration.taskTimeout * 1000))
        settings.arguments = [WorkerEntry.flag]
        settings.environment = [WorkerConfig.environmentKey: configuration.workerConfig.encoded()]
        let window = settings.effectiveWindow
        let coco = configuration.coco
        let cocoWriter = try coco.map { (c) throws(UsageError) in try COCOWriter(output: c.output) }
        // Which input each COCO image went to (its path), so that a second claim names the first.
        var cocoClaims = [[UInt8]?](repeating: nil, count: coco?.file.images.count ?? 0)
        let pool = try ProcessPool(settings)

        let signals = SignalWatcher { signal in
            BatchRunner.interruption.store(signal, ordering: .relaxed)
            Task { await pool.shutdown(wait: false, cancelPending: true) }
        }
        defer { signals.stop() }

        // The report or the failed list that could not be written, and why: the run stops there.
        var streamFailure: String?
        // The input of the last failed row, and of the last announced one: an input is named once in the failed
        // list and on standard error, however many of its copies fail (its rows are consecutive).
        var lastFailedInput: [UInt8]?
        var lastAnnouncedInput: [UInt8]?
        func emit(_ row: ReportRow) {
            report?.write(row.jsonLine)
            if row.status == .failed && row.input != lastFailedInput {
                lastFailedInput = row.input
                failedList?.write(row.input + [separator])
            }
            let notable = row.status == .failed || (row.status == .ok && row.warnings != nil)
            let announce = notable && row.input != lastAnnouncedInput
            if announce { lastAnnouncedInput = row.input }
            progress.record(row, announce: announce)
            for stream in [report, failedList] {
                if let stream, let failure = stream.failure, streamFailure == nil {
                    streamFailure = "cannot write \(stream.name): \(failure)"
                    Task { await pool.shutdown(wait: false, cancelPending: true) }
                }
            }
        }
        var interrupted: Bool { BatchRunner.interruption.load(ordering: .relaxed) != 0 || streamFailure != nil }

        // The units taken from the walk, in input order; at most `window` of them have a job in the pool, and
        // units with nothing to do (all copies skipped, unreadable folders) wait their turn beside them, a bounded
        // number too.
        var walk = walk
        var queue = Deque<Pending>()
        var submitted = 0
        // The item whose copies are being split into jobs, its next copy, and its COCO image (an index into the
        // file's images, or why it has none).
        var splitting: (input: InputItem, next: Int, coco: Result<Int, ItemFailure>?)?
        // The running mean of an item's milliseconds in the workers (0 until one is known), and the bundle size it
        // gives. Bundles only hold items of one job each, outside COCO runs.
        var meanMilliseconds = 0.0
        var bundleSize: Int {
            guard coco == nil, jobsPerItem == 1, meanMilliseconds > 0 else { return 1 }
            return max(1, min(Self.bundleLimit, Int(Self.bundleMilliseconds / meanMilliseconds)))
        }
        // Items taken for the bundle being filled (their jobs, not yet sent) and their place in `queue`.
        var filling: [(job: [UInt8], slot: Int)] = []
        func sendBundle() {
            guard !filling.isEmpty else { return }
            // After an interrupt nothing more is sent: the items taken are not reported, as cancelled ones are not.
            if interrupted {
                filling = []
                return
            }
            if filling.count == 1 {
                let future = pool.submit(filling[0].job)
                if case .work(let item, _, let failure) = queue[filling[0].slot] {
                    queue[filling[0].slot] = .work(item, JobSlot(future: future), failure: failure)
                }
            } else {
                let future = pool.submit(JobBundle.encode(filling.map(\.job)))
                let shared = JobSlot.SharedResults()
                for (i, f) in filling.enumerated() {
                    if case .work(let item, _, let failure) = queue[f.slot] {
                        queue[f.slot] = .work(item, JobSlot(future: future, index: i, count: filling.count,
                                                            shared: shared), failure: failure)
                    }
                }
            }
            submitted += 1
            filling = []
        }
        func nextUnit() -> Pending? {
            if splitting == nil {
                switch walk.next() {
                case nil: return nil
                case .unreadableFolder(let path, let errno): return .unreadableFolder(path: path, errno: errno)
                case .item(let input): splitting = (input, 0, coco.map { claim(input, in: $0) })
                }
            }
            guard let current = splitting else { return nil }
            let (input, first, match) = current
            let end = min(planner.copies, first + Planner.copiesPerJob)
            splitting = end < planner.copies ? (input, end, match) : nil
            let item = planner.workItem(input, copies: first..<end)
            var slot: JobSlot?
            var failure: String?
            if item.needsWork {
                switch match {
                case nil:
                    // Sent with the next items when they are small (`sendBundle`), else alone now.
                    if bundleSize > 1 {
                        filling.append((Self.job(for: item).encoded(), queue.count))
                        return .work(item, nil, failure: nil)
                    }
                    slot = JobSlot(future: pool.submit(Self.job(for: item).encoded()))
                case .success(let i)?:
                    slot = JobSlot(future: pool.submit(
                        Self.job(for: item, image: coco!.file.images[i], planner: planner).encoded()))
                case .failure(let f)?: failure = f.description
                }
                if slot != nil { submitted += 1 }
            }
            return .work(item, slot, failure: failure)
        }
        /// Matches an input to its COCO image; an image already taken by another input fails this one.
        func claim(_ input: InputItem, in coco: COCOSource) -> Result<Int, ItemFailure> {
            guard let i = coco.image(relative: input.relative) else {
                return .failure(ItemFailure("labels: " + coco.unmatchedReason(relative: input.relative)))
            }
            if let other = cocoClaims[i] {
                return .failure(ItemFailure(
                    "labels: image \(coco.file.images[i].id) ('\(FileSystem.display(coco.file.images[i].fileName))') "
                        + "of \(FileSystem.display(coco.path)) is already \(FileSystem.display(other))'s"))
            }
            cocoClaims[i] = input.path
            return .success(i)
        }
        while true {
            while !interrupted && submitted < window && queue.count < 4 * window * bundleSize,
                let unit = nextUnit()
            {
                queue.append(unit)
                if filling.count >= bundleSize { sendBundle() }
            }
            // What is taken is sent, even a bundle short of its size (the walk's end, a window full of jobs).
            sendBundle()
            guard let pending = queue.popFirst() else { break }
            let item: WorkItem, slot: JobSlot?
            var itemError: String?
            switch pending {
            case .unreadableFolder(let path, let errno):
                if !interrupted { emit(.unreadableFolder(path, errno: errno)) }
                continue
            case .work(let i, let s, let failure): (item, slot, itemError) = (i, s, failure)
            }
            let outputs = item.outputs
            var results: [Int: ResultMessage.Row] = [:]
            if let slot {
                if slot.index == 0 { submitted -= 1 }
                var (payload, failure) = await Self.payload(of: slot.result, outputs: outputs)
                // A bundle fails as a whole: each of its items is run again alone, so that only the item that
                // crashed (or hung) fails.
                if failure != nil && slot.count > 1 && !interrupted {
                    let solo = pool.submit(Self.job(for: item).encoded())
                    (payload, failure) = await Self.payload(of: { try await solo.result() }, outputs: outputs)
                }
                if let failure { itemError = failure }
                if let payload {
                    do {
                        let rows = try ResultMessage(decoding: payload).rows
                        for row in rows { results[row.copy] = row }
                        cocoWriter?.add(rows.compactMap { $0.error == nil ? $0.coco : nil }, copies: planner.copies)
                        let milliseconds = rows.reduce(0) { $0 + $1.milliseconds }
                        meanMilliseconds = meanMilliseconds == 0
                            ? milliseconds : 0.9 * meanMilliseconds + 0.1 * milliseconds
                    } catch {
                        itemError = "malformed result from a worker"
                    }
                }
                // A job the interrupt cancelled or killed did not finish: it is not reported.
                if interrupted && results.isEmpty { continue }
            } else if interrupted {
                continue
            }
            for out in outputs {
                if out.skipped {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy, status: .skipped))
                } else if let row = results[out.copy] {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy,
                                   status: row.error == nil ? .ok : .failed, error: row.error,
                                   warnings: row.warnings > 0 ? (row.warnings, row.firstWarning) : nil,
                                   labels: row.labels, lossless: row.lossless,
                                   params: row.params, affine: row.affine.count == 6 ? row.affine : nil,
                                   milliseconds: row.milliseconds))
                } else {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy, status: .failed,
                                   error: itemError ?? "no result for this copy"))
                }
            }
        }
        let signal = BatchRunner.interruption.load(ordering: .relaxed)
        await pool.shutdown(wait: true, cancelPending: signal != 0 || streamFailure != nil)
        report?.close()
        failedList?.close()
        if let coco, let cocoWriter {
            Self.reportUnlisted(coco, claims: cocoClaims, shard: configuration.shard)
            if let failure = cocoWriter.finish(headerLine: coco.file.headerLine), streamFailure == nil {
                streamFailure = failure
            }
        }
        if streamFailure == nil, let stream = [report, failedList].compactMap({ $0 }).first(where: { $0.failure != nil }) {
            streamFailure = "cannot write \(stream.name): \(stream.failure!)"
        }
        progress.summary(ignored: summary.ignored,
                         interrupted: signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : nil)
        if let streamFailure {
            StandardError.write("augment: \(streamFailure); the run stopped there (exit \(Self.outputStreamFailure))\n")
            return Self.outputStreamFailure
        }
        if signal != 0 { return 128 + signal }
        return progress.failed > 0 ? 1 : 0
    }

    /// Names on standard error the images of the COCO file that no input of this run matched (with a shard,
    /// those whose `file_name` hashes to it): listed but absent, reported, not guessed.
    static func reportUnlisted(_ coco: COCOSource, claims: [[UInt8]?], shard: Shard?) {
        var missing: [[UInt8]] = []
        var count = 0
        for (i, image) in coco.file.images.enumerated() where claims[i] == nil {
            let name = COCOSource.normalized(image.fileName)
            guard shard?.contains(name) ?? true else { continue }
            count += 1
            if missing.count < 5 { missing.append(name) }
        }
        guard count > 0 else { return }
        let names = missing.map(FileSystem.display).joined(separator: ", ") + (count > missing.count ? ", ..." : "")
        StandardError.write("augment: \(count) image\(count == 1 ? "" : "s") of \(FileSystem.display(coco.path)) "
                            + "matched no input (\(names)); they are not in \(FileSystem.display(coco.output))\n")
    }
}
