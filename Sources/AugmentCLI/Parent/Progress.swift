import Glibc

/// Progress on standard error: a live bar on a terminal, a line every few seconds otherwise; the summary at
/// the end. `--quiet` shows only errors, `--verbose` a line per item in input order.
final class Progress {
    enum Verbosity { case quiet, normal, verbose }

    let total: Int
    let verbosity: Verbosity
    private let isTerminal = isatty(2) == 1
    private let start = MonotonicClock.now()
    private var lastDraw = 0.0
    private(set) var ok = 0, failed = 0, skipped = 0
    /// Outputs made from inputs the decoder warned about (damaged but decodable; failed instead with --strict).
    private(set) var damaged = 0
    private var done: Int { ok + failed + skipped }

    init(total: Int, verbosity: Verbosity) {
        self.total = total
        self.verbosity = verbosity
    }

    var elapsed: Double { MonotonicClock.now() - start }

    /// Records one report row. A failed row, or an ok one from a damaged input, is announced on standard error
    /// when `announce` (the caller says so once per input).
    func record(_ row: ReportRow, announce: Bool = true) {
        switch row.status {
        case .ok: ok += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
        if row.status == .ok, row.warnings != nil { damaged += 1 }
        if row.status == .failed {
            if announce {
                clearBar()
                StandardError.write("augment: \(FileSystem.display(row.input)): \(row.error ?? "failed")\n")
            }
        } else if row.status == .ok, let warnings = row.warnings, announce, verbosity != .quiet {
            clearBar()
            StandardError.write("augment: warning: \(FileSystem.display(row.input)): damaged but decodable: \(warnings.first)"
                           + (warnings.count > 1 ? " (\(warnings.count) warnings)" : "") + "\n")
        } else if verbosity == .verbose {
            clearBar()
            StandardError.write("\(row.status.rawValue) \(FileSystem.display(row.input)) -> \(FileSystem.display(row.output))\n")
        }
        tick()
    }

    private func clearBar() {
        if isTerminal && verbosity != .quiet && lastDraw > 0 { StandardError.write("\r\u{1B}[K") }
    }

    func tick(force: Bool = false) {
        guard verbosity != .quiet else { return }
        let t = elapsed
        let interval = isTerminal ? 0.1 : 5.0
        guard force || t - lastDraw >= interval else { return }
        lastDraw = t
        let rate = t > 0 ? Double(ok + failed) / t : 0
        let remaining = total - done
        let eta = rate > 0 ? Double(remaining) / rate : 0
        let counts = "\(done)/\(total) failed \(failed) \(Self.fixed(rate, 1)) img/s ETA \(Self.duration(eta))"
        if isTerminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            StandardError.write("\r\u{1B}[K[\(bar)] \(counts)")
        } else {
            StandardError.write("augment: \(counts)\n")
        }
    }

    /// The summary line (always printed unless quiet).
    func summary(ignored: Int, interrupted: String?) {
        clearBar()
        guard verbosity != .quiet else { return }
        let t = elapsed
        let rate = t > 0 ? Double(ok + failed) / t : 0
        var line = "augment: ok \(ok), failed \(failed), skipped \(skipped), ignored \(ignored), damaged \(damaged) "
        line += "in \(Self.fixed(t, 2)) s "
        line += "(\(Self.fixed(rate, 1)) images/s)"
        if let interrupted { line += "; interrupted by \(interrupted)" }
        StandardError.write(line + "\n")
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = "\(r)"
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        }
        return s
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
