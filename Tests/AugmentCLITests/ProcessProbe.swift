import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the end-to-end tests read about processes from /proc (Linux): state, parent, children, memory,
/// descriptors; and a polling wait.
enum ProcessProbe {
    /// The fields of /proc/PID/stat after the command name: [state, ppid, ...]; nil when the process is gone.
    static func stat(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// Alive and not a zombie.
    static func alive(_ pid: pid_t) -> Bool {
        guard let s = stat(pid), let state = s.first else { return false }
        return state != "Z" && state != "X"
    }

    /// The live children of `parent` (from /proc/*/stat), e.g. augment's workers.
    static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in
            guard let s = stat(pid), s.count > 1 else { return false }
            return pid_t(s[1]) == parent && alive(pid)
        }.sorted()
    }

    /// Polls until `condition` holds or `seconds` pass; returns whether it held.
    @discardableResult
    static func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// VmHWM (peak resident set) of `pid` in KiB, 0 if gone.
    static func peakRSS(_ pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ")[1]) ?? 0
        }
        return 0
    }

    /// How many descriptors `pid` has open, 0 if gone.
    static func openDescriptors(_ pid: pid_t) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }
}
