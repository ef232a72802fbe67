import Glibc
import SystemPackage

/// Thin wrappers over the file-descriptor calls the pool makes, retrying `EINTR`.
enum Syscall {
    /// A close-on-exec pipe: `(read end, write end)`.
    static func pipe(nonBlocking: Bool = false) throws(Errno) -> (read: CInt, write: CInt) {
        var fds: [CInt] = [-1, -1]
        let flags = O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        let rc: CInt
        if let pipe2 = GNU.pipe2 {
            rc = fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, flags) }
        } else {
            rc = Glibc.pipe(&fds)
            if rc == 0 {
                for fd in fds {
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                    if nonBlocking { setNonBlocking(fd) }
                }
            }
        }
        guard rc == 0 else { throw Errno(rawValue: errno) }
        return (fds[0], fds[1])
    }

    /// Sets `O_NONBLOCK` on `fd`.
    static func setNonBlocking(_ fd: CInt) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// `read(2)`, retrying `EINTR`: the count read, 0 at end of file, or -1 with `errno` set.
    static func read(_ fd: CInt, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// `write(2)`, retrying `EINTR`: the count written, or -1 with `errno` set.
    static func write(_ fd: CInt, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        while true {
            let n = Glibc.write(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// Writes all of `bytes` to a blocking descriptor; returns `false` on error.
    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// `poll(2)` on up to two descriptors, retrying `EINTR` with the same timeout (ms; -1 waits forever).
    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: CInt) -> CInt {
        while true {
            let rc = Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc
        }
    }

    /// Milliseconds to pass to `poll` for `duration`, rounded up, at least 0.
    static func milliseconds(_ duration: Duration) -> CInt {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return CInt(clamping: ms)
    }

    /// Starts a detached thread running `body` with `SIGPIPE` blocked, so that a write to a dead worker returns
    /// `EPIPE` instead of killing the process.
    static func startThread(_ body: @escaping @Sendable () -> Void) {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { argument in
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}
