import Glibc

/// A line-oriented output stream: the report or the failed list, a file written in place (so a killed run leaves
/// the lines it finished) or standard output (`-`). Each line goes out whole in its own `write` calls as soon as
/// it is due; the first write error is kept in ``failure`` (and nothing more is written), for the run to stop on.
final class OutputStream {
    private let fd: Int32
    /// What the stream is, for messages: the path, or "standard output".
    let name: String
    /// The first write error ("No space left on device"), nil while every line went out.
    private(set) var failure: String?

    init(path: String) throws(UsageError) {
        if path == "-" {
            fd = 1
            name = "standard output"
            return
        }
        let opened = FileSystem.withCString(Array(path.utf8)) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard opened >= 0 else { throw UsageError("cannot write \(path): \(FileSystem.errorText(errno))") }
        fd = opened
        name = path
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes `bytes` now (retrying short writes and EINTR); on an error records it and drops the rest.
    func write(_ bytes: [UInt8]) {
        guard failure == nil, !bytes.isEmpty else { return }
        failure = bytes.withUnsafeBytes { FileSystem.writeAll(fd, $0) }?.description
    }

    /// Closes a file (standard output stays open); a close error (NFS reports some only here) is a failure too.
    func close() {
        guard fd != 1 else { return }
        if Glibc.close(fd) != 0 && failure == nil { failure = FileSystem.errorText(errno) }
    }
}
