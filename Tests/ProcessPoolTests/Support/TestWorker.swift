import Glibc
import Synchronization
@testable import ProcessPool
import ProcessProbe

/// Where the `PoolTestWorker` executable is, and pools that run it.
enum TestWorker {
    /// `$POOL_TEST_WORKER`, else `PoolTestWorker` next to the test runner (the build products directory, whatever
    /// the scratch path), else under `.build-pool/debug` or `.build/debug` of the package.
    static let path: String = {
        if let override = getenv("POOL_TEST_WORKER") { return String(cString: override) }
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            let exe = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var directory = exe[..<(exe.lastIndex(of: "/") ?? exe.endIndex)]
            candidates.append(directory + "/PoolTestWorker")
            // A runner inside a bundle (`….xctest/Contents/MacOS` style): look further up.
            for _ in 0..<3 {
                guard let slash = directory.lastIndex(of: "/") else { break }
                directory = directory[..<slash]
                candidates.append(directory + "/PoolTestWorker")
            }
        }
        // #filePath is …/Tests/ProcessPoolTests/Support/TestWorker.swift: four components up is the package root.
        var root = Substring(#filePath)
        for _ in 0..<4 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
        candidates += [root + "/.build-pool/debug/PoolTestWorker", root + "/.build/debug/PoolTestWorker"]
        return candidates.first { access($0, X_OK) == 0 } ?? candidates.first ?? "PoolTestWorker"
    }()

    /// A configuration that runs the test worker.
    static func configuration(
        workers: Int = 2, window: Int? = nil, prefetch: Int = 1, retries: Int = 0, taskTimeout: Duration? = nil,
        maxMessageBytes: Int = 1 << 30
    ) -> PoolConfiguration {
        PoolConfiguration(
            workers: workers, window: window, prefetch: prefetch, retries: retries, taskTimeout: taskTimeout,
            executable: path, arguments: [PoolWorker.defaultFlag],
            environment: ["SWIFT_BACKTRACE": "enable=no"],  // the crash tests need no backtraces on stderr
            maxMessageBytes: maxMessageBytes)
    }

    static func pool(
        workers: Int = 2, window: Int? = nil, prefetch: Int = 1, retries: Int = 0, taskTimeout: Duration? = nil,
        maxMessageBytes: Int = 1 << 30
    ) throws -> ProcessPool {
        try ProcessPool(
            configuration(
                workers: workers, window: window, prefetch: prefetch, retries: retries, taskTimeout: taskTimeout,
                maxMessageBytes: maxMessageBytes))
    }
}

/// Jobs the test worker understands (see `Sources/PoolTestWorker/TestJob.swift`).
enum Job {
    static func echo(_ bytes: [UInt8]) -> [UInt8] { [UInt8(ascii: "E")] + bytes }
    static func echo(_ text: String) -> [UInt8] { echo(Array(text.utf8)) }
    /// Sleeps `ms`, then answers "<ms>:<tag>".
    static func sleep(ms: Int, tag: String = "") -> [UInt8] { Array("S\(ms):\(tag)".utf8) }
    static let sigkill = Array("K".utf8)
    static let segfault = Array("V".utf8)
    static let trap = Array("T".utf8)
    static func exit(_ status: Int) -> [UInt8] { Array("X\(status)".utf8) }
    static let hang = Array("H".utf8)
    static func large(_ count: Int) -> [UInt8] { Array("L\(count)".utf8) }
    static func fail(_ message: String) -> [UInt8] { Array("F\(message)".utf8) }
    static func strayPrint(_ text: String) -> [UInt8] { Array("P\(text)".utf8) }
    static let pid = Array("I".utf8)
    static let counter = Array("C".utf8)
    static func crashOnce(marker: String) -> [UInt8] { Array("O\(marker)".utf8) }

    /// The bytes `large(count)` answers.
    static func largePattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 % 251) } }
}

/// A lazily generated job sequence that counts how many jobs the pool pulled from it.
struct CountingJobs: Sequence, Sendable {
    let jobs: [[UInt8]]
    let pulled = Counter()

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        var count: Int { value.load(ordering: .relaxed) }
        func increment() { value.add(1, ordering: .relaxed) }
    }

    func makeIterator() -> Iterator { Iterator(jobs: jobs, pulled: pulled) }

    struct Iterator: IteratorProtocol {
        let jobs: [[UInt8]]
        let pulled: Counter
        var index = 0
        mutating func next() -> [UInt8]? {
            guard index < jobs.count else { return nil }
            defer { index += 1 }
            pulled.increment()
            return jobs[index]
        }
    }
}

/// The pool's workers, through the shared /proc probe.
enum Processes {
    /// Live (not zombie) `PoolTestWorker` processes whose parent is `parent`.
    static func workers(of parent: pid_t = getpid()) -> [pid_t] {
        // "exe" until a worker spawned through /proc/self/exe has renamed itself (PR_SET_NAME).
        ProcessProbe.children(of: parent).filter {
            let command = ProcessProbe.stat($0)?.command
            return command == "PoolTestWorker" || command == "exe"
        }
    }

    /// Whether `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool { ProcessProbe.alive(pid) }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(within seconds: Double = 3, _ condition: () -> Bool) async -> Bool {
        await ProcessProbe.eventually(within: seconds, condition)
    }
}

extension Result where Success == [UInt8], Failure == PoolError {
    /// The success bytes as text, or nil.
    var text: String? {
        guard case .success(let bytes) = self else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    var error: PoolError? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}

/// Collects a whole result sequence.
func collect<S: AsyncSequence>(_ sequence: S) async -> [JobOutcome] where S.Element == JobOutcome, S.Failure == Never {
    var outcomes: [JobOutcome] = []
    for await outcome in sequence { outcomes.append(outcome) }
    return outcomes
}
