import Glibc

/// The entries of one directory, hidden ones (starting with ".") left out, in walk order: sorted by name bytes,
/// a folder's name compared as if it ended in "/", so that a depth-first walk visits files in the byte order of
/// their whole relative paths (`a.jpg` before `a/b.jpg`, as `.` sorts before `/`).
///
/// The names live in one byte buffer with an offset per entry, about (name length + 6) bytes each: a folder of
/// 100,000 files lists in about 2 MB.
struct DirectoryListing {
    /// Each entry: its name, "/" when it is a folder, a NUL, then 1 when `d_type` says it is a regular file
    /// (no `stat` needed to tell it from a link to a folder) or 0.
    private var bytes: [UInt8] = []
    /// Where each entry starts in ``bytes``, in walk order.
    private var starts: [UInt32] = []

    /// Lists `dir`; nil and errno when it cannot be opened or read to its end (`opendir` or `readdir` failed).
    static func read(_ dir: [UInt8]) -> (DirectoryListing?, Int32) {
        guard let d = FileSystem.withCString(dir, { opendir($0) }) else { return (nil, errno) }
        defer { closedir(d) }
        var listing = DirectoryListing()
        // Counted first, so that the buffers are allocated once at their size (a growing array peaks at
        // three times its contents while it is copied).
        var count = 0, total = 0
        // readdir returns nil both at the end and on an error: errno tells them apart.
        while true {
            errno = 0
            guard let entry = readdir(d) else { break }
            count += 1
            total += Self.name(of: entry).count + 3
        }
        if errno != 0 { return (nil, errno) }
        rewinddir(d)
        listing.bytes.reserveCapacity(total)
        listing.starts.reserveCapacity(count)
        while true {
            errno = 0
            guard let entry = readdir(d) else { break }
            let start = listing.bytes.count
            let name = Self.name(of: entry)
            if name.first == UInt8(ascii: ".") { continue }
            listing.bytes.append(contentsOf: name)
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                // Some file systems do not fill d_type: ask (without following a link, as the walk does not).
                let path = FileSystem.join(dir, Array(name))
                isDirectory = !FileSystem.isSymlink(path) && FileSystem.kind(path).0 == .directory
            }
            if isDirectory { listing.bytes.append(UInt8(ascii: "/")) }
            listing.bytes.append(0)
            listing.bytes.append(entry.pointee.d_type == UInt8(DT_REG) ? 1 : 0)
            listing.starts.append(UInt32(start))
        }
        if errno != 0 { return (nil, errno) }
        listing.sort()
        return (listing, 0)
    }

    /// The name of a directory entry, read up to its NUL only. (Copying `d_name` as a value would read its
    /// declared 256 bytes, past the end of a short record: at the end of readdir's buffer that can be unmapped.)
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> UnsafeRawBufferPointer {
        let start = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return UnsafeRawBufferPointer(start: start, count: strlen(start.assumingMemoryBound(to: CChar.self)))
    }

    private mutating func sort() {
        if starts.count < 2 { return }
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            // strcmp compares as unsigned bytes: the byte order of the names.
            starts.sort { strcmp(base + Int($0), base + Int($1)) < 0 }
        }
    }

    var count: Int { starts.count }

    /// The length of entry `i`'s stored key (its name, plus "/" for a folder).
    private func keyLength(_ i: Int) -> Int {
        var end = Int(starts[i])
        while bytes[end] != 0 { end += 1 }
        return end - Int(starts[i])
    }

    /// Whether entry `i` is a real folder (not a link to one).
    func isDirectory(_ i: Int) -> Bool {
        let end = Int(starts[i]) + keyLength(i)
        return bytes[end - 1] == UInt8(ascii: "/")
    }

    /// Whether entry `i` is a regular file by its directory entry's type (false: a link, a folder, or a type
    /// the file system did not record).
    func isRegularFile(_ i: Int) -> Bool {
        bytes[Int(starts[i]) + keyLength(i) + 1] == 1
    }

    /// Entry `i`'s file name.
    func name(_ i: Int) -> [UInt8] {
        let start = Int(starts[i])
        let length = keyLength(i)
        return Array(bytes[start..<(start + length - (bytes[start + length - 1] == UInt8(ascii: "/") ? 1 : 0))])
    }
}
