import Glibc
import ProcessPool

/// `PoolTestWorker bench [--jobs N] [--workers W] [--window N] [--prefetch N]`: maps N no-op jobs (echo of an
/// 8-byte index, as Python's `noop(x)`) through a pool, after a warm-up, and prints one line of `key=value` pairs:
/// jobs, seconds, jobs_per_s, peak_rss_kb (VmHWM at the end).
enum Bench {
    /// The inputs, generated lazily (a million of them take no memory).
    struct NoopJobs: Sequence, Sendable {
        let count: Int
        func makeIterator() -> Iterator { Iterator(count: count) }
        struct Iterator: IteratorProtocol {
            let count: Int
            var index = 0
            mutating func next() -> [UInt8]? {
                guard index < count else { return nil }
                defer { index += 1 }
                var job: [UInt8] = [UInt8(ascii: "E")]
                withUnsafeBytes(of: UInt64(index).littleEndian) { job.append(contentsOf: $0) }
                return job
            }
        }
    }

    static func main(_ arguments: [String]) async {
        var options: [String: Int] = ["--jobs": 100_000, "--workers": 2, "--prefetch": 1]
        var index = 0
        while index + 1 < arguments.count {
            guard let value = Int(arguments[index + 1]) else { break }
            options[arguments[index]] = value
            index += 2
        }
        var configuration = PoolConfiguration(workers: options["--workers"]!, prefetch: options["--prefetch"]!)
        configuration.window = options["--window"]
        let pool: ProcessPool
        do {
            pool = try ProcessPool(configuration)
        } catch {
            print("bench: \(error)")
            exit(1)
        }
        for await _ in pool.map(NoopJobs(count: 2_000)) {}  // warm-up
        let jobs = options["--jobs"]!
        let start = ContinuousClock.now
        var expected = 0
        var failures = 0
        for await outcome in pool.map(NoopJobs(count: jobs)) {
            guard outcome.index == expected, case .success(let bytes) = outcome.result, bytes.count == 8 else {
                failures += 1
                expected += 1
                continue
            }
            expected += 1
        }
        let elapsed = ContinuousClock.now - start
        await pool.shutdown()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = Int(Double(jobs) / seconds)
        print(
            "jobs=\(jobs) workers=\(configuration.workers) window=\(configuration.effectiveWindow)"
                + " prefetch=\(configuration.prefetch) seconds=\(seconds) jobs_per_s=\(rate)"
                + " failures=\(failures) peak_rss_kb=\(peakRSSKilobytes())")
        if failures > 0 || expected != jobs { exit(1) }
    }

    /// VmHWM from /proc/self/status.
    static func peakRSSKilobytes() -> Int {
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return -1 }
        let text = String(decoding: bytes[..<n], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
        }
        return -1
    }
}
