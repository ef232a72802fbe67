#if AUGMENT_FAULT_INJECTION
import Glibc

/// The tests' fault hook in the worker (debug builds only).
enum FaultInjection {
    /// A fault to inject, for the end-to-end tests of crash and hang recovery: `AUGMENT_TEST_FAULT` set to
    /// `crash:TEXT`, `hang:TEXT`, `exit:TEXT` or `slow:TEXT` makes the worker trap, hang, exit or take 0.1 s more
    /// on inputs whose path contains TEXT. Compiled into debug builds only (`AUGMENT_FAULT_INJECTION`, set by
    /// Package.swift for the debug configuration): the shipped binary has no such hook.
    private static let fault: (kind: String, text: [UInt8])? = {
        guard let spec = getenv("AUGMENT_TEST_FAULT").map({ String(cString: $0) }),
            let colon = spec.firstIndex(of: ":")
        else { return nil }
        return (String(spec[..<colon]), Array(spec[spec.index(after: colon)...].utf8))
    }()

    /// `AUGMENT_TEST_BUNDLES=FILE`: each worker appends a line "N" to FILE for every bundle of N items it gets,
    /// so that the tests can tell bundles were sent (they change no output).
    static func noteBundle(_ count: Int) {
        guard let path = getenv("AUGMENT_TEST_BUNDLES") else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        let line = Array("\(count)\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func inject(_ path: [UInt8]) {
        guard let fault, !fault.text.isEmpty,
            path.indices.contains(where: { path[$0...].starts(with: fault.text) })
        else { return }
        switch fault.kind {
        case "crash": fatalError("injected crash")
        case "hang": while true { sleep(1000) }
        case "exit": exit(3)
        case "slow": usleep(100_000)
        default: return
        }
    }
}
#endif
