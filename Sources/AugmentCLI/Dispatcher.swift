import Codecs
import Dispatch
import Glibc
import ProcessPool
import Synchronization

/// Sends the planned work to the worker pool, streams the report in input order, shows progress, and
/// handles SIGINT/SIGTERM: dispatch stops, workers are stopped, what finished is reported, no temporary
/// file remains.
struct Dispatcher {
    let options: AugmentCommand
    let config: WorkerConfig
    let work: [WorkItem]
    let planner: Planner
    let ignored: Int

    /// The signal that interrupted the run (SIGINT or SIGTERM), 0 while none.
    static let interruption = Atomic<Int32>(0)

    /// The temporary file a worker writes `output` through: hidden, in the output's folder, named by the
    /// parent so that the parent can remove it after an interrupt.
    static func temporaryPath(_ output: [UInt8]) -> [UInt8] { AtomicFile.temporaryPath(for: output) }

    static func job(for item: WorkItem, _ planner: Planner) -> JobMessage {
        JobMessage(input: item.input.path, relative: item.input.relative, outputs: item.outputs(planner).filter { !$0.skipped }.map {
            JobMessage.Output(copy: $0.copy, path: $0.path, temporary: Self.temporaryPath($0.path))
        })
    }

    /// The encoded jobs of the items with work left, made one at a time as the pool's window asks for them.
    struct Jobs: Sequence, Sendable {
        let items: [WorkItem]
        let planner: Planner
        func makeIterator() -> some IteratorProtocol<[UInt8]> {
            items.lazy.filter { $0.needsWork }.map { Dispatcher.job(for: $0, planner).encoded() }
                .makeIterator()
        }
    }

    func run() async throws -> Int32 {
        let verbosity: Progress.Verbosity = options.quiet ? .quiet : options.verbose ? .verbose : .normal
        let progress = Progress(total: work.count * planner.copies, verbosity: verbosity)
        let report = try options.report.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let failedList = try options.failed.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let separator: UInt8 = options.null ? 0 : UInt8(ascii: "\n")

        let pendingCount = work.reduce(0) { $0 + ($1.needsWork ? 1 : 0) }
        let workers = options.j ?? PoolConfiguration.availableCores()
        var configuration = PoolConfiguration(workers: max(1, min(workers, pendingCount)))
        // A wider window than the pool's default (2 x workers) keeps workers fed between small images;
        // finished results wait in order in the parent, a few hundred bytes each.
        configuration.window = max(8, 4 * configuration.workers)
        configuration.retries = options.retries
        configuration.taskTimeout = .milliseconds(Int64(options.taskTimeout * 1000))
        configuration.arguments = [WorkerEntry.flag]
        configuration.environment = [WorkerConfig.environmentKey: config.encoded()]
        let pool = try ProcessPool(configuration)

        let signals = SignalWatcher { signal in
            Dispatcher.interruption.store(signal, ordering: .relaxed)
            Task { await pool.shutdown(wait: false, cancelPending: true) }
        }
        defer { signals.stop() }

        var outcomes = pool.map(Jobs(items: work, planner: planner)).makeAsyncIterator()
        func emit(_ row: ReportRow) {
            report?.write(row.jsonLine)
            if row.status == .failed { failedList?.write(row.input + [separator]) }
            progress.record(row)
        }
        // After an interrupt, only the jobs already submitted (at most the window) can still finish: their
        // outcomes are collected and what finished is reported; the rest is not.
        var afterInterrupt = 0
        let window = configuration.effectiveWindow
        var consumed = 0  // work items handled (reported or given up), in order
        for item in work {
            defer { consumed += 1 }
            let interrupted = Dispatcher.interruption.load(ordering: .relaxed) != 0
            if interrupted && afterInterrupt >= window { break }
            let needed = item.needsWork
            let outputs = item.outputs(planner)
            if interrupted && !needed { continue }
            var results: [Int: ResultMessage.Row] = [:]
            var itemError: String?
            if needed {
                guard let outcome = await outcomes.next() else { break }
                if Dispatcher.interruption.load(ordering: .relaxed) != 0 { afterInterrupt += 1 }
                switch outcome.result {
                case .success(let bytes):
                    do {
                        for row in try ResultMessage(decoding: bytes).rows { results[row.copy] = row }
                    } catch {
                        itemError = "malformed result from a worker"
                    }
                case .failure(let error):
                    itemError = "\(error)"
                    // The worker died or was killed: whatever it was writing is a leftover.
                    for out in outputs where !out.skipped { AtomicFile.unlinkBytes(Self.temporaryPath(out.path)) }
                }
                // A job the interrupt cancelled or killed did not finish: it is not reported.
                if Dispatcher.interruption.load(ordering: .relaxed) != 0 && results.isEmpty { continue }
            }
            for out in outputs {
                if out.skipped {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy, status: .skipped))
                } else if let row = results[out.copy] {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy,
                                   status: row.error == nil ? .ok : .failed, error: row.error, params: row.params,
                                   affine: row.affine.count == 6 ? row.affine : nil, milliseconds: row.milliseconds))
                } else {
                    emit(ReportRow(input: item.input.path, output: out.path, copy: out.copy, status: .failed,
                                   error: itemError ?? "no result for this copy"))
                }
            }
        }
        let signal = Dispatcher.interruption.load(ordering: .relaxed)
        await pool.shutdown(wait: true, cancelPending: signal != 0)
        if signal != 0 {
            // Workers are gone: remove what an interrupted write may have left (only submitted jobs can have).
            let lastSubmitted = min(work.count, consumed + window + configuration.workers + 1)
            for item in work[min(consumed, work.count)..<lastSubmitted] {
                for out in item.outputs(planner) where !out.skipped { AtomicFile.unlinkBytes(Self.temporaryPath(out.path)) }
            }
        }
        report?.close()
        failedList?.close()
        progress.summary(ignored: ignored, interrupted: signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : nil)
        if signal != 0 { return 128 + signal }
        return progress.failed > 0 ? 1 : 0
    }
}

/// Catches SIGINT and SIGTERM (instead of dying) and calls back once per signal.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { handler(sig) }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    func stop() { for s in sources { s.cancel() } }
}
