import Glibc

/// Standard error, written whole (short writes and EINTR retried), unbuffered: messages from the parent and the
/// workers interleave by line.
enum StandardError {
    static func write(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { FileSystem.writeAll(2, $0) }
    }
}
