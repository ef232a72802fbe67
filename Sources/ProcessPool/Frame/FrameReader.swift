import Glibc

/// Splits a byte stream into frames, reading from a descriptor into one reusable buffer.
struct FrameReader {
    private static let chunk = 64 * 1024
    private var storage: [UInt8]
    private var start = 0
    private var end = 0
    /// Largest payload accepted; checked on the header, before the buffer grows for it.
    let maxPayload: Int

    init(maxPayload: Int) {
        self.maxPayload = maxPayload
        storage = [UInt8](repeating: 0, count: Self.chunk)
    }

    /// Bytes received and not yet returned as frames.
    var bufferedCount: Int { end - start }

    /// The next complete frame in the buffer, or `nil` if more bytes are needed.
    /// - Throws: ``FrameError/tooLarge(length:limit:)`` from the header alone.
    mutating func next() throws(FrameError) -> (kind: UInt8, payload: [UInt8])? {
        guard end - start >= Frame.headerSize else { return nil }
        let (length, kind) = storage.withUnsafeBufferPointer { p in
            let b = p.baseAddress! + start
            let length = UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
            return (Int(length), b[4])
        }
        guard length <= maxPayload else { throw .tooLarge(length: length, limit: maxPayload) }
        let total = Frame.headerSize + length
        guard end - start >= total else {
            reserve(total)
            return nil
        }
        let payload = Array(storage[(start + Frame.headerSize)..<(start + total)])
        start += total
        if start == end {
            start = 0
            end = 0
            if storage.count > 4 * Self.chunk { storage = [UInt8](repeating: 0, count: Self.chunk) }
        }
        return (kind, payload)
    }

    /// One `read(2)` from `fd` into the free space: the count read, 0 at end of file, -1 with `errno` set.
    mutating func fill(from fd: CInt) -> Int {
        if end == storage.count { reserve(end - start + Self.chunk) }
        let n = storage.withUnsafeMutableBytes { p in
            Syscall.read(fd, p.baseAddress! + end, p.count - end)
        }
        if n > 0 { end += n }
        return n
    }

    /// Makes room for `total` bytes from `start`: moves the pending bytes to the front, then grows.
    private mutating func reserve(_ total: Int) {
        if storage.count - start >= total { return }
        if start > 0 {
            let pending = end - start
            storage.withUnsafeMutableBytes { p in
                _ = memmove(p.baseAddress!, p.baseAddress! + start, pending)
            }
            start = 0
            end = pending
        }
        if storage.count < total {
            storage.append(contentsOf: repeatElement(0, count: max(total, 2 * storage.count) - storage.count))
        }
    }
}
