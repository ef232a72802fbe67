// The worker the ProcessPool tests spawn, and the driver of `scripts/bench/bench-pool`.
//
// As a worker (`PoolTestWorker --_worker`), a job is one opcode byte and its argument bytes; see `TestJob.swift`.
// Subcommands: `bench` (throughput and peak RSS, see `Bench.swift`) and `orphan-parent N` (starts a pool of N
// workers, prints their pids, one per line, and waits to be killed).
import Glibc
import ProcessPool

if PoolWorker.isWorkerInvocation(CommandLine.arguments) {
    PoolWorker.run(state: 0) { counter, job in try TestJob.handle(job, counter: &counter) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "bench":
    await Bench.main(Array(arguments.dropFirst()))
case "orphan-parent":
    let workers = arguments.count > 1 ? Int(arguments[1]) ?? 2 : 2
    let pool = try ProcessPool(PoolConfiguration(workers: workers))
    for pid in pool.workerProcessIDs { print(pid) }
    fflush(nil)
    while true { pause() }
default:
    print("usage: PoolTestWorker --_worker | bench [options] | orphan-parent WORKERS")
    exit(2)
}
