import Glibc
import SystemPackage

/// The `argv`, `envp` and path a worker is spawned with, as C strings built once per pool.
final class SpawnTemplate: @unchecked Sendable {
    // @unchecked Sendable: the C arrays are allocated in `init`, only read afterwards, and freed in `deinit`.
    let executable: String
    private let path: UnsafeMutablePointer<CChar>
    private let argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let argc: Int, envc: Int

    /// Name of the variable carrying the parent's pid, checked by the worker against `getppid()`.
    static let parentPIDVariable = "PROCESS_POOL_PARENT_PID"

    init(executable: String, arguments: [String], environment additions: [String: String]) {
        self.executable = executable
        path = strdup(executable)!
        let argv0 = executable == "/proc/self/exe" ? (CommandLine.arguments.first ?? executable) : executable
        let args = [argv0] + arguments
        argc = args.count
        argv = .allocate(capacity: args.count + 1)
        for (i, arg) in args.enumerated() { argv[i] = strdup(arg) }
        argv[args.count] = nil

        // The parent's environment as raw bytes (values need not be UTF-8), minus the names replaced below.
        var replaced = Set(additions.keys.map { Array($0.utf8) })
        replaced.insert(Array(Self.parentPIDVariable.utf8))
        var entries: [UnsafeMutablePointer<CChar>] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let length = strlen(entry)
            let raw = UnsafeRawBufferPointer(start: entry, count: length)
            let name = Array(raw.prefix(while: { $0 != UInt8(ascii: "=") }))
            if !replaced.contains(name) { entries.append(strdup(entry)) }
            cursor += 1
        }
        for (name, value) in additions { entries.append(strdup("\(name)=\(value)")) }
        entries.append(strdup("\(Self.parentPIDVariable)=\(getpid())"))
        envc = entries.count
        envp = .allocate(capacity: entries.count + 1)
        for (i, entry) in entries.enumerated() { envp[i] = entry }
        envp[entries.count] = nil
    }

    deinit {
        free(path)
        for i in 0..<argc { free(argv[i]) }
        for i in 0..<envc { free(envp[i]) }
        argv.deallocate()
        envp.deallocate()
    }

    /// Spawns one process with `posix_spawn`: its stdin and stdout are fresh pipes, every other descriptor but
    /// stderr is closed, signal mask and dispositions are reset, and it gets its own process group (so a terminal's
    /// Ctrl-C reaches the parent, which decides).
    func spawn() throws(PoolError) -> WorkerProcess {
        let jobs: (read: CInt, write: CInt)
        let results: (read: CInt, write: CInt)
        do {
            jobs = try Syscall.pipe()
        } catch { throw .spawnFailed(executable: executable, errno: error) }
        do {
            results = try Syscall.pipe()
        } catch {
            close(jobs.read); close(jobs.write)
            throw .spawnFailed(executable: executable, errno: error)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, jobs.read, 0)
        posix_spawn_file_actions_adddup2(&actions, results.write, 1)
        if let addClosefrom = GNU.addClosefrom { _ = addClosefrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        close(jobs.read)
        close(results.write)
        guard rc == 0 else {
            close(jobs.write); close(results.read)
            throw .spawnFailed(executable: executable, errno: Errno(rawValue: rc))
        }
        Syscall.setNonBlocking(jobs.write)
        return WorkerProcess(pid: pid, input: jobs.write, output: results.read)
    }
}

/// A spawned worker: its pid and the parent's ends of its two pipes.
struct WorkerProcess {
    /// The worker's process id.
    let pid: pid_t
    /// The parent's (non-blocking) write end of the worker's stdin.
    let input: CInt
    /// The parent's (blocking) read end of the worker's stdout.
    let output: CInt

    /// How a reaped worker ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)

        /// The error a job gets when its worker ended this way.
        var error: PoolError {
            switch self {
            case .exited(let status): .workerExited(status: status)
            case .signaled(let signal): .workerCrashed(signal: signal, name: Signals.name(signal))
            }
        }
    }

    /// Waits for the worker to end (`waitpid`) and says how.
    func reap() -> Termination {
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        let low = status & 0x7f
        return low == 0 ? .exited((status >> 8) & 0xff) : .signaled(low)
    }

    /// Sends `SIGKILL`.
    func kill() { _ = Glibc.kill(pid, SIGKILL) }

    /// Closes the parent's ends of both pipes.
    func closeInput() { close(input) }
    func closeOutput() { close(output) }
}
