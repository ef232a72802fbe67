import Glibc
import Synchronization

/// Lets ``ProcessPool/init(_:)`` wait until each dispatcher thread has tried to spawn its first worker.
/// (Workers are spawned on their dispatcher's thread because `PR_SET_PDEATHSIG` follows the spawning thread.)
final class StartupLatch: Sendable {
    private let errors = Mutex<[PoolError]>([])
    private let pipe: (read: CInt, write: CInt)

    init() throws(PoolError) {
        do {
            pipe = try Syscall.pipe()
        } catch { throw .spawnFailed(executable: "startup pipe", errno: error) }
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
    }

    /// Called once by each dispatcher after its first spawn.
    func report(_ error: PoolError?) {
        if let error { errors.withLock { $0.append(error) } }
        var byte: UInt8 = 1
        _ = Syscall.write(pipe.write, &byte, 1)
    }

    /// Blocks until `count` reports arrived; returns the first error reported, if any.
    func wait(count: Int) -> PoolError? {
        var received = 0
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while received < count {
            let n = buffer.withUnsafeMutableBytes { Syscall.read(pipe.read, $0.baseAddress!, count - received) }
            if n <= 0 { break }
            received += n
        }
        return errors.withLock { $0.first }
    }
}
