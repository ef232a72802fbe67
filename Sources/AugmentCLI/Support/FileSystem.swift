import Glibc

/// File-system helpers over raw path bytes, so that non-UTF-8 file names survive end to end.
enum FileSystem {
    enum Kind { case file, directory, other, missing }

    /// Calls `body` with a NUL-terminated copy of `path`.
    static func withCString<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (path + [0]).withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }

    /// What `path` is, following symbolic links (`stat`), with errno when it cannot be told.
    static func kind(_ path: [UInt8]) -> (Kind, Int32) {
        var st = stat()
        let rc = withCString(path) { stat($0, &st) }
        if rc != 0 { return (.missing, errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, 0)
        case S_IFDIR: return (.directory, 0)
        default: return (.other, 0)
        }
    }

    /// Whether `path` is a symbolic link (`lstat`).
    static func isSymlink(_ path: [UInt8]) -> Bool {
        var st = stat()
        return withCString(path) { lstat($0, &st) } == 0 && st.st_mode & S_IFMT == S_IFLNK
    }

    static func exists(_ path: [UInt8]) -> Bool {
        var st = stat()
        return withCString(path) { lstat($0, &st) } == 0
    }

    /// The first `count` bytes of a file (fewer if it is shorter); nil if it cannot be read.
    static func head(_ path: [UInt8], count: Int) -> [UInt8]? {
        let fd = withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: count)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, count) }
        return n < 0 ? nil : Array(buf.prefix(n))
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: [UInt8]) -> Int32 {
        if case .directory = kind(path).0 { return 0 }
        if let slash = path.lastIndex(of: UInt8(ascii: "/")), slash > 0 {
            let rc = makeDirectories(Array(path[..<slash]))
            if rc != 0 { return rc }
        }
        if withCString(path, { mkdir($0, 0o755) }) != 0 && errno != EEXIST { return errno }
        return 0
    }

    /// The canonical absolute path (`realpath`), nil if it does not exist.
    static func realPath(_ path: [UInt8]) -> [UInt8]? {
        guard let r = withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(r) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(r).assumingMemoryBound(to: UInt8.self), count: strlen(r)))
    }

    /// The canonical absolute path of a path that may not exist yet: its deepest existing ancestor resolved,
    /// the rest appended.
    static func resolvedPath(_ path: [UInt8]) -> [UInt8] {
        if let r = realPath(path) { return r }
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else {
            return (realPath(Array(".".utf8)) ?? []) + [UInt8(ascii: "/")] + path
        }
        let parent = slash == 0 ? [UInt8(ascii: "/")] : Array(path[..<slash])
        let base = resolvedPath(parent)
        return (base.last == UInt8(ascii: "/") ? base : base + [UInt8(ascii: "/")]) + Array(path[(slash + 1)...])
    }

    static func join(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        if a.isEmpty { return b }
        return a.last == UInt8(ascii: "/") ? a + b : a + [UInt8(ascii: "/")] + b
    }

    static func basename(_ path: [UInt8]) -> [UInt8] {
        var p = path
        while p.count > 1 && p.last == UInt8(ascii: "/") { p.removeLast() }
        guard let slash = p.lastIndex(of: UInt8(ascii: "/")) else { return p }
        return Array(p[(slash + 1)...])
    }

    static func dirname(_ path: [UInt8]) -> [UInt8] {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return Array(".".utf8) }
        return slash == 0 ? [UInt8(ascii: "/")] : Array(path[..<slash])
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// A path for display: UTF-8 where valid, other bytes as \xNN escapes.
    static func display(_ path: [UInt8]) -> String {
        if let s = String(validating: path, as: UTF8.self) { return s }
        var out = ""
        var i = 0
        while i < path.count {
            // Decode the longest valid UTF-8 prefix byte by byte.
            var decoded = false
            for len in (1...4).reversed() where i + len <= path.count {
                if let s = String(validating: path[i..<(i + len)], as: UTF8.self) {
                    out += s
                    i += len
                    decoded = true
                    break
                }
            }
            if !decoded {
                let hex = String(path[i], radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                i += 1
            }
        }
        return out
    }
}

extension FileSystem {
    /// The whole content of a regular file, or errno (`ENOENT` when it does not exist). Small files only: label
    /// files, lists.
    static func readFile(_ path: [UInt8], limit: Int = 1 << 30) -> Result<[UInt8], FileError> {
        let fd = withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { return .failure(FileError(errno: errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(FileError(errno: errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else { return .failure(FileError(errno: EISDIR, text: "not a regular file")) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(FileError(errno: errno)) }
            if n == 0 { break }
            bytes += chunk[..<n]
            if bytes.count > limit { return .failure(FileError(errno: EFBIG, text: "larger than \(limit) bytes")) }
        }
        return .success(bytes)
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR; nil when every byte went out, else the
    /// failure (`ENOSPC` with its own text when a write made no progress). The one write loop of the CLI.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> FileError? {
        var at = 0
        while at < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + at, bytes.count - at)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return FileError(errno: errno) }
            if n == 0 { return FileError(errno: ENOSPC, text: "the write made no progress") }
            at += n
        }
        return nil
    }

    /// A failed file operation: errno and its text.
    struct FileError: Error, Sendable, CustomStringConvertible {
        var errno: Int32
        var text: String? = nil
        var description: String { text ?? FileSystem.errorText(errno) }
    }
}
