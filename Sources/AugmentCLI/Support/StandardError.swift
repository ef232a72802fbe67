import Glibc

/// Standard error, written whole (short writes and EINTR retried), unbuffered: messages from the parent and the
/// workers interleave by line.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            at += n
        }
        bytes.removeAll()
    }
}
