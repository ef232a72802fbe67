import Glibc

/// Writes outputs so that no reader sees half of one: a hidden temporary file in the target's folder, named by the
/// parent (so that it can remove a killed worker's), then `rename(2)` into place. Paths are raw bytes.
enum AtomicFile {
    /// The prefix of temporary files; the walk skips hidden files, and an interrupted run's leftovers can be
    /// recognised by it.
    static let temporaryPrefix: [UInt8] = Array(".augment-tmp-".utf8)

    /// The temporary path this process uses for `path`.
    static func temporaryPath(for path: [UInt8]) -> [UInt8] {
        let slash = path.lastIndex(of: UInt8(ascii: "/"))
        let dir = slash.map { Array(path[...$0]) } ?? []
        let name = slash.map { Array(path[($0 + 1)...]) } ?? path
        return dir + temporaryPrefix + Array("\(getpid())-".utf8) + name
    }

    /// A write that failed: the step and the system's reason ("write error: No space left on device").
    struct WriteError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Writes `bytes` to `path` through `temporary` (in the same folder), then renames it into place; on any
    /// failure the temporary file is removed and no file is left behind.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: [UInt8], temporary: [UInt8]) -> Result<Void, WriteError> {
        func failure(_ step: String, _ code: Int32) -> Result<Void, WriteError> {
            _ = FileSystem.withCString(temporary) { unlink($0) }
            return .failure(WriteError(description: "\(step): \(FileSystem.errorText(code))"))
        }
        let fd = FileSystem.withCString(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { return .failure(WriteError(description: "cannot create: \(FileSystem.errorText(errno))")) }
        if bytes.count > 0, let error = FileSystem.writeAll(fd, bytes) {
            close(fd)
            return failure("write error", error.errno)
        }
        if close(fd) != 0 { return failure("close error", errno) }
        let renamed = FileSystem.withCString(temporary) { t in FileSystem.withCString(path) { rename(t, $0) } }
        if renamed != 0 { return failure("rename error", errno) }
        return .success(())
    }

    /// Removes a leftover temporary file (of a worker that died mid-write); a missing file is fine.
    static func remove(_ path: [UInt8]) {
        _ = FileSystem.withCString(path) { unlink($0) }
    }
}
