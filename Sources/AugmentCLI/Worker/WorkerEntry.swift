import Glibc
import ProcessPool

/// The hidden entry point of worker processes: `augment --_worker`, spawned by the pool.
enum WorkerEntry {
    static let flag = "--_worker"

    static func run() -> Never {
        // The parent decides about interrupts: a Ctrl-C reaches the whole process group.
        signal(SIGINT, SIG_IGN)
        // Over a file-size limit (ulimit -f) a write must fail with EFBIG, reported for that output,
        // not kill the worker with SIGXFSZ mid-write.
        signal(SIGXFSZ, SIG_IGN)
        guard let config = WorkerConfig.fromEnvironment() else {
            StandardError.write("augment worker: missing or bad \(WorkerConfig.environmentKey)\n")
            exit(2)
        }
        PoolWorker.run(state: ItemProcessor(config: config)) { processor, job in
            func process(_ bytes: [UInt8]) throws -> [UInt8] {
                guard let message = try? JobMessage(decoding: bytes) else { throw MalformedJob() }
                return processor.process(message).encoded()
            }
            // A bundle's items one after the other (a crash takes the bundle: the parent then retries each alone).
            if let bundle = try? JobBundle.decode(job) {
                #if AUGMENT_FAULT_INJECTION
                FaultInjection.noteBundle(bundle.count)
                #endif
                return JobBundle.encode(try bundle.map(process))
            }
            return try process(job)
        }
    }

    struct MalformedJob: Error, CustomStringConvertible {
        var description: String { "malformed job message" }
    }
}
