import Codecs
import DequeModule
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
    let planner: Planner
    let summary: PlanSummary

    /// The signal that interrupted the run (SIGINT or SIGTERM), 0 while none.
    static let interruption = Atomic<Int32>(0)

    /// The temporary file a worker writes `output` through: hidden, in the output's folder, named by the
    /// parent so that the parent can remove it after an interrupt.
    static func temporaryPath(_ output: [UInt8]) -> [UInt8] { AtomicFile.temporaryPath(for: output) }

    static func job(for item: WorkItem) -> JobMessage {
        JobMessage(input: item.input.path, relative: item.input.relative, outputs: item.outputs.filter { !$0.skipped }.map {
            JobMessage.Output(copy: $0.copy, path: $0.path, temporary: Self.temporaryPath($0.path))
        })
    }

    /// An item taken from the walk and not yet reported: its job's future when it has work.
    private struct Pending {
        var item: WorkItem
        var future: JobFuture?
    }

    /// Runs the items of `walk`, reporting them in input order. Items are taken from the walk only as the pool's
    /// window frees up, so the parent holds at most a few windows of items whatever the number of inputs.
    func run(_ walk: InputWalk) async throws -> Int32 {
        let verbosity: Progress.Verbosity = options.quiet ? .quiet : options.verbose ? .verbose : .normal
        let progress = Progress(total: summary.items * planner.copies, verbosity: verbosity)
        let report = try options.report.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let failedList = try options.failed.map { (path) throws(UsageError) in try OutputStream(path: path) }
        let separator: UInt8 = options.null ? 0 : UInt8(ascii: "\n")

        let workers = options.j ?? PoolConfiguration.availableCores()
        var configuration = PoolConfiguration(workers: max(1, min(workers, summary.pending)))
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

        func emit(_ row: ReportRow) {
            report?.write(row.jsonLine)
            if row.status == .failed { failedList?.write(row.input + [separator]) }
            progress.record(row)
        }
        var interrupted: Bool { Dispatcher.interruption.load(ordering: .relaxed) != 0 }

        // The items taken from the walk, in input order; at most `window` of them have a job in the pool, and
        // items with nothing to do (all copies skipped) wait their turn beside them, a bounded number too.
        var walk = walk
        var queue = Deque<Pending>()
        var submitted = 0
        let window = configuration.effectiveWindow
        while true {
            while !interrupted && submitted < window && queue.count < 4 * window, let input = walk.next() {
                let item = planner.workItem(input)
                var future: JobFuture?
                if item.needsWork {
                    future = pool.submit(Self.job(for: item).encoded())
                    submitted += 1
                }
                queue.append(Pending(item: item, future: future))
            }
            guard let pending = queue.popFirst() else { break }
            let item = pending.item
            let outputs = item.outputs
            var results: [Int: ResultMessage.Row] = [:]
            var itemError: String?
            if let future = pending.future {
                submitted -= 1
                do {
                    for row in try ResultMessage(decoding: try await future.result()).rows { results[row.copy] = row }
                } catch let error as PoolError {
                    itemError = "\(error)"
                    // The worker died or was killed: whatever it was writing is a leftover.
                    for out in outputs where !out.skipped { AtomicFile.unlinkBytes(Self.temporaryPath(out.path)) }
                } catch {
                    itemError = "malformed result from a worker"
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
        report?.close()
        failedList?.close()
        progress.summary(ignored: summary.ignored,
                         interrupted: signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : nil)
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
