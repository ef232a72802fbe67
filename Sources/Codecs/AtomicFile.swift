import CCodecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that no reader sees half of one: a hidden temporary file in the target's folder, then
/// `rename(2)` into place. Paths are raw bytes, so non-UTF-8 names work.
public enum AtomicFile {
    /// The prefix of temporary files; walkers skip hidden files, and an interrupted run's leftovers can be
    /// recognised by it.
    public static let temporaryPrefix: [UInt8] = Array(".augment-tmp-".utf8)

    /// The temporary path used for `path` by this process.
    public static func temporaryPath(for path: [UInt8]) -> [UInt8] {
        let slash = path.lastIndex(of: UInt8(ascii: "/"))
        let dir = slash.map { Array(path[...$0]) } ?? []
        let name = slash.map { Array(path[($0 + 1)...]) } ?? path
        return dir + temporaryPrefix + Array("\(getpid())-".utf8) + name
    }

    /// Writes `bytes` to `path` atomically, through `temporary` (by default ``temporaryPath(for:)``), which
    /// must be in the same folder. A caller that may be interrupted picks the temporary path itself, so that
    /// it can remove it.
    /// - Throws: ``CodecError`` with ``CodecError/Code/io`` and the system's reason; no file is left behind.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: [UInt8], temporary: [UInt8]? = nil)
        throws(CodecError)
    {
        let temp = temporary ?? temporaryPath(for: path)
        let display = String(decoding: path, as: UTF8.self)
        var error = ccodecs_error()
        let status = (temp + [0]).withUnsafeBufferPointer { t in
            t.withMemoryRebound(to: CChar.self) { tc in
                ccodecs_write_file(
                    tc.baseAddress!, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!,
                    bytes.count, &error)
            }
        }
        if status != CCODECS_OK {
            _ = unlinkBytes(temp)
            throw CodecError(error, path: display)
        }
        let renamed = (temp + [0]).withUnsafeBufferPointer { t in
            (path + [0]).withUnsafeBufferPointer { p in
                t.withMemoryRebound(to: CChar.self) { tc in
                    p.withMemoryRebound(to: CChar.self) { pc in rename(tc.baseAddress!, pc.baseAddress!) }
                }
            }
        }
        if renamed != 0 {
            let e = errno
            _ = unlinkBytes(temp)
            throw CodecError(code: .io, message: "cannot rename into place: \(String(cString: strerror(e)))",
                             path: display, errno: e)
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: [UInt8], temporary: [UInt8]? = nil) throws(CodecError) {
        let result: Result<Void, CodecError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CodecError) in try write(raw, to: path, temporary: temporary) }
        }
        try result.get()
    }

    /// Removes a file (a leftover temporary file); returns 0 on success.
    @discardableResult
    public static func unlinkBytes(_ path: [UInt8]) -> Int32 {
        (path + [0]).withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } }
    }
}
