import Foundation
import ProcessProbe
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults from outside, end to end with the built binary (docs/reliability.md has the table): workers killed or
/// stopped mid-batch, the parent killed, the output folder turning read-only or full, a file size limit,
/// unreadable inputs, an input rewritten while it is read, 100,000 tiny files under a low descriptor limit, and
/// decompression bombs with their peak memory measured.
@Suite(.serialized) struct HardeningTests {
    // MARK: helpers

    /// `count` copies of testorig.jpg (227x149) as in/img<i>.jpg.
    static func dataset(_ dir: String, count: Int) throws -> String {
        for i in 0..<count { try CLI.copy("images/testorig.jpg", to: dir + "/in/img\(i).jpg") }
        return dir + "/in"
    }

    /// Starts augment without waiting; stdout and stderr go to files in `dir`.
    static func start(_ arguments: [String], in dir: String, environment: [String: String] = [:],
                      shell: String? = nil) throws -> Process {
        let p = Process()
        if let shell {
            // `shell` runs first (e.g. `ulimit -f 16`), then execs augment with the arguments.
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", CLI.binary] + arguments
        } else {
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = arguments
        }
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: dir + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: dir + "/stderr", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: dir + "/stdout")
        p.standardError = FileHandle(forWritingAtPath: dir + "/stderr")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func stderr(_ dir: String) -> String { (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? "" }

    static func outputCount(_ dir: String) -> Int {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.count
    }

    /// Hidden temporary files left anywhere under `dir`.
    static func temporaries(_ dir: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".augment-tmp") }
    }

    /// The visible files of `dir` (temporaries excluded), for comparing trees.
    static func visibleTree(_ dir: String) -> [String: Data] { CLI.tree(dir).filter { !$0.key.contains(".augment-tmp") } }

    /// Runs `body` while polling `process` and its children every few milliseconds with `probe`, until it exits.
    static func watch(_ process: Process, every micros: UInt32 = 5_000, _ probe: ([pid_t]) -> Void) {
        while process.isRunning {
            let parent = process.processIdentifier
            probe([parent] + ProcessProbe.children(of: parent))
            usleep(micros)
        }
        process.waitUntilExit()
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// Whether this process can mount a tmpfs (root, and mounting permitted: not so in every container). Tried
    /// once, on a scratch folder, before the tests that need it are run (their `.enabled(if:)` condition).
    static let canMountTmpfs: Bool = mountProbe(
        "mount -t tmpfs -o size=64k tmpfs \"$0\" && touch \"$0/probe\" && umount \"$0\"")

    /// Whether this process can make a read-only bind mount of a folder over itself (root, mounting permitted),
    /// and a write into it is then refused. Tried once on a scratch folder.
    static let canBindMountReadOnly: Bool = mountProbe(
        "mount --bind \"$0\" \"$0\" || exit 1; mount -o remount,bind,ro \"$0\" || { umount \"$0\"; exit 1; }; "
            + "if touch \"$0/probe\" 2>/dev/null; then umount \"$0\"; exit 1; fi; umount \"$0\"")

    /// Runs `script` (with $0 a fresh scratch folder) as root; whether it exits 0. Leaves nothing mounted.
    private static func mountProbe(_ script: String) -> Bool {
        guard isRoot else { return false }
        let dir = NSTemporaryDirectory() + "augment-mount-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil
        else { return false }
        defer {
            _ = sh("mountpoint -q '\(dir)' && umount '\(dir)'")
            try? FileManager.default.removeItem(atPath: dir)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script, dir]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Whether `outputFolderTurnsReadOnlyMidBatch` can make its output folder read-only: chmod 0555 when not
    /// root; a read-only bind mount as root (root ignores the mode bits), so only where mounting is permitted.
    static var canMakeAFolderReadOnly: Bool { !isRoot || canBindMountReadOnly }

    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The reference tree: the same job, uninterrupted.
    static func reference(_ input: String, _ dir: String, _ ops: [String]) throws -> [String: Data] {
        let r = try CLI.run([input, "-o", dir + "/ref", "-j", "2", "--quiet"] + ops)
        #expect(r.status == 0, "\(r.stderr)")
        return CLI.tree(dir + "/ref")
    }

}

/// A flag set by the test and polled by its writer thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
