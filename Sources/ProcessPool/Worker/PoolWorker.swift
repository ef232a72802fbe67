import Glibc

/// The worker side of a ``ProcessPool``: the loop a spawned worker process runs.
///
/// A program that both drives a pool and serves as its worker routes the worker invocation first thing in `main`:
/// ```swift
/// if PoolWorker.isWorkerInvocation(CommandLine.arguments) {
///     PoolWorker.run(state: Codecs()) { codecs, job in try codecs.process(job) }
/// }
/// ```
public enum PoolWorker {
    /// The argument ``PoolConfiguration/arguments`` passes by default: `--_worker`.
    public static let defaultFlag = "--_worker"

    /// Whether this process was started as a pool worker: `arguments[1] == flag`.
    /// - Parameters:
    ///   - arguments: the process's arguments, usually `CommandLine.arguments`.
    ///   - flag: the first argument the pool passes (``PoolConfiguration/arguments``).
    public static func isWorkerInvocation(_ arguments: [String], flag: String = defaultFlag) -> Bool {
        arguments.count >= 2 && arguments[1] == flag
    }

    /// Serves jobs until the parent closes the pipe, then exits with status 0.
    ///
    /// Before the first job the worker asks the kernel for `SIGKILL` when its parent dies (`PR_SET_PDEATHSIG`),
    /// exits if the parent is already gone (the pid in `PROCESS_POOL_PARENT_PID` is no longer `getppid()`),
    /// keeps private close-on-exec copies of stdin and stdout for frames, points fd 1 at stderr (a stray `print`
    /// cannot corrupt a frame) and fd 0 at `/dev/null`.
    ///
    /// - Parameters:
    ///   - state: kept across jobs and passed to every call of `handler` (codecs, reusable buffers).
    ///   - handler: turns a job's bytes into the result's bytes. An error it throws becomes the job's
    ///     ``PoolError/jobFailed(message:)`` (its description), and the worker goes on.
    public static func run<State>(
        state: State, handler: (inout State, [UInt8]) throws -> [UInt8]
    ) -> Never {
        var state = state
        let channel = takeOverStandardStreams()
        var reader = FrameReader(maxPayload: Int(UInt32.max))
        var answer: [UInt8] = []
        while true {
            let frame: (kind: UInt8, payload: [UInt8])
            do {
                guard let next = try reader.next() else {
                    let n = reader.fill(from: channel.input)
                    if n == 0 { exit(0) }
                    if n < 0 { exit(70) }
                    continue
                }
                frame = next
            } catch {
                writeStandardError("pool worker: \(error.message)\n")
                exit(70)
            }
            guard frame.kind == Frame.Kind.job.rawValue else {
                writeStandardError("pool worker: \(FrameError.unknownKind(frame.kind).message)\n")
                exit(70)
            }
            var kind = Frame.Kind.success
            var result: [UInt8]
            do {
                result = try handler(&state, frame.payload)
            } catch {
                kind = .failure
                result = Array(String(describing: error).utf8)
            }
            if result.count > Int(UInt32.max) {
                kind = .failure
                result = Array("result of \(result.count) bytes is too large for a frame".utf8)
            }
            answer.removeAll(keepingCapacity: answer.capacity <= 1 << 20)
            Frame.append(kind, result, to: &answer)
            let written = answer.withUnsafeBytes { Syscall.writeAll(channel.output, $0) }
            if !written { exit(0) }  // the parent is gone
        }
    }

    /// Serves jobs with a handler that keeps no state; see ``run(state:handler:)``.
    public static func run(handler: ([UInt8]) throws -> [UInt8]) -> Never {
        run(state: ()) { _, job in try handler(job) }
    }

    /// Death signal, parent check, and the descriptor shuffle described in ``run(state:handler:)``.
    private static func takeOverStandardStreams() -> (input: CInt, output: CInt) {
        if let prctl = GNU.prctl {
            _ = prctl(GNU.prSetPdeathsig, CUnsignedLong(SIGKILL), 0, 0, 0)
            // Spawned through /proc/self/exe, the kernel names the process "exe": name it after argv[0] instead.
            if let argv0 = CommandLine.arguments.first {
                let base = argv0.split(separator: "/").last.map(String.init) ?? argv0
                var name = Array(base.utf8.prefix(15)) + [0]
                name.withUnsafeMutableBytes { bytes in
                    _ = prctl(GNU.prSetName, UInt(bitPattern: bytes.baseAddress), 0, 0, 0)
                }
            }
        }
        if let expected = getenv(SpawnTemplate.parentPIDVariable), let pid = pid_t(String(cString: expected)),
            getppid() != pid
        {
            exit(0)  // the parent died before the death signal was armed
        }
        let input = fcntl(0, F_DUPFD_CLOEXEC, 3)
        let output = fcntl(1, F_DUPFD_CLOEXEC, 3)
        guard input >= 0, output >= 0 else {
            writeStandardError("pool worker: cannot duplicate the standard streams\n")
            exit(70)
        }
        dup2(2, 1)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if null >= 0 {
            dup2(null, 0)
            close(null)
        }
        return (input, output)
    }

    private static func writeStandardError(_ text: String) {
        var text = text
        text.withUTF8 { _ = Syscall.writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}
