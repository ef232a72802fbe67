import Glibc

/// A file written through a buffer (flushed at 1 MiB), then renamed into place: the output COCO file, whole or
/// not at all. The first error is kept; later writes are dropped.
struct FileSink {
    let path: [UInt8]
    let temporary: [UInt8]
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: String?

    /// Creates the temporary file beside `path`.
    init(path: [UInt8]) throws(UsageError) {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        fd = FileSystem.withCString(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw UsageError("cannot write \(FileSystem.display(path)): \(FileSystem.errorText(errno))") }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ text: String) { write(Array(text.utf8)) }

    mutating func write(_ bytes: some Collection<UInt8>) {
        buffer += bytes
        if buffer.count >= 1 << 20 { flush() }
    }

    private mutating func flush() {
        if failure == nil, !buffer.isEmpty {
            failure = buffer.withUnsafeBytes { FileSystem.writeAll(fd, $0) }?.description
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames into place; on any failure removes the temporary file and returns why.
    mutating func commit() -> String? {
        flush()
        if close(fd) != 0 && failure == nil { failure = FileSystem.errorText(errno) }
        if failure == nil {
            let rc = FileSystem.withCString(temporary) { t in FileSystem.withCString(path) { rename(t, $0) } }
            if rc != 0 { failure = "rename: \(FileSystem.errorText(errno))" }
        }
        if let failure {
            AtomicFile.remove(temporary)
            return "cannot write \(FileSystem.display(path)): \(failure)"
        }
        return nil
    }

    /// Closes and removes the temporary file.
    mutating func abandon() {
        close(fd)
        AtomicFile.remove(temporary)
    }
}
