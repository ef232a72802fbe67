import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the tests read about processes from /proc (Linux): command, state, parent, children, memory,
/// descriptors; and polling waits. Shared by the pool's tests and the end-to-end tests.
public enum ProcessProbe {
    /// A process's line of /proc/PID/stat: its command (the name in parentheses), state and parent.
    public struct Stat: Sendable, Hashable {
        public var command: String
        public var state: Character
        public var parent: pid_t
    }

    /// The process's stat line, nil when it is gone.
    public static func stat(_ pid: pid_t) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let parent = pid_t(fields[1]) else { return nil }
        return Stat(command: String(text[text.index(after: open)..<close]), state: state, parent: parent)
    }

    /// Alive and not a zombie.
    public static func alive(_ pid: pid_t) -> Bool {
        guard let s = stat(pid) else { return false }
        return s.state != "Z" && s.state != "X"
    }

    /// The live children of `parent`, sorted (the process ids listed in /proc, whose stat names that parent).
    public static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in stat(pid)?.parent == parent && alive(pid) }.sorted()
    }

    /// Polls until `condition` holds or `seconds` pass; returns whether it held.
    @discardableResult
    public static func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Polls `condition` every 20 ms for up to `seconds`, without blocking the thread.
    public static func eventually(within seconds: Double = 3, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    /// VmHWM (peak resident set) of `pid` in KiB, 0 if gone.
    public static func peakRSS(_ pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ")[1]) ?? 0
        }
        return 0
    }

    /// How many descriptors `pid` has open, 0 if gone.
    public static func openDescriptors(_ pid: pid_t) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }
}
